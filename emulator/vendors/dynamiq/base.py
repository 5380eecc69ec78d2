"""Precomputed orders of a tenant's generated runs, grouped by app and final status.

Sorting a million runs per request is what this avoids. For one sort, the runs of positions
[low, high) are ordered once by their final values (`order`, with each position's `rank`), and
the ranks are grouped by app and by (app, final status): an app's page is then a run of one
group, a status filter a union of a few. A request excludes the few runs whose values are not
final at its instant (in progress, so served apart) or that were deleted; runs newer than
`high` are served apart too, until the tail grows long enough to build again.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from emulator.allocator import trim
from emulator.engine.timeline import Timeline
from emulator.vendors.dynamiq.order import Spec, columns, sorting
from emulator.vendors.dynamiq.state import LAST, seen

Ints = npt.NDArray[np.int64]
Ranks = npt.NDArray[np.int32]
# Runs past `high` served apart before the order is built again, and sorts kept per tenant.
TAIL = 4096
# Ranks a lone look-up reads on either side of the one asked for.
_AROUND = 16
_KEPT = 8


@dataclass(frozen=True, slots=True)
class Groups:
    """Ranks grouped by a label, ascending within each label."""

    ranks: Ranks
    bounds: dict[int, tuple[int, int]]

    @classmethod
    def of(cls, labels: npt.NDArray[np.int64]) -> Groups:
        grouped = np.argsort(labels, kind="stable")
        ordered = labels[grouped]
        present = np.unique(ordered)
        lows, highs = np.searchsorted(ordered, present), np.searchsorted(ordered, present, "right")
        bounds = {int(v): (int(a), int(b)) for v, a, b in zip(present, lows, highs, strict=True)}
        return cls(grouped.astype(np.int32), bounds)

    def of_label(self, label: int) -> Ranks:
        low, high = self.bounds.get(label, (0, 0))
        return self.ranks[low:high]


@dataclass(frozen=True, slots=True)
class Base:
    low: int
    high: int
    order: Ranks  # position - low, in serving order
    rank: Ranks  # by position - low
    by_app: Groups
    by_outcome: Groups  # label: app * 8 + final status code

    def ranks_of(self, app: int, statuses: frozenset[int] | None) -> list[Ranks]:
        """The sorted ranks of an app's runs (of these final statuses, if given)."""
        if statuses is None:
            return [self.by_app.of_label(app)]
        return [self.by_outcome.of_label(app * 8 + s) for s in sorted(statuses)]

    def position(self, rank: int) -> int:
        return self.low + int(self.order[rank])


def build(timeline: Timeline, spec: Spec, id_key: int, low: int, high: int) -> Base:
    positions = np.arange(low, high, dtype=np.int64)
    final = seen(timeline, positions, LAST)
    # Every run here is finished in this view, so NULL flags are constant: sort on the rest.
    parts = columns(final, spec, id_key)
    order = sorting(parts[1:-2:2] + parts[-2:])
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    apps = timeline.column("app")[positions][order].astype(np.int64)
    outcomes = apps * 8 + timeline.column("status")[positions][order]
    return Base(low, high, order.astype(np.int32), rank, Groups.of(apps), Groups.of(outcomes))


class Bases:
    """A tenant's built orders, one per sort, rebuilt when the clock has moved far enough."""

    def __init__(self, id_key: int, tail: int = TAIL) -> None:
        self._id_key, self.tail = id_key, tail
        self._built: OrderedDict[Spec, Base] = OrderedDict()

    def get(self, timeline: Timeline, spec: Spec, low: int, visible: int) -> Base:
        base = self._built.get(spec)
        if base is None or base.low != low or not 0 <= visible - base.high <= self.tail:
            base = build(timeline, spec, self._id_key, low, max(low, visible))
            trim()  # the sort's temporaries, freed: back to the system (emulator/allocator.py)
            self._built[spec] = base
            if len(self._built) > _KEPT:
                self._built.popitem(last=False)
        self._built.move_to_end(spec)
        return base


class Union:
    """The sorted union of a few rank arrays, less some excluded ranks: read by index, a
    window of consecutive ranks at a time (a page reads its ranks in a row)."""

    def __init__(self, parts: list[Ranks], excluded: list[int]) -> None:
        self._parts = [p for p in parts if len(p)]
        self._excluded = excluded
        self.size = sum(len(p) for p in self._parts) - len(excluded)
        # One part (an app, or one status): where the excluded ranks sit in it.
        skipped = _ranks(excluded)
        self._skipped = np.searchsorted(self._parts[0], skipped).tolist() if self._parts else []
        self.first, self.ranks = 0, np.zeros(0, dtype=np.int64)

    def rank(self, index: int) -> int:
        if not 0 <= index - self.first < len(self.ranks):
            self.window(index)
        return int(self.ranks[index - self.first])

    def window(self, index: int) -> None:
        """Make `ranks` hold the union's ranks around number `index` (`first` <= index): many
        from it on if the page reads on from the last window; for a lone look-up, a few on
        either side (a page's binary search reads its neighbours next)."""
        if index == self.first + len(self.ranks):
            self._fill(index, 128)
            return
        self._fill(max(0, index - _AROUND), 2 * _AROUND)
        if not 0 <= index - self.first < len(self.ranks):  # excluded ranks thinned it
            self._fill(index, _AROUND)

    def _fill(self, index: int, count: int) -> None:
        """`ranks`: up to `count` of the union's ranks from number `index` on."""
        start = self._in_one(index) if len(self._parts) == 1 else self._search(index)
        first = _rank(start)
        taken = [p[(at := int(np.searchsorted(p, first))) : at + count] for p in self._parts]
        ranks = np.sort(np.concatenate(taken)).astype(np.int64)
        # Beyond the smallest last rank taken from a part that has more, a part may lack some.
        cut = [int(t[-1]) for t, p in zip(taken, self._parts, strict=True)
               if len(t) == count and int(np.searchsorted(p, t[-1], "right")) < len(p)]  # fmt: skip
        if cut:
            ranks = ranks[ranks <= min(cut)]
        if self._excluded:
            ranks = ranks[~np.isin(ranks, self._excluded)]
        self.first, self.ranks = index, ranks

    def _in_one(self, index: int) -> int:
        at = index
        # Each excluded entry at or below the candidate pushes it one further.
        while True:
            below = bisect.bisect_right(self._skipped, at)
            if index + below == at:
                return int(self._parts[0][at])
            at = index + below

    def _search(self, index: int) -> int:
        """The rank r holding `index`: the least r with more than `index` members below r+1."""
        low, high = 0, max(int(p[-1]) for p in self._parts)
        while low < high:
            middle = (low + high) // 2
            if self._below(middle + 1) > index:
                high = middle
            else:
                low = middle + 1
        return low

    def _below(self, rank: int) -> int:
        members = sum(int(np.searchsorted(p, _rank(rank))) for p in self._parts)
        return members - bisect.bisect_left(self._excluded, rank)


# Ranks are searched for as int32, the parts' own type: a wider needle makes numpy cast the
# whole part (a copy the size of the app's runs) on every search.
def _rank(rank: int) -> np.int32:
    return np.int32(rank)


def _ranks(ranks: list[int]) -> Ranks:
    return np.asarray(ranks, dtype=np.int32)
