"""Per-block counts of a small-integer column, for value-set filters that hold for many runs.

"Channel is web" or "disposition in {XFER, DNC}" can hold for a tenth of a tenant's runs or
more: gathering and sorting those positions on every request costs more than the page shown. A
`Tally` keeps, for each block of consecutive positions, how many hold each value, once per
built size. `Matches` is one selection read through it: its size is a sum over the blocks
(blocks x wanted values, both small, plus two partial blocks read from the column), and its
i-th newest member is found by reading the one block that holds it. Besides the wanted values,
a selection takes a few positions that match anyway (`extra`: where a value matches only in
part, as a duration bucket at a range's edge) and a few that must be left out (`dropped`:
deleted, or in progress), both sorted.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from emulator.engine.positions import Array

Column = npt.NDArray[np.integer]
Wanted = npt.NDArray[np.bool_]
_MIN_BLOCK = 4096


def without(values: Array, dropped: Array) -> Array:
    """Sorted `values` less the sorted `dropped` (few): a binary search for each dropped one."""
    if not len(dropped) or not len(values):
        return values
    at = np.searchsorted(values, dropped)
    hit = at < len(values)
    hit[hit] = values[at[hit]] == dropped[hit]
    kept: Array = np.delete(values, at[hit])
    return kept


def contains(members: Array, values: Array) -> npt.NDArray[np.bool_]:
    """Which of the sorted `values` are in the sorted `members`, searching the fewer in the
    more (np.isin compares every value with every member when the members are few)."""
    found = np.zeros(len(values), dtype=bool)
    if not len(members) or not len(values):
        return found
    if len(members) < len(values):
        at = np.searchsorted(values, members)
        hit = at < len(values)
        hit[hit] = values[at[hit]] == members[hit]
        found[at[hit]] = True
        return found
    at = np.searchsorted(members, values)
    found[:] = members[np.minimum(at, len(members) - 1)] == values
    return found


class Tally:
    """How many positions of each block hold a value below each v (0..values), so that a run
    of wanted values costs one difference per block. A key of -1 counts as `values - 1`, as
    numpy's indexing of the wanted values reads it (a column's "none")."""

    def __init__(self, keys: Column, values: int, smallest_block: int = _MIN_BLOCK) -> None:
        self.keys = keys
        self.values = values
        # Blocks at least twice as long as the values are many: the counts take at most half
        # an entry per position, and one block is cheap to read whole.
        self.block = max(smallest_block, 1 << (2 * values - 1).bit_length())
        blocks = max(1, -(-len(keys) // self.block))
        slots = (np.arange(len(keys)) // self.block) * values + keys.astype(np.int64) % values
        counts = np.bincount(slots, minlength=blocks * values).reshape(blocks, values)
        below = np.zeros((blocks, values + 1), dtype=np.int32)
        np.cumsum(counts, axis=1, out=below[:, 1:])
        self.below = below

    def holds(self, wanted: Wanted, positions: Array) -> npt.NDArray[np.bool_]:
        return _held(wanted, self.keys[positions])


class Matches:
    """Positions in [low, high) whose key is wanted, or in `extra`, and not in `dropped`:
    sorted, read newest first (a `Positions` look-alike for pages)."""

    def __init__(self, tally: Tally, wanted: Wanted, low: int, high: int,
                 extra: Array, dropped: Array) -> None:  # fmt: skip
        self._tally, self._wanted = tally, wanted
        self.low, self.high = low, max(low, high)
        self._extra = _inside(extra, self.low, self.high)
        dropped = _inside(dropped, self.low, self.high)
        self._dropped = dropped[self._holds(dropped)]
        self._first = self.low // tally.block
        self._per_block = self._counts()
        self._from_end = np.cumsum(self._per_block[::-1])
        self._blocks: dict[int, Array] = {}

    def _holds(self, positions: Array) -> npt.NDArray[np.bool_]:
        return self._tally.holds(self._wanted, positions) | contains(self._extra, positions)

    def _counts(self) -> Array:
        """Matches per block from its first to its last, exact."""
        tally, size = self._tally, self.high - self.low
        if not size:
            return np.zeros(0, dtype=np.int64)
        last = (self.high - 1) // tally.block
        below = tally.below[self._first : last + 1]
        lows, highs = _runs(self._wanted)
        counts: Array = (below[:, highs] - below[:, lows]).sum(axis=1, dtype=np.int64)
        # The blocks at either end are counted whole above: take off what lies outside.
        counts[0] -= self._wanted_in(self._first * tally.block, self.low)
        counts[-1] -= self._wanted_in(self.high, min((last + 1) * tally.block, len(tally.keys)))
        counts += self._per(self._extra, len(counts)) - self._per(self._dropped, len(counts))
        return counts

    def _wanted_in(self, low: int, high: int) -> int:
        return int(np.count_nonzero(_held(self._wanted, self._tally.keys[low:high])))

    def _per(self, positions: Array, blocks: int) -> Array:
        counts: Array = np.bincount(positions // self._tally.block - self._first, minlength=blocks)
        return counts

    def __len__(self) -> int:
        return int(self._from_end[-1]) if len(self._from_end) else 0

    def nth_newest(self, index: int) -> int:
        back = int(np.searchsorted(self._from_end, index, side="right"))
        before = int(self._from_end[back - 1]) if back else 0
        members = self._block(len(self._per_block) - 1 - back)
        return int(members[len(members) - 1 - (index - before)])

    def _block(self, block: int) -> Array:
        found = self._blocks.get(block)
        if found is None:
            start = self._first + block
            low = max(self.low, start * self._tally.block)
            high = min(self.high, (start + 1) * self._tally.block)
            found = self._between(low, high)
            self._blocks[block] = found
        return found

    def _between(self, low: int, high: int) -> Array:
        held = np.flatnonzero(_held(self._wanted, self._tally.keys[low:high])) + low
        extra = _inside(self._extra, low, high)
        merged = np.insert(held, np.searchsorted(held, extra), extra) if len(extra) else held
        return without(merged, _inside(self._dropped, low, high))

    def array(self) -> Array:
        """Every match, ascending (reads the whole span: for combining with other filters)."""
        return self._between(self.low, self.high)


def _inside(positions: Array, low: int, high: int) -> Array:
    first, last = np.searchsorted(positions, (low, high))
    return positions[first:last]


def _runs(wanted: Wanted) -> tuple[Array, Array]:
    """The runs of consecutive wanted values, as [low, high) bounds."""
    edges = np.diff(np.concatenate(([0], wanted.astype(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _held(wanted: Wanted, keys: Column) -> npt.NDArray[np.bool_]:
    """Which keys are wanted: a few runs of values compare (vectorised over the small-integer
    keys), many are looked up (the -1 of "none" reads the last value)."""
    lows, highs = _runs(wanted)
    if len(lows) > 2:
        held: npt.NDArray[np.bool_] = wanted[keys]
        return held
    found = np.zeros(len(keys), dtype=bool)
    for low, high in zip(lows.tolist(), highs.tolist(), strict=True):
        found |= (keys >= low) & (keys < high) if high < len(wanted) else keys >= low
    if wanted[-1]:
        found |= keys < 0
    return found
