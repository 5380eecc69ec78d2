"""Two ordered sequences, one page: generated positions and overlay runs in one list order.

Both sides are already in the order to serve (newest first, by duration...), each able to say
the sort key of its i-th element without materialising the others. The page at `offset` is
found by a binary search on how many of its elements come from each side (the k-th element of
two sorted sequences), then a merge of `limit` elements: O(log n + limit), whatever the offset.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from emulator.engine.positions import Positions


@dataclass(frozen=True, slots=True)
class Ordered:
    """A sequence in serving order: its length, the key of element i (ascending keys are
    served first) and element i itself."""

    size: int
    key: Callable[[int], Any]
    item: Callable[[int], Any]
    # Whether keys are as cheap read out of order as in order. Dynamiq's unions of ranks are
    # not (they read a window ahead): a page over them reads keys one after the other.
    jumps: bool = True


def newest_generated(positions: Positions, key_of: Callable[[int], Any]) -> Ordered:
    """Generated positions, last one first; `key_of(position)` is its ascending timeline key,
    negated here so that newest comes first."""
    return Ordered(
        len(positions),
        lambda i: _negated(key_of(positions.nth_newest(i))),
        positions.nth_newest,
    )


def newest_placed(keys: Sequence[Any], items: Sequence[Any]) -> Ordered:
    """Overlay entries given oldest first (ascending `keys`), served newest first."""
    last = len(keys) - 1
    return Ordered(len(keys), lambda j: _negated(keys[last - j]), lambda j: items[last - j])


def listed(keys: Sequence[Any], items: Sequence[Any]) -> Ordered:
    """Entries already in serving order, with their keys."""
    return Ordered(len(keys), keys.__getitem__, items.__getitem__)


def _negated(key: Any) -> Any:
    return tuple(-part for part in key) if isinstance(key, tuple) else -key


def merge_page(a: Ordered, b: Ordered, offset: int, limit: int) -> list[Any]:
    """Elements offset .. offset + limit of the merge of `a` and `b` (ties: `a` first)."""
    total = a.size + b.size
    offset = min(max(offset, 0), total)
    taken = _from_b(a, b, offset)
    i, j = offset - taken, taken
    if j >= b.size:  # nothing of `b` left: a slice of `a`, no key read
        return [a.item(index) for index in range(i, min(a.size, i + limit))]
    return (_by_runs if a.jumps else _in_order)(a, b, i, j, limit)


def _by_runs(a: Ordered, b: Ordered, i: int, j: int, limit: int) -> list[Any]:
    """The runs of `a` between two elements of `b` found by binary search: a few keys read
    per element of `b` on the page (the overlay's few runs), not one per element."""
    page: list[Any] = []
    while len(page) < limit and (i < a.size or j < b.size):
        stop = min(a.size, i + limit - len(page))
        # The first index of `a` whose key comes after b's next one (the stdlib's bisect).
        before = stop if j >= b.size else bisect_right(range(a.size), b.key(j), i, stop, key=a.key)
        page += [a.item(index) for index in range(i, before)]
        i = before
        if len(page) < limit and j < b.size and (i >= a.size or b.key(j) < a.key(i)):
            page.append(b.item(j))
            j += 1
    return page


def _in_order(a: Ordered, b: Ordered, i: int, j: int, limit: int) -> list[Any]:
    """A merge reading each side's keys one after the other."""
    page: list[Any] = []
    key_a = a.key(i) if i < a.size else None
    key_b = b.key(j) if j < b.size else None
    while len(page) < limit and (key_a is not None or key_b is not None):
        if key_b is None or (key_a is not None and not key_b < key_a):
            page.append(a.item(i))
            i += 1
            key_a = a.key(i) if i < a.size else None
        else:
            page.append(b.item(j))
            j += 1
            key_b = b.key(j) if j < b.size else None
    return page


def _from_b(a: Ordered, b: Ordered, k: int) -> int:
    """How many of the first k merged elements come from `b`."""
    low, high = max(0, k - a.size), min(k, b.size)
    while low < high:
        j = (low + high) // 2
        # Too few from b when b's next element comes before the last one taken from a.
        if b.key(j) < a.key(k - j - 1):
            low = j + 1
        else:
            high = j
    return low
