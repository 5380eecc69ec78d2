"""The usage list over the engine: conditions answered from columns and indexes for generated
runs and on run objects for overlay runs, then one order and one page across both.

Generated runs: a date window is a span of the timeline (two binary searches); runId names one
position; workflow, campaign, direction, channel and disposition are index lookups; a number
filter is matched against the tenant's pool of numbers first, so only matching numbers'
positions are looked up; a duration range is a slice of the runs sorted by duration. Runs
still in progress at now have no duration and no disposition, so those two conditions leave
them out (they are the few runs of the last half hour). Everything is as of now.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from emulator.engine.page import Ordered, listed, merge_page
from emulator.engine.positions import Positions
from emulator.engine.ranked import Ranked, ranks
from emulator.engine.tenant import Placed, TenantRuns
from emulator.store import micros
from emulator.vendors.dograh.generator import DISPOSITIONS, MODES, DograhRuns
from emulator.vendors.dograh.model import DograhRun, as_of
from emulator.vendors.dograh.query import (
    Channel,
    Codes,
    Completed,
    Condition,
    Created,
    Direction,
    DurationRange,
    Equals,
    Like,
    Nothing,
    Window,
)  # fmt: skip

# A number filter matching more pool entries than this reads the column instead of indexes.
_FEW_NUMBERS = 64


@dataclass(frozen=True, slots=True)
class Found:
    """What matched, as of `now`: generated positions and overlay runs (oldest first)."""

    runs: TenantRuns
    now: datetime
    generated: Positions
    placed: list[Placed]
    # No window and no condition: every visible generated run (precomputed orders serve it).
    is_everything: bool = False

    def __len__(self) -> int:
        return len(self.generated) + len(self.placed)


def select(runs: TenantRuns, now: datetime, window: Window, conditions: list[Condition]) -> Found:
    now_us = micros(now)
    span = runs.timeline.span(_us(window.start), _us(window.end), runs.timeline.visible(now_us))
    generated = runs.generated(now_us).intersect(span)
    for condition in sorted(conditions, key=_cost):
        if not len(generated):
            break
        generated = generated.intersect(_positions(runs, condition, now_us))
    is_everything = not conditions and window.start is None and window.end is None
    if is_everything:
        return Found(runs, now, generated, runs.added(now_us), is_everything=True)
    placed = [p for p in runs.added(now_us) if _holds_all(as_of(p.run, now), window, conditions)]
    return Found(runs, now, generated, placed)


def _us(instant: datetime | None) -> int | None:
    return None if instant is None else micros(instant)


def _cost(condition: Condition) -> int:
    """Narrow first with what is cheapest and most selective."""
    order = (Nothing, Equals, Created, Codes, Like, DurationRange, Direction, Channel, Completed)
    return order.index(type(condition))


def _positions(runs: TenantRuns, condition: Condition, now_us: int) -> Positions:
    timeline, generator = runs.timeline, runs.generator
    assert isinstance(generator, DograhRuns)
    match condition:
        case Equals(field="id", value=value):
            position = generator.position_of(value)
            return Positions.of(np.array([] if position is None else [position], dtype=np.int64))
        case Equals(field="workflow_id", value=value):
            found = [i for i, w in enumerate(generator.organization.workflows) if w.id == value]
            return timeline.index("workflow").any_of(found) if found else _nothing()
        case Equals(value=value):  # campaign_id
            found = [i + 1 for i, c in enumerate(generator.organization.campaigns) if c == value]
            return timeline.index("campaign").any_of(found) if found else _nothing()
        case Direction(call_type=call_type):
            return timeline.index("inbound").positions(int(call_type == "inbound"))
        case Channel(modes=modes):
            return timeline.index("mode").any_of([i for i, m in enumerate(MODES) if m in modes])
        case Codes(codes=codes):
            wanted = [i for i, code in enumerate(DISPOSITIONS) if code in codes]
            return _finished(runs, timeline.index("disposition").any_of(wanted), now_us)
        case Like(key=key, pattern=pattern):
            return _numbers(runs, generator, key, pattern)
        case DurationRange(low=low, high=high):
            return _finished(runs, _durations(runs, low, high), now_us)
        case Created(low=low, high=high):
            return timeline.span(_us(low), _us(high), timeline.visible(now_us))
        case Completed(value=True):
            return _finished(runs, Positions.span(0, timeline.visible(now_us)), now_us)
        case Completed(value=False):
            return Positions.of(timeline.in_progress(now_us, timeline.visible(now_us)))
        case Nothing():
            return _nothing()
    raise AssertionError(condition)


def _nothing() -> Positions:
    return Positions.of(np.zeros(0, dtype=np.int64))


def _finished(runs: TenantRuns, positions: Positions, now_us: int) -> Positions:
    """Without the runs still in progress (no duration or disposition yet)."""
    going = runs.timeline.in_progress(now_us, runs.timeline.visible(now_us))
    return positions.without(going) if len(going) else positions


def _numbers(runs: TenantRuns, generator: DograhRuns, key: str, pattern: Any) -> Positions:
    column = "caller" if key == "caller_number" else "called_key"
    matching = generator.numbers_matching(pattern)
    if len(matching) <= _FEW_NUMBERS:
        return runs.timeline.index(column).any_of(matching) if matching else _nothing()
    lookup = np.zeros(len(generator.numbers) + 1, dtype=bool)
    lookup[np.asarray(matching) + 1] = True  # index 0 is "no number" (-1 in the column)
    found = np.flatnonzero(lookup[runs.timeline.column(column) + 1]).astype(np.int64)
    return Positions.of(found)


def _durations(runs: TenantRuns, low: float | None, high: float | None) -> Positions:
    """Runs whose raw duration is within [low, high]. Postgres orders NaN above every number:
    `<= NaN` holds for all, `>= NaN` for none. A narrow range is a slice of the runs sorted by
    duration; a wide one reads the column."""
    timeline = runs.timeline
    order = timeline.order("duration")
    ordered = timeline.column("duration")[order]
    first = 0 if low is None else (len(order) if math.isnan(low) else
                                   int(np.searchsorted(ordered, low, side="left")))  # fmt: skip
    last = (
        len(order)
        if high is None or math.isnan(high)
        else int(np.searchsorted(ordered, high, side="right"))
    )
    if last - first < len(order) // 16:
        return Positions.of(np.sort(order[first : max(first, last)]).astype(np.int64))
    durations = timeline.column("duration")
    inside = np.ones(len(durations), dtype=bool)
    if first > 0:
        inside &= durations >= ordered[first]
    if last < len(order):
        inside &= durations <= (ordered[last - 1] if last else -math.inf)
    return Positions.of(np.flatnonzero(inside).astype(np.int64))


def _holds_all(run: DograhRun, window: Window, conditions: list[Condition]) -> bool:
    if window.start is not None and run.created_at < window.start:
        return False
    if window.end is not None and run.created_at > window.end:
        return False
    return all(holds(run, c) for c in conditions)


def holds(run: DograhRun, condition: Condition) -> bool:
    """The condition on one run object (as of now), as Postgres would evaluate it."""
    match condition:
        case Equals(field=field, value=value):
            return {"id": run.id, "workflow_id": run.workflow_id,
                    "campaign_id": run.campaign_id}[field] == value  # fmt: skip
        case Direction(call_type=call_type):
            return run.call_type == call_type
        case Channel(modes=modes):
            return run.mode in modes
        case Codes(codes=codes):
            return run.disposition in codes
        case Like(key=key, pattern=pattern):
            text = run.context_text("initial", key)
            return text is not None and pattern.fullmatch(text) is not None
        case DurationRange(low=low, high=high):
            return _within(run.duration, low, high)
        case Created(low=low, high=high):
            return (low is None or run.created_at >= low) and (
                high is None or run.created_at <= high
            )
        case Completed(value=value):
            return run.is_completed == value
        case Nothing():
            return False
    raise AssertionError(condition)


def _within(duration: float | None, low: float | None, high: float | None) -> bool:
    if duration is None:
        return False  # NULL compares as unknown, which WHERE drops
    above = low is None or (not math.isnan(low) and duration >= low)
    below = high is None or math.isnan(high) or duration <= high
    return above and below


# -- order and page ---------------------------------------------------------------------------
def page(found: Found, sort_by: str | None, sort_order: str, offset: int, limit: int) -> list[Any]:
    """One page of the matches, as runs as of now: created_at (or duration) in `sort_order`,
    NULLS LAST, then id DESC whatever the order (get_workflow_run_order_clause)."""
    sides = _sides(found, sort_by, sort_order == "asc")
    runs = found.runs
    return [as_of(runs.resolve(entry), found.now) for entry in merge_page(*sides, offset, limit)]


def _sides(found: Found, sort_by: str | None, is_ascending: bool) -> tuple[Ordered, Ordered]:
    runs = found.runs
    if sort_by != "duration":
        if not is_ascending:
            return runs.newest_sides(micros(found.now), found.generated, found.placed)
        keys = [p.place for p in found.placed]
        oldest = found.generated
        generated = Ordered(len(oldest), lambda i: runs.place_of(_nth(oldest, i)),
                            lambda i: _nth(oldest, i))  # fmt: skip
        return generated, listed(keys, list(found.placed))
    return _by_duration(found, is_ascending)


def _nth(positions: Positions, index: int) -> int:
    return positions.nth_newest(len(positions) - 1 - index)


def _by_duration(found: Found, is_ascending: bool) -> tuple[Ordered, Ordered]:
    now = found.now
    sign = 1.0 if is_ascending else -1.0
    generated = _ranked(found, is_ascending) if found.is_everything else _sorted(found, sign)
    placed = sorted(found.placed, key=lambda p: _duration_key(as_of(p.run, now), sign))
    return generated, listed([_duration_key(as_of(p.run, now), sign) for p in placed], placed)


def _sorted(found: Found, sign: float) -> Ordered:
    """A selection sorted here: duration in the asked order, NULLs (runs in progress) last,
    then id DESC (ids grow with the position)."""
    runs, now_us = found.runs, micros(found.now)
    going = runs.timeline.in_progress(now_us, runs.timeline.visible(now_us))
    positions = found.generated.array()
    missing = np.isin(positions, going)
    signed = sign * np.where(missing, 0.0, runs.timeline.column("duration")[positions])
    order = np.lexsort((-positions, signed, missing))
    chosen, flags, values = positions[order], missing[order], signed[order]

    def key_of(i: int) -> tuple[Any, ...]:
        return (bool(flags[i]), float(values[i]), -runs.generator.tiebreak(int(chosen[i])))

    return Ordered(len(chosen), key_of, lambda i: int(chosen[i]))


def _ranked(found: Found, is_ascending: bool) -> Ordered:
    """Every visible run, from the tenant's precomputed duration order: only what is not
    visible, deleted, or still in progress (NULL, so served last) is skipped over."""
    runs, now_us = found.runs, micros(found.now)
    timeline = runs.timeline
    visible = timeline.visible(now_us)
    going = timeline.in_progress(now_us, visible)
    going = going[(going >= runs.cleared_below) & ~np.isin(going, runs.hidden)]
    order, rank_of = timeline.derived(("by duration", is_ascending),
                                      lambda: _duration_order(timeline, is_ascending))  # fmt: skip
    unseen = np.arange(visible, timeline.size, dtype=np.int64)
    cleared = np.arange(runs.cleared_below, dtype=np.int64)
    excluded = np.concatenate((cleared, runs.hidden, unseen, going))
    ranked = Ranked(order, rank_of, np.unique(excluded))
    nulls = going[::-1]  # id DESC
    durations, sign = timeline.column("duration"), 1.0 if is_ascending else -1.0

    def position(i: int) -> int:
        return ranked.position(i) if i < ranked.size else int(nulls[i - ranked.size])

    def key_of(i: int) -> tuple[Any, ...]:
        p = position(i)
        is_null = i >= ranked.size
        return (is_null, 0.0 if is_null else sign * float(durations[p]),
                -runs.generator.tiebreak(p))  # fmt: skip

    return Ordered(ranked.size + len(nulls), key_of, position)


def _duration_order(timeline: Any, is_ascending: bool) -> tuple[Any, Any]:
    positions = np.arange(timeline.size, dtype=np.int64)
    durations = timeline.column("duration")
    order = np.lexsort((-positions, durations if is_ascending else -durations))
    return order.astype(np.int64), ranks(order.astype(np.int64))


def _duration_key(run: DograhRun, sign: float) -> tuple[Any, ...]:
    missing = run.duration is None
    return (missing, 0.0 if missing else sign * (run.duration or 0.0), -run.id)


def totals_of(shown: Sequence[DograhRun]) -> int:
    return sum(run.shown_duration for run in shown)
