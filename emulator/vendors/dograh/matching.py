"""The usage list's value-set conditions on generated runs, answered from tallies
(emulator/engine/tally.py): channel, disposition, caller and called number, duration range.

Each becomes the wanted values of one small-integer column: the mode, the disposition, a pool
index of the number (-1, no number, is the tally's last value), or the whole second a duration
falls in. A duration bucket the range covers only in part (its edges: at most a few) is read
exactly instead, from the durations sorted once per built size, and its matching positions are
the test's `extra`. Disposition and duration are outcomes: runs in progress have neither yet,
so they never match.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from emulator.engine.positions import Array
from emulator.engine.tally import Matches, Tally, Wanted, contains
from emulator.engine.timeline import Column, Timeline
from emulator.vendors.dograh.generator import DISPOSITIONS, MAX_DURATION, MODES, DograhRuns
from emulator.vendors.dograh.query import Channel, Codes, Condition, DurationRange, Like

# Durations are bucketed by whole second up to the longest run; a longer one (none is
# generated) would count in the top bucket, which is then never taken whole.
_TOP_SECOND = int(MAX_DURATION.total_seconds())
_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Test:
    tally: Tally
    wanted: Wanted
    # Sorted positions that match although their key is not wanted (partial buckets).
    extra: Array
    is_outcome: bool

    def matches(self, low: int, high: int, dropped: Array) -> Matches:
        return Matches(self.tally, self.wanted, low, high, self.extra, dropped)

    def holds(self, positions: Array) -> npt.NDArray[np.bool_]:
        return self.tally.holds(self.wanted, positions) | contains(self.extra, positions)


def is_tallied(condition: Condition) -> bool:
    return isinstance(condition, (Channel, Codes, Like, DurationRange))


def test_of(timeline: Timeline, generator: DograhRuns, condition: Condition) -> Test:
    match condition:
        case Channel(modes=modes):
            return _values(
                timeline, "mode", len(MODES), [i for i, m in enumerate(MODES) if m in modes]
            )
        case Codes(codes=codes):
            wanted = [i for i, code in enumerate(DISPOSITIONS) if code in codes]
            return _values(timeline, "disposition", len(DISPOSITIONS), wanted, is_outcome=True)
        case Like(key=key, pattern=pattern):
            column = "caller" if key == "caller_number" else "called_key"
            found = generator.numbers_matching(pattern)
            return _values(timeline, column, len(generator.numbers) + 1, found)
        case DurationRange(low=low, high=high):
            return _durations(timeline, low, high)
    raise AssertionError(condition)


def _values(timeline: Timeline, column: str, values: int, wanted: list[int],
            is_outcome: bool = False) -> Test:  # fmt: skip
    tally = timeline.derived(("tally", column), lambda: Tally(timeline.column(column), values))
    chosen = np.zeros(values, dtype=bool)
    chosen[np.asarray(wanted, dtype=np.int64)] = True
    return Test(tally, chosen, _EMPTY, is_outcome)


def _durations(timeline: Timeline, low: float | None, high: float | None) -> Test:
    """[low, high] as Postgres compares: NaN orders above every number, so `>= NaN` holds
    for none and `<= NaN` for all."""
    tally = timeline.derived(
        ("tally", "second"), lambda: Tally(_seconds(timeline), _TOP_SECOND + 1)
    )
    if low is not None and math.isnan(low):
        return Test(tally, np.zeros(tally.values, dtype=bool), _EMPTY, is_outcome=True)
    top = math.inf if high is None or math.isnan(high) else high
    bottom = -math.inf if low is None else low
    floors = np.arange(tally.values, dtype=np.float64)
    floors[0] = -math.inf
    ceilings = np.arange(1, tally.values + 1, dtype=np.float64)
    ceilings[-1] = math.inf
    whole = (floors >= bottom) & (ceilings <= top)
    partial = np.flatnonzero((ceilings > bottom) & (floors <= top) & ~whole)
    extra = [_exactly(timeline, max(bottom, floors[k]), ceilings[k], top) for k in partial]
    found = np.sort(np.concatenate(extra)) if extra else _EMPTY
    return Test(tally, whole, found, is_outcome=True)


def _seconds(timeline: Timeline) -> Column:
    whole: Column = np.clip(np.floor(timeline.column("duration")), 0, _TOP_SECOND)
    return whole.astype(np.int16)


def _exactly(timeline: Timeline, low: float, ceiling: float, high: float) -> Array:
    """Positions whose duration is >= low, < ceiling and <= high (one partial bucket)."""
    order = timeline.order("duration")
    ordered = timeline.derived("durations sorted", lambda: timeline.column("duration")[order])
    first = int(np.searchsorted(ordered, low, side="left"))
    last = (int(np.searchsorted(ordered, high, side="right")) if high < ceiling
            else int(np.searchsorted(ordered, ceiling, side="left")))  # fmt: skip
    return order[first : max(first, last)].astype(np.int64)
