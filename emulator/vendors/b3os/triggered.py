"""Runs clients start (`POST /v1/workflows/{id}/run`), made whole at the instant they start and
stored in the tenant's overlay (origin `started`): served in progress until their end, then
finished, in every list and sum like any other run.

A started run executes its workflow's plan (emulator/vendors/b3os/plans.py) as a generated run
does: its trigger `manual` (run by hand), an outcome (success 85, failure 10, partial 5 when
the plan has a for-each), a for-each body run 1-6 times (partial 2-9), a failed run stopped
after a uniform number of its executions, one execution every 0.05-2.5 s and a pause at its
wait node of a minute to three days. All of it is drawn from the seed and the run's own id,
so the same runs started at the same instants end the same way in any process. Ids are xids
of the start second whose counter counts the runs started (and retried) since the last reset.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from emulator.engine.mix import Draw, key_of
from emulator.errors import ApiError
from emulator.store import DuplicateRun
from emulator.vendor import State
from emulator.vendors.b3os.generator import PACE_US, WAIT_SPANS, B3osRuns
from emulator.vendors.b3os.run import B3osRun, Progress, charge, new_run
from emulator.vendors.b3os.tenancy import Organization, Workflow
from emulator.vendors.b3os.xid import xid

STARTED = "started"  # state.memory: runs started or retried since the last reset
OUTCOMES = ("success", "failure", "partial")
_WEIGHTS = (85, 10, 5)


def next_id(state: State, organization: Organization, now: datetime) -> str:
    started: int = state.memory.get(STARTED, 0)
    state.memory[STARTED] = started + 1
    machine = hashlib.sha256(f"b3os:{state.settings.seed}:{organization.slug}:started".encode())
    return "run_" + xid(now, machine.digest()[:3], 1, started)


def draw_of(state: State, run_id: str) -> Draw:
    return Draw(key_of(state.settings.seed, "b3os", "started", run_id), 0)


def start(state: State, organization: Organization, workflow: Workflow, run_id: str) -> B3osRun:
    """The run of `workflow` started now, stored; in progress until its drawn end."""
    now = state.clock.now()
    generator = state.store.tenant(organization.slug).generator
    assert isinstance(generator, B3osRuns)
    plan = generator.plans[organization.workflows.index(workflow)]
    draw = draw_of(state, run_id)
    outcome = _outcome(draw, has_loop=plan.body > 0)
    iterations = draw.between(2, 9) if outcome == "partial" else draw.between(1, 6)
    full = plan.executions(iterations)
    executed = draw.below(full + 1) if outcome == "failure" else full
    pace = draw.between(*PACE_US)
    pause = plan.pause_after
    waits = pause is not None and executed >= pause
    wait_us = _wait_us(draw) if waits else 0
    steps = tuple((node, 1) for node in (*plan.slots[: plan.pre],
                                         *plan.slots[plan.pre :] * iterations))  # fmt: skip
    opening = (charge("trigger", "manual", 1),)
    progress = Progress(opening, steps, executed, pace, pause if waits else None, wait_us)
    end = now + timedelta(microseconds=executed * pace + wait_us)
    run = new_run(run_id, workflow.id, outcome, "manual", now, end, progress.charges(executed),
                  progress)  # fmt: skip
    try:
        state.store.load(organization.slug, [run], origin="started")
    except DuplicateRun:  # a client's own id, taken by a run started or to come
        raise ApiError(400, "bad_request", "Bad Request", ["duplicate run ID"],
                       number=400079) from None  # fmt: skip
    return run


def _outcome(draw: Draw, *, has_loop: bool) -> str:
    roll = draw.below(sum(_WEIGHTS))
    if roll < _WEIGHTS[0]:
        return "success"
    return "partial" if roll >= _WEIGHTS[0] + _WEIGHTS[1] and has_loop else "failure"


def _wait_us(draw: Draw) -> int:
    low, high = WAIT_SPANS[draw.below(len(WAIT_SPANS))]
    return draw.between(low, high - 1) * 1_000_000 + draw.below(1_000_000)
