"""Position sets: spans and arrays behave alike, and pages come from the end."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.engine.positions import Positions

SETS = st.lists(st.integers(0, 60), unique=True).map(sorted)


def both(values: list[int]) -> list[Positions]:
    forms = [Positions.of(np.asarray(values, dtype=np.int64))]
    if values and values == list(range(values[0], values[-1] + 1)):
        forms.append(Positions.span(values[0], values[-1] + 1))
    return forms


@given(SETS, SETS, st.integers(0, 70), st.integers(0, 70), st.integers(0, 10), st.integers(0, 10))
def test_every_operation_matches_the_plain_list(
    a: list[int], b: list[int], low: int, high: int, offset: int, limit: int
) -> None:
    for first in both(a):
        assert len(first) == len(a) and first.array().tolist() == a
        assert first.within(low, high).array().tolist() == [x for x in a if low <= x < high]
        assert first.newest(offset, limit).tolist() == list(reversed(a))[offset : offset + limit]
        assert first.count_below(low) == len([x for x in a if x < low])
        hidden = np.asarray(b, dtype=np.int64)
        assert first.without(hidden).array().tolist() == [x for x in a if x not in b]
        for second in both(b):
            assert first.intersect(second).array().tolist() == [x for x in a if x in b]
        if a:
            assert [first.nth_newest(i) for i in range(len(a))] == list(reversed(a))


def test_a_span_with_nothing_hidden_in_it_stays_a_span() -> None:
    span = Positions.span(10, 20)
    assert span.without(np.array([3, 25], dtype=np.int64)) is span
