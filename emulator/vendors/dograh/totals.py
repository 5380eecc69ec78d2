"""Aggregates over an organisation's runs as of now, read from the engine's columns, indexes
and running sums (no walk over the runs): each agent's `total_runs`, and the daily usage of
completed runs.

Generated runs: a count is an index lookup bounded by what is visible, less deleted positions;
a day's seconds are a difference of the duration column's running sums over the day's span of
the timeline, less the runs of that span still in progress (not completed, so the vendor's
`is_completed = true` leaves them out) and the deleted ones. Overlay runs (fixtures, injected,
started: few) are added one by one, as of now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

import numpy as np
import numpy.typing as npt

from emulator.engine.tenant import TenantRuns
from emulator.store import micros
from emulator.vendors.dograh.model import as_of
from emulator.vendors.dograh.tenancy import Organization


def runs_per_workflow(
    runs: TenantRuns, organization: Organization, now: datetime
) -> dict[int, int]:
    """Every run of each workflow, whatever its state (get_workflow_run_counts)."""
    now_us = micros(now)
    counts = dict.fromkeys((w.id for w in organization.workflows), 0)
    visible = runs.timeline.visible(now_us)
    if visible > runs.cleared_below:
        index, gone = runs.timeline.index("workflow"), _deleted(runs, visible)
        of_gone = runs.timeline.column("workflow")[gone]
        for n, workflow in enumerate(organization.workflows):
            held = index.positions(n).array()
            seen = np.searchsorted(held, [runs.cleared_below, visible])
            counts[workflow.id] += int(seen[1] - seen[0]) - int(np.count_nonzero(of_gone == n))
    for entry in runs.added(now_us):
        workflow_id = entry.run.workflow_id
        counts[workflow_id] = counts.get(workflow_id, 0) + 1
    return counts


def _deleted(runs: TenantRuns, visible: int) -> npt.NDArray[np.int64]:
    """Hidden positions among the visible ones the counts start from."""
    hidden = runs.hidden
    return hidden[(hidden >= runs.cleared_below) & (hidden < visible)]


@dataclass(frozen=True, slots=True)
class Day:
    day: date
    seconds: float
    count: int


def daily(runs: TenantRuns, start: datetime, now: datetime, zone: tzinfo) -> list[Day]:
    """Completed runs created in [start, now], by their date in `zone`, newest day first, days
    without runs left out (get_daily_usage_breakdown groups by date, no zero-filling)."""
    sums: dict[date, list[float]] = {}
    for day, seconds, count in (
        *_generated(runs, start, now, zone),
        *_placed(runs, start, now, zone),
    ):
        totals = sums.setdefault(day, [0.0, 0])
        totals[0] += seconds
        totals[1] += count
    return [Day(d, float(s), int(c)) for d, (s, c) in sorted(sums.items(), reverse=True) if c]


def _generated(
    runs: TenantRuns, start: datetime, now: datetime, zone: tzinfo
) -> Iterable[tuple[date, float, int]]:
    timeline, now_us = runs.timeline, micros(now)
    visible = timeline.visible(now_us)
    if visible <= runs.cleared_below:
        return
    window = timeline.span(micros(start), now_us, visible)
    low, high = max(window.low, runs.cleared_below), window.high
    if low >= high:
        return
    going = timeline.in_progress(now_us, visible)
    left_out = np.union1d(going, _deleted(runs, visible))
    durations, sums = timeline.column("duration"), timeline.prefix("duration")
    starts = timeline.column("start")[:visible]
    for day, lo, hi in _days(start, now, zone):
        a = max(low, int(np.searchsorted(starts, micros(lo), side="left")))
        b = min(high, int(np.searchsorted(starts, micros(hi), side="left")))
        if a >= b:
            continue
        out = left_out[(left_out >= a) & (left_out < b)]
        seconds = float(sums[b] - sums[a]) - float(durations[out].sum())
        yield day, seconds, b - a - len(out)


def _days(
    start: datetime, now: datetime, zone: tzinfo
) -> Iterable[tuple[date, datetime, datetime]]:
    """Each local date from start's to now's, with the instants its midnights fall on."""
    day, last = start.astimezone(zone).date(), now.astimezone(zone).date()
    while day <= last:
        following = day + timedelta(days=1)
        yield day, _midnight(day, zone), _midnight(following, zone)
        day = following


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def _placed(
    runs: TenantRuns, start: datetime, now: datetime, zone: tzinfo
) -> Iterable[tuple[date, float, int]]:
    for entry in runs.added(micros(now)):
        run = as_of(entry.run, now)
        if run.is_completed and start <= run.created_at <= now:
            # SUM skips a NULL duration; COUNT(id) still counts the run.
            yield run.created_at.astimezone(zone).date(), run.duration or 0.0, 1
