"""Seeded B3OS runs as columns: each workflow has a fixed plan of nodes, each run executes some
of it, and each is made whole from its position only when read.

What a run executed decides its charges and so its CU: a failed or cancelled run stops after
some of its plan's executions, a for-each body is charged once per iteration (a `partial` run
had some iterations fail), and a run whose plan has a wait node pauses there (`waiting`, a
minute to three days) before going on. Columns hold what the aggregates read: the workflow,
whether it was run by hand, the outcome, the iterations, how many executions it ran and its CU
in quarters; its pace and wait are drawn again from its position when needed. Run ids are
xids of the start second whose machine and process bytes name the tenant and whose counter is
the position, so an id decodes back to its run.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import below, cumulative, key_of, mix, pick, unit
from emulator.engine.rhythm import Rhythm
from emulator.engine.timeline import Column
from emulator.store import micros
from emulator.vendor import Generation
from emulator.vendors.b3os.plans import (
    MAX_EXECUTIONS,
    NODE_INDEX,
    Plan,
    PlanTable,
    plan_of,
    quarters,
)
from emulator.vendors.b3os.run import B3osRun, Progress, charge, new_run
from emulator.vendors.b3os.tenancy import Organization
from emulator.vendors.b3os.xid import parts, xid_of

Ints = npt.NDArray[np.int64]
# Long enough that the history spans three calendar months (month summaries, usage windows).
HISTORY = timedelta(days=75)
OUTCOMES = ("success", "failure", "partial", "cancelled")  # what a run ends as
_OUTCOME_WEIGHTS = (82, 10, 5, 3)
SUCCESS, FAILURE, PARTIAL, CANCELLED = range(4)
WEIGHTS = {"manual": 1, "schedule": 4, "cronjob": 4, "webhook": 3, "token-price-cexes": 6}
BY_HAND = 0.08  # runs of a triggered workflow started by hand
PACE_US = (50_000, 2_500_000)  # one execution's time
# A wait lasts seconds within one of these spans, each as likely: a minute to three days.
WAIT_SPANS = ((60, 600), (600, 3_600), (3_600, 21_600), (21_600, 86_400), (86_400, 259_200))
MAX_DURATION_US = MAX_EXECUTIONS * PACE_US[1] + (WAIT_SPANS[-1][1] + 1) * 1_000_000
COUNTER = 1 << 24
_SALTS = {name: n for n, name in enumerate(
    ("workflow", "by_hand", "outcome", "iterations", "stop", "pace", "wait_span", "wait_s",
     "wait_us"), start=200)}  # fmt: skip


def runs_of(organization: Any, generation: Generation) -> B3osRuns:
    if not isinstance(organization, Organization):
        raise TypeError("not a B3OS organization")
    return B3osRuns(organization, generation)


@dataclass(frozen=True)
class B3osRuns:
    """One organisation's generated runs (emulator/engine/timeline.Generator)."""

    organization: Organization
    generation: Generation
    max_duration_us: int = MAX_DURATION_US

    @cached_property
    def plans(self) -> tuple[Plan, ...]:
        return tuple(plan_of(w, self.generation.key) for w in self.organization.workflows)

    @cached_property
    def table(self) -> PlanTable:
        return PlanTable.of(self.plans)

    @cached_property
    def triggers(self) -> Ints:
        """Each workflow's trigger node (index into plans.NODES)."""
        found = [NODE_INDEX[("trigger", w.trigger)] for w in self.organization.workflows]
        return np.array(found, dtype=np.int64)

    @cached_property
    def tag(self) -> int:
        """The 40 bits (machine and process) every generated id of this tenant carries."""
        return key_of(self.generation.key, "b3os xid") >> 24

    @cached_property
    def rhythm(self) -> Rhythm:
        """The tenant's start instants, as the core builds them (emulator/generate.py), to
        check that an id's time is its position's start second."""
        epoch = self.generation.epoch
        return Rhythm.of(self.generation.key, micros(epoch - HISTORY), micros(epoch),
                         self.generation.count)  # fmt: skip

    # -- columns -----------------------------------------------------------------------------
    def columns(self, positions: Ints, starts: Ints) -> Mapping[str, Column]:
        key = self.generation.key
        weights = [WEIGHTS.get(w.trigger, 2) for w in self.organization.workflows]
        workflow = pick(mix(key, positions, _SALTS["workflow"]), cumulative(weights))
        is_manual = self.triggers[workflow] == NODE_INDEX[("trigger", "manual")]
        by_hand = is_manual | (unit(mix(key, positions, _SALTS["by_hand"])) < BY_HAND)
        outcome = pick(mix(key, positions, _SALTS["outcome"]), cumulative(_OUTCOME_WEIGHTS))
        outcome = np.where((outcome == PARTIAL) & (self.table.body[workflow] == 0), FAILURE,
                           outcome)  # fmt: skip
        bits = mix(key, positions, _SALTS["iterations"])
        iterations = np.where(outcome == PARTIAL, 2 + below(bits, 8), 1 + below(bits, 6))
        full = self.table.pre[workflow] + self.table.body[workflow] * iterations
        stopped = _below_each(mix(key, positions, _SALTS["stop"]), full + 1)
        executed = np.where((outcome == SUCCESS) | (outcome == PARTIAL), full, stopped)
        pace, wait = self.timing(positions, workflow, executed)
        return {
            "end": starts + executed * pace + wait,
            "workflow": workflow.astype(np.int16),
            "by_hand": by_hand.astype(np.int8),
            "outcome": outcome.astype(np.int8),
            "iterations": iterations.astype(np.int8),
            "executed": executed.astype(np.int8),
            "cu": quarters(self.table, workflow, self.trigger_nodes(workflow, by_hand),
                           executed).astype(np.int32),
        }  # fmt: skip

    def trigger_nodes(self, workflow: Ints, by_hand: npt.NDArray[Any]) -> Ints:
        manual = NODE_INDEX[("trigger", "manual")]
        result: Ints = np.where(by_hand.astype(bool), manual, self.triggers[workflow])
        return result

    def timing(self, positions: Ints, workflow: Ints, executed: Ints) -> tuple[Ints, Ints]:
        """Each run's time per execution, and how long it waits at its wait node (0: never)."""
        key = self.generation.key
        pace = PACE_US[0] + below(mix(key, positions, _SALTS["pace"]), PACE_US[1] - PACE_US[0] + 1)
        span = below(mix(key, positions, _SALTS["wait_span"]), len(WAIT_SPANS))
        lows, highs = (np.array(side, dtype=np.int64) for side in zip(*WAIT_SPANS, strict=True))
        seconds = lows[span] + _below_each(mix(key, positions, _SALTS["wait_s"]),
                                           highs[span] - lows[span])  # fmt: skip
        micro = below(mix(key, positions, _SALTS["wait_us"]), 1_000_000)
        pause = self.table.pause_after[workflow]
        pauses = (pause > 0) & (executed >= pause)
        return pace, np.where(pauses, seconds * 1_000_000 + micro, 0)

    def done_at(
        self, positions: Ints, columns: Mapping[str, Column], now_us: int
    ) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """Executions done at `now_us` by runs started by then (Progress.done_at, vectorised),
        and whether each is waiting; `columns` are those runs' rows of the timeline's."""
        workflow = columns["workflow"].astype(np.int64)
        executed = columns["executed"].astype(np.int64)
        pace, wait = self.timing(positions, workflow, executed)
        elapsed = np.maximum(now_us - columns["start"], 0)
        begins = self.table.pause_after[workflow] * pace
        waiting = (wait > 0) & (elapsed >= begins) & (elapsed < begins + wait)
        resumed = (wait > 0) & (elapsed >= begins + wait)
        done = np.where(resumed, (elapsed - wait) // pace, elapsed // pace)
        done = np.where(waiting, self.table.pause_after[workflow], done)
        return np.minimum(done, executed), waiting

    # -- one run ----------------------------------------------------------------------------
    def make(self, position: int, row: Mapping[str, Any]) -> B3osRun:
        index = int(row["workflow"])
        workflow, plan = self.organization.workflows[index], self.plans[index]
        source = "manual" if row["by_hand"] else workflow.trigger
        executed, iterations = int(row["executed"]), int(row["iterations"])
        one = np.array([position], dtype=np.int64)
        pace, wait = (int(v[0]) for v in self.timing(one, np.array([index]), np.array([executed])))
        steps = tuple((node, 1) for node in (
            *plan.slots[: plan.pre], *plan.slots[plan.pre :] * iterations))  # fmt: skip
        opening = (charge("trigger", source, 1),)
        progress = Progress(opening, steps, executed, pace,
                            plan.pause_after if wait else None, wait)  # fmt: skip
        return new_run(self.run_id(position, int(row["start"])), workflow.id,
                       OUTCOMES[int(row["outcome"])], source, _instant(int(row["start"])),
                       _instant(int(row["end"])), (*opening, *_actions(plan, executed)),
                       progress)  # fmt: skip

    def run_id(self, position: int, start_us: int) -> str:
        machine = (self.tag >> 16).to_bytes(3, "big")
        return "run_" + xid_of(start_us // 1_000_000, machine, self.tag & 0xFFFF, position)

    def tiebreak(self, position: int) -> int:
        """The id's number without its seconds (model.place): machine, process, counter."""
        return ((self.tag << 24) | (position % COUNTER)) << 4

    def position_of(self, ident: Hashable) -> int | None:
        if not isinstance(ident, str) or not ident.startswith("run_"):
            return None
        found = parts(ident[4:])
        if found is None or (int.from_bytes(found.machine, "big") << 16) | found.pid != self.tag:
            return None
        second = found.seconds * 1_000_000
        low = self.rhythm.count_until(second - 1)
        candidate = low + (found.counter - low) % COUNTER
        return candidate if candidate < self.rhythm.count_until(second + 999_999) else None


def _actions(plan: Plan, executed: int) -> tuple[Any, ...]:
    counts: dict[str, int] = {}
    for node, count in zip(plan.slots, plan.counts(executed), strict=True):
        if count:
            counts[node] = counts.get(node, 0) + count
    return tuple(charge("action", node, counts[node]) for node in sorted(counts))


def _below_each(bits: npt.NDArray[np.uint64], n: Ints) -> Ints:
    """An integer in [0, n) per draw, n per element (below's multiply-shift)."""
    result: Ints = (((bits >> np.uint64(32)) * n.astype(np.uint64)) >> np.uint64(32)).astype(
        np.int64
    )
    return result


def _instant(us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)
