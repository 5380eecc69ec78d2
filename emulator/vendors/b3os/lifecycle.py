"""What a client does to a run (`POST /v1/runs/{id}/cancel`, `.../retry`), through the store so
that every route, the control plane's listing, a reset and the journal see the same thing.

Cancel: a run `running` or `waiting` at now ends `cancelled` at now with the CU it had spent;
any other run is a 409. The changed run replaces the old one (a generated run's position is
hidden and the new version lives in the overlay), keeping how it got there, so that the clock
travelled back before the cancel shows it in progress again.

Retry: a `failure` or `cancelled` run (the spec's "failed or cancelled"; anything else is a 409)
is left as it is and a new run starts at now with `sourceRunId` the old one, resuming from the
failure point: it executes what the old run had not (no trigger fires again, so none is
charged), one execution every 0.05-2.5 s, and ends `success`, or `failure` after some of them.
Its pace and outcome are drawn from the seed and its own id, so the same retries at the same
instants end the same way in any process; ids are those of runs clients start
(emulator/vendors/b3os/triggered.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from emulator.vendor import State
from emulator.vendors.b3os.dialect import failure
from emulator.vendors.b3os.generator import PACE_US
from emulator.vendors.b3os.run import UNFINISHED, B3osRun, Progress, as_of, new_run
from emulator.vendors.b3os.tenancy import Organization
from emulator.vendors.b3os.triggered import draw_of, next_id

RETRYABLE = frozenset({"failure", "cancelled"})
RETRY_FAILS = 0.15  # a retry that fails again


def found(state: State, organization: Organization, run_id: str) -> B3osRun:
    """The organisation's run as stored (another organisation's, or a later one: a 404)."""
    run = state.store.tenant(organization.slug).find(run_id, state.store.now_us)
    if not isinstance(run, B3osRun):
        raise failure(404, ["run not found"])
    return run


def cancel(state: State, run: B3osRun) -> B3osRun:
    now = state.clock.now()
    shown = as_of(run, now)
    if shown.status not in UNFINISHED:
        raise failure(409, [f"run is {shown.status}: only a running or waiting run can be"
                            " cancelled"])  # fmt: skip
    cancelled = replace(run, status="cancelled", finished_at=now, charges=shown.charges,
                        total_cu=shown.total_cu)  # fmt: skip
    state.store.replace(cancelled)
    return cancelled


def retry(state: State, organization: Organization, run: B3osRun) -> B3osRun:
    now = state.clock.now()
    shown = as_of(run, now)
    if shown.status not in RETRYABLE:
        raise failure(409, [f"run is {shown.status}: only failed or cancelled runs can be retried"])
    new_id = next_id(state, organization, now)
    draw = draw_of(state, new_id)
    steps = _remaining(run, shown)
    planned = sum(count for _, count in steps)
    fails = planned > 0 and draw.chance(RETRY_FAILS)
    executed = draw.below(planned) if fails else planned
    pace = draw.between(*PACE_US)
    progress = Progress((), steps, executed, pace)
    end = now + timedelta(microseconds=executed * pace)
    outcome = "failure" if fails else "success"
    fresh = new_run(new_id, run.workflow_id, outcome, run.trigger_source, now, end,
                    progress.charges(executed), progress)  # fmt: skip
    again = replace(fresh, source_run_id=run.id)
    state.store.load(organization.slug, [again], origin="started")
    return again


def _remaining(run: B3osRun, shown: B3osRun) -> tuple[tuple[str, int], ...]:
    """The executions of the run's plan after those it made (none left: an empty retry)."""
    if run.progress is None:
        return ()
    done = sum(c.count for c in shown.charges if c.kind == "action")
    left: list[tuple[str, int]] = []
    for node_type, count in run.progress.steps:
        skipped = min(done, count)
        done -= skipped
        if count > skipped:
            left.append((node_type, count - skipped))
    return tuple(left)
