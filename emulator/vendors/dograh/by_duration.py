"""The usage list sorted by duration (`sort_by=duration`): generated runs from the tenant's
precomputed duration order (built once per built size), the overlay's runs sorted here; NULL
durations (runs still in progress) last, then id DESC, as get_workflow_run_order_clause
orders them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np

from emulator.engine.page import Ordered, listed
from emulator.engine.positions import Positions
from emulator.engine.ranked import Ranked, ranks
from emulator.engine.tally import Matches, contains
from emulator.engine.tenant import Placed, TenantRuns
from emulator.store import micros
from emulator.vendors.dograh.model import DograhRun, as_of


def sides(
    runs: TenantRuns,
    now: datetime,
    generated: Positions | Matches,
    placed: list[Placed],
    is_everything: bool,
    is_ascending: bool,
) -> tuple[Ordered, Ordered]:
    """The matches by duration: `generated` positions (all visible ones when `is_everything`)
    and the overlay's `placed` runs, each side in the asked order."""
    sign = 1.0 if is_ascending else -1.0
    if is_everything:
        ordered = _ranked(runs, micros(now), is_ascending)
    else:
        ordered = _sorted(runs, micros(now), generated, sign)
    kept = sorted(placed, key=lambda p: _duration_key(as_of(p.run, now), sign))
    return ordered, listed([_duration_key(as_of(p.run, now), sign) for p in kept], kept)


def _sorted(runs: TenantRuns, now_us: int, generated: Positions | Matches, sign: float) -> Ordered:
    """A selection in the tenant's precomputed duration order (marked by rank, so nothing is
    sorted here): duration in the asked order, then id DESC; NULLs (runs in progress) last,
    id DESC."""
    timeline = runs.timeline
    going = timeline.in_progress(now_us, timeline.visible(now_us))
    positions = generated.array()
    missing = contains(going, positions)
    order, rank_of = timeline.derived(("by duration", sign > 0),
                                      lambda: _duration_order(timeline, sign > 0))  # fmt: skip
    marked = np.zeros(len(order), dtype=bool)
    marked[rank_of[positions[~missing]]] = True
    chosen = np.concatenate((order[np.flatnonzero(marked)], positions[missing][::-1]))
    valued, durations = len(chosen) - int(np.count_nonzero(missing)), timeline.column("duration")

    def key_of(i: int) -> tuple[Any, ...]:
        p = int(chosen[i])
        is_null = i >= valued
        return (is_null, 0.0 if is_null else sign * float(durations[p]),
                -runs.generator.tiebreak(p))  # fmt: skip

    return Ordered(len(chosen), key_of, lambda i: int(chosen[i]))


def _ranked(runs: TenantRuns, now_us: int, is_ascending: bool) -> Ordered:
    """Every visible run, from the tenant's precomputed duration order: only what is not
    visible, deleted, or still in progress (NULL, so served last) is skipped over."""
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
