"""A precomputed order less some positions: the i-th remaining one, as a plain filter says."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.engine.ranked import Ranked, ranks


@given(st.permutations(list(range(30))), st.sets(st.integers(0, 29)))
def test_the_ith_remaining_position(order: list[int], excluded: set[int]) -> None:
    array = np.asarray(order, dtype=np.int64)
    ranked = Ranked(array, ranks(array), np.asarray(sorted(excluded), dtype=np.int64))
    expected = [p for p in order if p not in excluded]
    assert ranked.size == len(expected)
    assert [ranked.position(i) for i in range(ranked.size)] == expected
