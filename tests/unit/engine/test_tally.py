"""Tallied selections equal the plain filter over the same keys, whatever the blocks."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.engine.positions import Array
from emulator.engine.tally import Matches, Tally, contains, without

VALUES = 5
KEYS = st.lists(st.integers(-1, VALUES - 2), max_size=80)
POSITIONS = st.lists(st.integers(0, 90), unique=True).map(sorted)


def ints(values: list[int]) -> Array:
    return np.asarray(values, dtype=np.int64)


@given(KEYS, st.lists(st.booleans(), min_size=VALUES, max_size=VALUES), st.integers(0, 90),
       st.integers(0, 90), POSITIONS, POSITIONS, st.sampled_from([1, 2, 4]))  # fmt: skip
def test_a_selection_is_the_plain_filter(
    keys: list[int], wanted: list[bool], low: int, high: int, extra: list[int],
    dropped: list[int], smallest_block: int,
) -> None:  # fmt: skip
    tally = Tally(np.asarray(keys, dtype=np.int8), VALUES, smallest_block=smallest_block)
    high = min(high, len(keys))
    # Extra positions match besides the wanted keys: only ones whose key is not wanted.
    extra = [p for p in extra if p < len(keys) and not wanted[keys[p]]]
    chosen = np.asarray(wanted)
    matches = Matches(tally, chosen, low, high, ints(extra), ints(dropped))
    expected = [p for p in range(low, high)
                if (wanted[keys[p]] or p in extra) and p not in dropped]  # fmt: skip
    assert len(matches) == len(expected)
    assert matches.array().tolist() == expected
    assert [matches.nth_newest(i) for i in range(len(expected))] == expected[::-1]
    assert tally.holds(chosen, ints(list(range(len(keys))))).tolist() == [wanted[k] for k in keys]


def test_blocks_grow_with_the_values_so_the_counts_stay_small() -> None:
    tally = Tally(np.zeros(100, dtype=np.int32), 20_001)
    assert tally.block == 65_536 and tally.below.shape == (1, 20_002)


@given(POSITIONS, POSITIONS)
def test_membership_and_removal_are_the_set_operations(
    members: list[int], values: list[int]
) -> None:
    assert contains(ints(members), ints(values)).tolist() == [v in members for v in values]
    assert without(ints(values), ints(members)).tolist() == [v for v in values if v not in members]
