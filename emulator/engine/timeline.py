"""One tenant's generated runs as compact columns over positions 0..size, grown on demand.

Positions are ordered by start time (emulator/engine/rhythm.py). A vendor's `Generator` turns a
chunk of positions and their starts into columns: what filters, sorts, windows and aggregates
read (status outcome, workflow, user, duration, tokens... as small integers or floats), always
including `end` (µs; NEVER for a run that never finishes). Nothing is built until a query asks:
`visible(now)` counts the runs started by `now` from the rhythm alone and builds columns only
up to there, so the clock moving later only appends. Indexes, orders and running sums over
the columns are derived once per built size and kept.

The timeline is shared by a vendor state and all its copies (a reset, a test's fork): it holds
nothing but functions of the seed, so sharing it is sharing a cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Protocol, TypeVar, cast

import numpy as np
import numpy.typing as npt

from emulator.allocator import trim
from emulator.engine.positions import Positions
from emulator.engine.rhythm import Rhythm

NEVER = int(np.iinfo(np.int64).max)
Column = npt.NDArray[Any]
Derived = TypeVar("Derived")
# Materialised runs kept per timeline; a page or a detail makes the few it shows.
MADE_RUNS = 4096
_FIRST_GROWTH = 4096


class Generator(Protocol):
    """A vendor's generated runs of one tenant: columns for many positions at once, and one
    run made whole from its position and its row of columns."""

    # No run lasts longer: runs started before `now - max_duration_us` have all finished.
    max_duration_us: int

    def columns(
        self, positions: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]
    ) -> Mapping[str, Column]: ...

    def make(self, position: int, row: Mapping[str, Any]) -> Any: ...

    # The vendor's tie-break between runs of one start instant (its id order), as an integer.
    def tiebreak(self, position: int) -> int: ...

    # The position a generated run's identity names, or None if it names none.
    def position_of(self, ident: Hashable) -> int | None: ...


class Timeline:
    def __init__(self, rhythm: Rhythm, builder: Generator) -> None:
        self.rhythm = rhythm
        self.builder = builder
        self.size = 0
        self._columns: dict[str, Column] = {}
        self._derived: dict[tuple[str, Hashable], tuple[int, Any]] = {}
        self._made: OrderedDict[int, Any] = OrderedDict()
        self._counted: tuple[int, int] = (-1, 0)  # the last instant counted, and its count

    # -- what exists at an instant, from the rhythm alone ------------------------------------
    def count_until(self, instant_us: int) -> int:
        if self._counted[0] != instant_us:  # a frozen clock asks about one instant, often
            self._counted = (instant_us, self.rhythm.count_until(instant_us))
        return self._counted[1]

    def visible(self, now_us: int) -> int:
        """How many runs have started by `now_us`; their columns are built."""
        count = self.count_until(now_us)
        self.ensure(count)
        return count

    def ensure(self, count: int) -> None:
        if count <= self.size:
            return
        # Exactly what is asked the first time (a frozen clock never builds past it), then in
        # growing chunks so that a moving clock rebuilds derived indexes rarely.
        growth = max(_FIRST_GROWTH, self.size // 4)
        target = count if not self.size else max(count, self.size + growth)
        positions = np.arange(self.size, target, dtype=np.int64)
        starts = self.rhythm.starts(self.size, target)
        fresh = {"start": starts, **self.builder.columns(positions, starts)}
        for name, values in fresh.items():
            old = self._columns.get(name)
            self._columns[name] = values if old is None else np.concatenate((old, values))
        self.size = target
        trim()  # the build's temporaries, freed: back to the system (emulator/allocator.py)

    # -- columns and what is derived from them ------------------------------------------------
    def column(self, name: str) -> Column:
        if not self._columns:  # nothing started yet: every column, empty, in its own dtype
            empty = np.zeros(0, dtype=np.int64)
            self._columns = {"start": empty, **self.builder.columns(empty, empty)}
        return self._columns[name]

    def start_of(self, position: int) -> int:
        return int(self._columns["start"][position])

    def row(self, position: int) -> dict[str, Any]:
        """Every column's value at one position, as Python scalars."""
        return {name: values[position].item() for name, values in self._columns.items()}

    def span(self, low_us: int | None, high_us: int | None, visible: int) -> Positions:
        """Positions started within [low_us, high_us] (None: unbounded), among the visible."""
        starts = self._columns.get("start", np.zeros(0, dtype=np.int64))[:visible]
        first = 0 if low_us is None else int(np.searchsorted(starts, low_us, side="left"))
        last = visible if high_us is None else int(np.searchsorted(starts, high_us, side="right"))
        return Positions.span(first, last)

    def settled(self, now_us: int, visible: int) -> int:
        """Positions below this one have finished by `now_us` (their max duration is past)."""
        starts = self._columns.get("start", np.zeros(0, dtype=np.int64))[:visible]
        return int(np.searchsorted(starts, now_us - self.builder.max_duration_us, side="left"))

    def in_progress(self, now_us: int, visible: int) -> npt.NDArray[np.int64]:
        """Visible positions whose run has started and not yet ended at `now_us`."""
        first = self.settled(now_us, visible)
        ends = self._columns["end"][first:visible] if visible else np.zeros(0, dtype=np.int64)
        found: npt.NDArray[np.int64] = np.flatnonzero(ends > now_us).astype(np.int64) + first
        return found

    def index(self, name: str) -> ColumnIndex:
        return self._derive("index", name, lambda: ColumnIndex(self._columns[name]))

    def prefix(self, name: str) -> Column:
        """Running sums of a column with a leading 0: the sum over [a, b) is p[b] - p[a]."""
        return self._derive("prefix", name, lambda: _prefix(self._columns[name]))

    def order(self, name: str) -> npt.NDArray[np.int32]:
        """Positions sorted by a column ascending, ties by position (a stable sort)."""
        return self._derive(
            "order", name, lambda: np.argsort(self._columns[name], kind="stable").astype(np.int32)
        )

    def derived(self, key: Hashable, make: Callable[[], Derived]) -> Derived:
        """Anything computed from the built columns, once per built size (a vendor's own
        precomputed order, say)."""
        return self._derive("derived", key, make)

    def _derive(self, kind: str, name: Hashable, make: Callable[[], Derived]) -> Derived:
        built, value = self._derived.get((kind, name), (-1, None))
        if built != self.size:
            value = make()
            self._derived[(kind, name)] = (self.size, value)
            trim()
        return cast(Derived, value)

    # -- materialised runs --------------------------------------------------------------------
    def made(self, position: int, make: Callable[[int], Any]) -> Any:
        """The run at `position`, made by `make` once and kept within a bound."""
        run = self._made.get(position)
        if run is None:
            run = make(position)
            self._made[position] = run
            if len(self._made) > MADE_RUNS:
                self._made.popitem(last=False)
        else:
            self._made.move_to_end(position)
        return run


def _prefix(values: Column) -> Column:
    kind = np.int64 if np.issubdtype(values.dtype, np.integer) else np.float64
    sums: Column = np.concatenate((np.zeros(1, dtype=kind), np.cumsum(values, dtype=kind)))
    return sums


class ColumnIndex:
    """Value -> the sorted positions holding it, for a column of small integers: one stable
    argsort, then each value's run of it (positions ascending within a value)."""

    def __init__(self, values: Column) -> None:
        self._order: npt.NDArray[np.int64] = np.argsort(values, kind="stable").astype(np.int64)
        ordered = values[self._order]
        present = np.unique(ordered)
        lows = np.searchsorted(ordered, present, side="left")
        highs = np.searchsorted(ordered, present, side="right")
        self._bounds = {
            int(v): (int(lo), int(hi)) for v, lo, hi in zip(present, lows, highs, strict=True)
        }

    def positions(self, value: int) -> Positions:
        low, high = self._bounds.get(value, (0, 0))
        return Positions.of(self._order[low:high])

    def count(self, value: int) -> int:
        low, high = self._bounds.get(value, (0, 0))
        return high - low

    def any_of(self, values: list[int]) -> Positions:
        """The positions holding any of `values` (sorted)."""
        if len(values) == 1:
            return self.positions(values[0])
        parts = [self.positions(v).array() for v in sorted(set(values))]
        merged = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
        return Positions.of(np.sort(merged, kind="stable"))
