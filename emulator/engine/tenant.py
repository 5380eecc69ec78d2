"""One tenant's runs: its generated timeline and the overlay of what is not generated.

The overlay holds runs from fixture files, runs injected by tests and runs clients started,
kept in timeline order (start, then the vendor's tie-break), and the generated positions that
were deleted (or replaced by a changed version, which then lives in the overlay). "Now" decides
what exists: a generated position or an overlay run starting after it is nowhere to be seen.
"""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from emulator.engine.page import Ordered, merge_page, newest_generated, newest_placed
from emulator.engine.positions import Positions
from emulator.engine.timeline import Generator, Timeline

Origin = Literal["generated", "fixture", "injected", "started"]
Place = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Placed:
    """An overlay run: where it sits on the timeline, its identity and where it came from."""

    place: Place
    ident: Hashable
    run: Any
    origin: Origin


@dataclass(slots=True)
class TenantRuns:
    timeline: Timeline
    generator: Generator
    placed: list[Placed] = field(default_factory=list)
    by_ident: dict[Hashable, Placed] = field(default_factory=dict)
    # Sorted positions of deleted (or replaced) generated runs, and every position below
    # `cleared_below` (a tenant whose runs were all deleted at some instant).
    hidden: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cleared_below: int = 0

    def copy(self) -> TenantRuns:
        """The same generated runs (shared), an overlay of its own."""
        return TenantRuns(self.timeline, self.generator, list(self.placed), dict(self.by_ident),
                          self.hidden.copy(), self.cleared_below)  # fmt: skip

    # -- what exists at now -------------------------------------------------------------------
    def generated(self, now_us: int) -> Positions:
        """Visible generated positions: started by now, neither deleted nor replaced."""
        visible = self.timeline.visible(now_us)
        return Positions.span(self.cleared_below, visible).without(self.hidden)

    def added(self, now_us: int) -> list[Placed]:
        """Overlay runs started by now, oldest first."""
        # By start alone: a tie-break may be any size (B3OS's are 68-bit id numbers, Dynamiq's
        # 128-bit uuid values).
        stop = bisect.bisect_right(self.placed, now_us, key=lambda p: p.place[0])
        return self.placed[:stop]

    def count(self, now_us: int) -> int:
        # From the rhythm alone: counting (the health report) builds no column.
        visible = self.timeline.count_until(now_us)
        hidden = self.hidden
        gone = int(np.count_nonzero((hidden >= self.cleared_below) & (hidden < visible)))
        return max(0, visible - self.cleared_below) - gone + len(self.added(now_us))

    def run_at(self, position: int) -> Any:
        return self.timeline.made(position, self._make)

    def _make(self, position: int) -> Any:
        return self.generator.make(position, self.timeline.row(position))

    def place_of(self, position: int) -> Place:
        return (self.timeline.start_of(position), self.generator.tiebreak(position))

    def newest(self, now_us: int, offset: int, limit: int) -> list[Any]:
        """Runs number offset .. offset + limit, newest first, generated and overlay merged."""
        return [self.resolve(e) for e in merge_page(*self.newest_sides(now_us), offset, limit)]

    def newest_sides(
        self,
        now_us: int,
        generated: Positions | None = None,
        placed: Sequence[Placed] | None = None,
    ) -> tuple[Ordered, Ordered]:
        """Both sides newest first: generated positions (a selection of them, if given) and
        overlay entries (likewise), for `merge_page`."""
        chosen = self.generated(now_us) if generated is None else generated
        entries = self.added(now_us) if placed is None else placed
        return (
            newest_generated(chosen, self.place_of),
            newest_placed([p.place for p in entries], list(entries)),
        )

    def resolve(self, entry: Any) -> Any:
        """A merged page entry as a run (a position is made; an overlay entry is its run)."""
        return entry.run if isinstance(entry, Placed) else self.run_at(int(entry))

    # -- finding and changing -----------------------------------------------------------------
    def find(self, ident: Hashable, now_us: int) -> Any | None:
        entry = self.by_ident.get(ident)
        if entry is not None:
            return entry.run if entry.place[0] <= now_us else None
        position = self.position_of(ident, now_us)
        return None if position is None else self.run_at(position)

    def position_of(self, ident: Hashable, now_us: int) -> int | None:
        """The visible, undeleted generated position of `ident`, if it is one."""
        position = self.generator.position_of(ident)
        if position is None or position < self.cleared_below:
            return None
        if position >= self.timeline.visible(now_us) or self.is_hidden(position):
            return None
        return position

    def origin(self, ident: Hashable, now_us: int) -> Origin | None:
        entry = self.by_ident.get(ident)
        if entry is not None:
            return entry.origin if entry.place[0] <= now_us else None
        return "generated" if self.position_of(ident, now_us) is not None else None

    def add(self, entry: Placed) -> None:
        bisect.insort(self.placed, entry, key=lambda p: p.place)
        self.by_ident[entry.ident] = entry

    def hide(self, position: int) -> None:
        if not self.is_hidden(position):
            self.hidden = np.insert(self.hidden, np.searchsorted(self.hidden, position), position)

    def is_hidden(self, position: int) -> bool:
        index = int(np.searchsorted(self.hidden, position))
        return index < len(self.hidden) and int(self.hidden[index]) == position

    def drop(self, ident: Hashable) -> bool:
        entry = self.by_ident.pop(ident, None)
        if entry is None:
            return False
        index = bisect.bisect_left(self.placed, entry.place, key=lambda p: p.place)
        while self.placed[index] is not entry:
            index += 1
        del self.placed[index]
        return True

    def clear(self, now_us: int) -> int:
        """Delete every run that exists at now; later arrivals are new runs."""
        removed = self.count(now_us)
        self.cleared_below = max(self.cleared_below, self.timeline.visible(now_us))
        for entry in self.added(now_us):
            self.drop(entry.ident)
        return removed

    def of_origin(self, origin: Origin, now_us: int) -> Iterator[Any]:
        """Overlay runs of one origin, in the order they were added."""
        for entry in list(self.by_ident.values()):
            if entry.origin == origin and entry.place[0] <= now_us:
                yield entry.run
