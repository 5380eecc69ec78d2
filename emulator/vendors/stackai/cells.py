"""Generated positions grouped by a small-integer key (a flow, a flow and state, a flow and
user...), counted, summed and paged within a window of positions without a scan.

All groups live in one sorted array of `key * SHIFT + position`: a group is a slice, its
positions ascending, so the positions of many keys inside a window are found by one vectorised
binary search, and running sums in the same order give any group's total over a window. A
union of groups (several states of one flow, say), less a few excluded positions, is paged
newest first by searching the position below which exactly the wanted number of matches lie.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
# Positions stay below it (ids decode only below 2**40 too): keys fill the bits above.
SHIFT = 1 << 40
_BLOCK = 64


class Cells:
    def __init__(self, keys: npt.NDArray[np.integer]) -> None:
        positions = np.arange(len(keys), dtype=np.int64)
        self.sorted: Ints = np.sort(keys.astype(np.int64) * SHIFT + positions)

    def bounds(self, keys: Ints, low: int, high: int) -> tuple[Ints, Ints]:
        """Where each key's positions in [low, high) start and stop in `sorted`."""
        base = keys.astype(np.int64) * SHIFT
        found = np.searchsorted(self.sorted, np.concatenate((base + low, base + max(low, high))))
        return found[: len(keys)], found[len(keys) :]

    def counts(self, keys: Ints, low: int, high: int) -> Ints:
        starts, stops = self.bounds(keys, low, high)
        return stops - starts

    def order(self) -> Ints:
        """The positions in `sorted`'s order (to align running sums of a column with it)."""
        return self.sorted & (SHIFT - 1)

    def sums(self, prefix: Ints, keys: Ints, low: int, high: int) -> Ints:
        """Per key, the sum over [low, high) of the column whose running sums in `order()`
        (with a leading 0) are `prefix`."""
        starts, stops = self.bounds(keys, low, high)
        sums: Ints = prefix[stops] - prefix[starts]
        return sums


class Matches:
    """The positions of some keys' groups within [low, high), less `excluded` (sorted, each
    one inside those groups and the window), newest first."""

    def __init__(self, cells: Cells, keys: Ints, low: int, high: int, excluded: Ints) -> None:
        self._sorted, self._low, self._high = cells.sorted, low, max(low, high)
        self._base = keys.astype(np.int64) * SHIFT
        self._starts, self._stops = cells.bounds(keys, low, self._high)
        self._excluded = excluded
        self.size = int((self._stops - self._starts).sum()) - len(excluded)
        self._blocks: dict[int, Ints] = {}

    def nth_newest(self, index: int) -> int:
        block = self._blocks.get(index // _BLOCK)
        if block is None:
            block = self._block(index // _BLOCK * _BLOCK)
            self._blocks[index // _BLOCK] = block
        return int(block[index % _BLOCK])

    def _block(self, first: int) -> Ints:
        """Matches first .. first + _BLOCK (newest first), gathered between their positions."""
        last = min(first + _BLOCK, self.size) - 1
        top, bottom = self._position(first), self._position(last)
        starts = np.searchsorted(self._sorted, self._base + bottom)
        stops = np.searchsorted(self._sorted, self._base + top + 1)
        found = np.sort(np.concatenate(self._slices(starts, stops)))
        found = found[~np.isin(found, self._excluded)]
        block: Ints = found[::-1]
        return block

    def _position(self, index: int) -> int:
        """The index-th newest match: the highest x with at least index + 1 matches >= x."""
        low, high = self._low, self._high - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self._at_or_above(middle) >= index + 1:
                low = middle
            else:
                high = middle - 1
        return low

    def _at_or_above(self, position: int) -> int:
        inside = np.searchsorted(self._sorted, self._base + position)
        excluded = len(self._excluded) - int(np.searchsorted(self._excluded, position))
        return int((self._stops - inside).sum()) - excluded

    def _slices(self, starts: Ints, stops: Ints) -> list[Ints]:
        empty = [np.zeros(0, dtype=np.int64)]
        return empty + [self._sorted[a:b] - base
                        for a, b, base in zip(starts, stops, self._base, strict=True)]  # fmt: skip
