"""One page of two ordered sequences: the same as merging them whole and slicing."""

from __future__ import annotations

import itertools
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from emulator.engine.page import listed, merge_page, newest_placed

KEYS = st.lists(st.integers(0, 30), max_size=25).map(sorted)


@given(KEYS, KEYS, st.integers(0, 60), st.integers(0, 12), st.booleans())
def test_a_page_is_a_slice_of_the_whole_merge(
    a: list[int], b: list[int], offset: int, limit: int, jumps: bool
) -> None:
    left = replace(listed(a, [("a", x) for x in a]), jumps=jumps)
    right = listed(b, [("b", x) for x in b])
    whole = merge_page(left, right, 0, len(a) + len(b))
    assert [x for _, x in whole] == sorted(a + b)
    # Ties: the first sequence's element comes first.
    for first, second in itertools.pairwise(whole):
        assert first[1] < second[1] or first[0] == "a" or second[0] == "b"
    assert merge_page(left, right, offset, limit) == whole[offset : offset + limit]


@given(KEYS)
def test_placed_entries_are_served_newest_first(keys: list[int]) -> None:
    newest = newest_placed(keys, keys)
    assert [newest.item(j) for j in range(newest.size)] == list(reversed(keys))
