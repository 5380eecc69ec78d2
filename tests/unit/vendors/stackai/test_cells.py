"""Groups of positions: counts, sums and newest-first pages equal the plain answers."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.vendors.stackai.cells import Cells, Matches

KEYS = st.lists(st.integers(0, 5), max_size=400)


@given(keys=KEYS, wanted=st.sets(st.integers(0, 6)), bounds=st.tuples(st.integers(0, 400),
       st.integers(0, 400)), dropped=st.integers(0, 2**32))  # fmt: skip
def test_a_union_of_groups_pages_newest_first(
    keys: list[int], wanted: set[int], bounds: tuple[int, int], dropped: int
) -> None:
    low, high = bounds
    inside = [p for p, k in enumerate(keys) if k in wanted and low <= p < high]
    excluded = [p for n, p in enumerate(inside) if (dropped >> (n % 32)) & 1]
    matches = Matches(Cells(np.array(keys, dtype=np.int64)), np.array(sorted(wanted),
                      dtype=np.int64), low, high, np.array(excluded, dtype=np.int64))  # fmt: skip
    expected = [p for p in inside if p not in excluded]
    assert matches.size == len(expected)
    assert [matches.nth_newest(i) for i in range(matches.size)] == expected[::-1]


@given(keys=KEYS, low=st.integers(0, 400), high=st.integers(0, 400))
def test_counts_and_sums_per_key_within_a_window(keys: list[int], low: int, high: int) -> None:
    cells = Cells(np.array(keys, dtype=np.int64))
    values = np.arange(len(keys), dtype=np.int64) * 3 + 1
    prefix = np.concatenate(([0], np.cumsum(values[cells.order()])))
    asked = np.arange(7, dtype=np.int64)
    counts, sums = cells.counts(asked, low, high), cells.sums(prefix, asked, low, high)
    for key in range(7):
        chosen = [p for p, k in enumerate(keys) if k == key and low <= p < high]
        assert counts[key] == len(chosen) and sums[key] == sum(int(values[p]) for p in chosen)
