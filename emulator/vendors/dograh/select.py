"""The usage list over the engine: conditions answered from columns and indexes for generated
runs and on run objects for overlay runs, then one order and one page across both.

Generated runs: a date window is a span of the timeline (two binary searches); runId names one
position; workflow, campaign and direction are index lookups. Channel, disposition, caller and
called number, and a duration range are value sets of a tallied column
(emulator/vendors/dograh/matching.py): alone over a span, the selection is counted from the
tally's per-block counts and a page reads only the blocks it shows; with an index lookup, or
with each other, the fewest matches are gathered and the other conditions test them (vectorised).
Runs still in progress at now have no duration and no disposition, so those two conditions
leave them out (they are the few runs of the last half hour). Everything is as of now.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from emulator.engine.page import Ordered, listed, merge_page, newest_placed
from emulator.engine.positions import Array, Positions
from emulator.engine.tally import Matches, without
from emulator.engine.tenant import Placed, TenantRuns
from emulator.store import micros
from emulator.vendors.dograh import by_duration, matching
from emulator.vendors.dograh.generator import DograhRuns
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


@dataclass(frozen=True, slots=True)
class Found:
    """What matched, as of `now`: generated positions and overlay runs (oldest first)."""

    runs: TenantRuns
    now: datetime
    generated: Positions | Matches
    placed: list[Placed]
    # No window and no condition: every visible generated run (precomputed orders serve it).
    is_everything: bool = False

    def __len__(self) -> int:
        return len(self.generated) + len(self.placed)


def select(runs: TenantRuns, now: datetime, window: Window, conditions: list[Condition]) -> Found:
    now_us = micros(now)
    placed = runs.added(now_us)
    if not conditions and window.start is None and window.end is None:
        return Found(runs, now, runs.generated(now_us), placed, is_everything=True)
    generated = _generated(runs, now_us, window, conditions)
    placed = [p for p in placed if _holds_all(as_of(p.run, now), window, conditions)]
    return Found(runs, now, generated, placed)


def _generated(
    runs: TenantRuns, now_us: int, window: Window, conditions: list[Condition]
) -> Positions | Matches:
    """Spans and index lookups narrow first; a value-set condition alone over a span is a
    tally's selection, else a test of the positions the others left."""
    timeline = runs.timeline
    visible = timeline.visible(now_us)
    span = timeline.span(_us(window.start), _us(window.end), visible)
    span = span.within(runs.cleared_below, visible)
    narrowing = sorted((c for c in conditions if not matching.is_tallied(c)), key=_cost)
    for created in (c for c in narrowing if isinstance(c, Created)):
        span = span.intersect(_positions(runs, created, now_us))
    generator = runs.generator
    assert isinstance(generator, DograhRuns)
    tests = [matching.test_of(timeline, generator, c) for c in conditions if matching.is_tallied(c)]
    going = timeline.in_progress(now_us, visible)
    if tests and all(isinstance(c, Created) for c in narrowing):
        return _tallied(span, tests, runs.hidden, going)
    generated = span.without(runs.hidden)
    for condition in (c for c in narrowing if not isinstance(c, Created)):
        if not len(generated):
            return generated
        generated = generated.intersect(_positions(runs, condition, now_us))
    return _tested(generated.array(), tests, going) if tests else generated


def _tallied(span: Positions, tests: list[matching.Test], hidden: Array,
             going: Array) -> Positions | Matches:  # fmt: skip
    """The fewest matches of one test over the span, the other tests applied to them."""
    # Deleted runs are few, and usually none: the union is then the runs in progress.
    outcome_gone = np.union1d(hidden, going) if len(hidden) else going
    selections = [t.matches(span.low, span.high, outcome_gone if t.is_outcome else hidden)
                  for t in tests]  # fmt: skip
    fewest = min(range(len(tests)), key=lambda n: len(selections[n]))
    if len(tests) == 1:
        return selections[fewest]
    others = [t for n, t in enumerate(tests) if n != fewest]
    return _tested(selections[fewest].array(), others, going)


def _tested(candidates: Array, tests: list[matching.Test], going: Array) -> Positions:
    for test in tests:
        candidates = candidates[test.holds(candidates)]
        if test.is_outcome:
            candidates = without(candidates, going)
    return Positions.of(candidates)


def _us(instant: datetime | None) -> int | None:
    return None if instant is None else micros(instant)


def _cost(condition: Condition) -> int:
    """Narrow first with what is cheapest and most selective."""
    order = (Nothing, Equals, Created, Direction, Completed)
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
            return _newest(found)
        keys = [p.place for p in found.placed]
        oldest = found.generated
        generated = Ordered(len(oldest), lambda i: runs.place_of(_nth(oldest, i)),
                            lambda i: _nth(oldest, i))  # fmt: skip
        return generated, listed(keys, list(found.placed))
    return by_duration.sides(found.runs, found.now, found.generated, found.placed,
                             found.is_everything, is_ascending)  # fmt: skip


def _newest(found: Found) -> tuple[Ordered, Ordered]:
    runs, chosen = found.runs, found.generated
    if isinstance(chosen, Positions):
        return runs.newest_sides(micros(found.now), chosen, found.placed)

    def key_of(i: int) -> tuple[int, int]:
        start, tiebreak = runs.place_of(chosen.nth_newest(i))
        return (-start, -tiebreak)

    placed = found.placed
    return Ordered(len(chosen), key_of, chosen.nth_newest), newest_placed(
        [p.place for p in placed], placed
    )


def _nth(positions: Positions | Matches, index: int) -> int:
    return positions.nth_newest(len(positions) - 1 - index)


def totals_of(shown: Sequence[DograhRun]) -> int:
    return sum(run.shown_duration for run in shown)
