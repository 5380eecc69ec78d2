"""Seeded B3OS runs: each workflow has a fixed plan of nodes, each run executes some of it.

What a run executed decides its charges and so its CU: a failed run stops at the failing node,
a cancelled or still running one part-way, a waiting one at its `wait` node, and a `for-each`
body is charged once per iteration (a `partial` run had some iterations fail). Run ids are xids
of the start time. Everything comes from one `random.Random` of the generation's seed.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from emulator.vendor import Generation
from emulator.vendors.b3os.costs import ACTION_PRICES
from emulator.vendors.b3os.model import B3osRun, Charge, charge, new_run
from emulator.vendors.b3os.tenancy import Organization, Workflow
from emulator.vendors.b3os.xid import xid

# Long enough that the history spans three calendar months (month summaries, usage windows).
HISTORY = timedelta(days=75)
RUNNING_WINDOW = timedelta(minutes=20)
WAITING_WINDOW = timedelta(days=3)
FINAL = {"success": 80, "failure": 10, "partial": 5, "cancelled": 3, "waiting": 2}
WEIGHTS = {"manual": 1, "schedule": 4, "cronjob": 4, "webhook": 3, "token-price-cexes": 6}
ACTIONS = sorted(n for n, p in ACTION_PRICES.items() if p.category != "logic")


@dataclass(frozen=True, slots=True)
class Plan:
    """A workflow's nodes after its trigger; `loop` is where a for-each body starts."""

    actions: tuple[str, ...]
    loop: int | None
    wait: int | None


def plan_of(workflow: Workflow, seed: bytes) -> Plan:
    rng = random.Random(seed + workflow.id.encode())
    actions = [rng.choice(ACTIONS) for _ in range(rng.randint(1, 4))]
    wait = rng.randrange(len(actions) + 1) if rng.random() < 0.35 else None
    if wait is not None:
        actions.insert(wait, "wait")
    loop = rng.randrange(len(actions)) if rng.random() < 0.5 else None
    if loop is not None:
        actions.insert(loop, "for-each")
    return Plan(tuple(actions), loop, None if wait is None else actions.index("wait"))


@dataclass(slots=True)
class _Draw:
    rng: random.Random
    organization: Organization
    plans: dict[str, Plan]
    epoch: datetime
    machine: bytes
    pid: int
    counter: int


def generate(organization: Any, generation: Generation) -> list[B3osRun]:
    if not isinstance(organization, Organization):
        raise TypeError("not a B3OS organization")
    rng = random.Random(generation.seed)
    plans = {w.id: plan_of(w, generation.seed) for w in organization.workflows}
    draw = _Draw(rng, organization, plans, generation.epoch, rng.randbytes(3),
                 rng.randrange(2**16), rng.randrange(2**24))  # fmt: skip
    span = HISTORY.total_seconds()
    offsets = sorted(rng.uniform(0, span) for _ in range(generation.count))
    return [_run(draw, generation.epoch - timedelta(seconds=span - o)) for o in offsets]


def _run(draw: _Draw, started: datetime) -> B3osRun:
    rng = draw.rng
    started = started.replace(microsecond=rng.randrange(10**6) if rng.random() < 0.97 else 0)
    workflow = rng.choices(
        draw.organization.workflows,
        [WEIGHTS.get(w.trigger, 2) for w in draw.organization.workflows],
    )[0]
    plan = draw.plans[workflow.id]
    status = _status(draw, started, plan)
    source = "manual" if workflow.trigger != "manual" and rng.random() < 0.08 else workflow.trigger
    charges, seconds = _execute(rng, plan, status)
    charges = (charge("trigger", source, 1), *charges)
    finished = None if status in ("running", "waiting") else started + timedelta(seconds=seconds)
    draw.counter += 1
    run_id = "run_" + xid(started, draw.machine, draw.pid, draw.counter)
    return new_run(run_id, workflow.id, status, source, started, finished, charges)


def _status(draw: _Draw, started: datetime, plan: Plan) -> str:
    rng, age = draw.rng, draw.epoch - started
    if age < RUNNING_WINDOW and rng.random() < 0.6:
        return "running"
    status = rng.choices(list(FINAL), list(FINAL.values()))[0]
    if status == "partial" and plan.loop is None:
        return "failure"
    if status == "waiting" and (plan.wait is None or age > WAITING_WINDOW):
        return "success"
    return status


def _execute(rng: random.Random, plan: Plan, status: str) -> tuple[tuple[Charge, ...], float]:
    """The nodes the run went through, priced, and how long that took."""
    end = {"success": len(plan.actions), "partial": len(plan.actions),
           "waiting": (plan.wait or 0) + 1}.get(status)  # fmt: skip
    if end is None:  # failure, cancelled, running: stopped somewhere
        end = rng.randrange(len(plan.actions) + (1 if status == "failure" else 0) + 1)
    iterations = rng.randint(2, 9) if status == "partial" else rng.randint(1, 6)
    counts: Counter[str] = Counter()
    for index, node in enumerate(plan.actions[:end]):
        is_body = plan.loop is not None and index > plan.loop
        counts[node] += iterations if is_body else 1
    seconds = sum(rng.uniform(0.05, 2.5) * count for count in counts.values())
    return tuple(charge("action", node, n) for node, n in sorted(counts.items())), seconds
