"""Sets of generated positions, always sorted ascending: a range, or an array.

What filters hand each other: a date window is a `span` (two binary searches), an index
lookup is an array slice, and combining them costs the smaller side. A page in the vendors'
usual newest-first order is taken from the end, so it costs the page, not the set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Positions:
    """`values` when given, else the range [low, high)."""

    low: int = 0
    high: int = 0
    values: Array | None = None

    @classmethod
    def span(cls, low: int, high: int) -> Positions:
        return cls(low, max(low, high))

    @classmethod
    def of(cls, values: Array) -> Positions:
        return cls(values=values)

    def __len__(self) -> int:
        return self.high - self.low if self.values is None else len(self.values)

    def array(self) -> Array:
        if self.values is None:
            return np.arange(self.low, self.high, dtype=np.int64)
        return self.values

    def within(self, low: int, high: int) -> Positions:
        """Those in [low, high)."""
        if self.values is None:
            return Positions.span(max(self.low, low), min(self.high, high))
        first, last = np.searchsorted(self.values, (low, high))
        return Positions.of(self.values[first:last])

    def newest(self, offset: int, limit: int) -> Array:
        """Positions number offset.. offset+limit from the end, last position first."""
        size = len(self)
        stop, start = max(0, size - offset), max(0, size - offset - limit)
        if self.values is None:
            return np.arange(self.low + stop - 1, self.low + start - 1, -1, dtype=np.int64)
        return self.values[start:stop][::-1]

    def nth_newest(self, index: int) -> int:
        if self.values is None:
            return self.high - 1 - index
        return int(self.values[len(self.values) - 1 - index])

    def count_below(self, position: int) -> int:
        if self.values is None:
            return min(max(position - self.low, 0), len(self))
        return int(np.searchsorted(self.values, position))

    def intersect(self, other: Positions) -> Positions:
        if self.values is None:
            return other.within(self.low, self.high)
        if other.values is None:
            return self.within(other.low, other.high)
        small, large = sorted((self.values, other.values), key=len)
        return Positions.of(small[np.isin(small, large, assume_unique=True)])

    def where(self, mask_of: npt.NDArray[np.bool_]) -> Positions:
        """Those whose entry in `mask_of` (indexed by position) is true."""
        candidates = self.array()
        return Positions.of(candidates[mask_of[candidates]])

    def without(self, hidden: Array) -> Positions:
        """Minus the `hidden` positions (sorted); a range stays a range when none fall in it."""
        if self.values is None and not np.any((hidden >= self.low) & (hidden < self.high)):
            return self
        candidates = self.array()
        return Positions.of(candidates[~np.isin(candidates, hidden, assume_unique=True)])
