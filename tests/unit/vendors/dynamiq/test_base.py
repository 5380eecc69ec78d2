"""Precomputed orders: a union of rank groups less exclusions is read by index exactly as the
sorted set would be, stepping or jumping; the order is rebuilt only when the clock moved far."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.vendors.dynamiq.base import Groups, Ranks, Union


def _drawn(
    labels: list[int], chosen: set[int], data: st.DataObject
) -> tuple[list[Ranks], list[int], list[int]]:
    """The chosen labels' rank groups, their members sorted, and a drawn subset to exclude."""
    groups = Groups.of(np.asarray(labels, dtype=np.int64))
    parts = [groups.of_label(label) for label in sorted(chosen)]
    members = sorted(int(r) for part in parts for r in part)
    excluded = sorted(data.draw(st.sets(st.sampled_from(members))) if members else set())
    return parts, members, excluded


@given(
    labels=st.lists(st.integers(0, 4), min_size=1, max_size=300),
    chosen=st.sets(st.integers(0, 4), min_size=1),
    data=st.data(),
)
def test_the_union_reads_as_the_sorted_members_less_the_excluded(
    labels: list[int], chosen: set[int], data: st.DataObject
) -> None:
    parts, members, excluded = _drawn(labels, chosen, data)
    union = Union(parts, excluded)
    expected = [r for r in members if r not in set(excluded)]
    assert union.size == len(expected)
    assert [union.rank(i) for i in range(union.size)] == expected  # stepping
    jumps = data.draw(st.lists(st.integers(0, max(0, union.size - 1)), max_size=20))
    for index in jumps if expected else []:
        assert union.rank(index) == expected[index]


@given(
    labels=st.lists(st.integers(0, 3), min_size=1, max_size=400),
    chosen=st.sets(st.integers(0, 3), min_size=1),
    data=st.data(),
)
def test_a_page_read_after_a_search_near_it_reads_the_sorted_members(
    labels: list[int], chosen: set[int], data: st.DataObject
) -> None:
    """A page's reads: look-ups scattered around its offset (the merge's binary search), then
    its members one after the other; each answers as the sorted set would."""
    parts, members, excluded = _drawn(labels, chosen, data)
    expected = [r for r in members if r not in set(excluded)]
    if not expected:
        return
    union = Union(parts, excluded)
    offset = data.draw(st.integers(0, len(expected) - 1))
    near = st.integers(max(0, offset - 40), min(len(expected) - 1, offset + 40))
    for index in data.draw(st.lists(near, max_size=8)):
        assert union.rank(index) == expected[index]
    page = range(offset, min(len(expected), offset + 60))
    assert [union.rank(i) for i in page] == expected[offset : offset + 60]


def test_groups_hold_each_labels_ranks_in_order() -> None:
    groups = Groups.of(np.array([2, 0, 2, 1, 0, 2], dtype=np.int64))
    assert groups.of_label(2).tolist() == [0, 2, 5]
    assert groups.of_label(0).tolist() == [1, 4]
    assert groups.of_label(9).tolist() == []
