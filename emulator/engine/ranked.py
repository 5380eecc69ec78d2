"""A precomputed order of all built positions, less a few: the i-th one left in O(excluded).

Sorting a million runs per request is what a precomputed order avoids. The order covers every
built position; a query excludes the few it must (not visible yet, deleted, or sorted apart,
such as runs still in progress whose sort value is NULL) and reads its page by rank. Excluded
ranks are sorted once, so the rank of the i-th remaining element is i plus the excluded ranks
at or below it.
"""

from __future__ import annotations

import bisect

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]


class Ranked:
    def __init__(self, order: Ints, rank_of: Ints, excluded: Ints) -> None:
        """`order`: positions in serving order; `rank_of[p]`: the index of p in `order`."""
        self._order = order
        self._skipped = np.sort(rank_of[excluded]).tolist() if len(excluded) else []
        self.size = len(order) - len(self._skipped)

    def position(self, index: int) -> int:
        rank = index
        # Each excluded rank at or below the candidate pushes it one further.
        while True:
            below = bisect.bisect_right(self._skipped, rank)
            if index + below == rank:
                return int(self._order[rank])
            rank = index + below


def ranks(order: Ints) -> Ints:
    """The inverse permutation: rank_of[order[i]] == i."""
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.arange(len(order), dtype=np.int64)
    return inverse
