"""Workflow plans, and how far through its plan a run got, counted for one run or for many.

A workflow's plan is its nodes after the trigger ("slots"): one to four actions, perhaps a
`wait` (the run pauses there until resumed) and perhaps a `for-each` whose body is every slot
after it. A run executes its plan as one sequence: the slots up to the for-each once each,
then the body once per iteration; how far it got is a number of executions. Its charges are
its trigger plus each slot's executions among those (`Plan.counts`), tabulated per workflow and
number of executions (`PlanTable`) so that columns and aggregates look them up.

CU is counted in quarters (every price is a multiple of 0.25 CU), so sums are exact integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import Draw, key_of
from emulator.vendors.b3os.costs import ACTION_PRICES, TRIGGER_PRICES
from emulator.vendors.b3os.tenancy import Workflow

Ints = npt.NDArray[np.int64]
MAX_SLOTS = 6  # four actions, a wait and a for-each
# More executions than any plan has: its slots once, and the body at most nine times.
MAX_EXECUTIONS = MAX_SLOTS + (MAX_SLOTS - 1) * 9
ACTIONS = sorted(n for n, p in ACTION_PRICES.items() if p.category != "logic")
# Every (kind, node type) the price list has: an index each, triggers first, then by name.
NODES: tuple[tuple[str, str], ...] = (
    *(("trigger", t) for t in sorted(TRIGGER_PRICES)),
    *(("action", a) for a in sorted(ACTION_PRICES)),
)
NODE_INDEX = {node: index for index, node in enumerate(NODES)}
PRICE_QUARTERS = np.array(
    [int((TRIGGER_PRICES if k == "trigger" else ACTION_PRICES)[n].cost * 4) for k, n in NODES],
    dtype=np.int64,
)


@dataclass(frozen=True, slots=True)
class Plan:
    slots: tuple[str, ...]
    loop: int | None  # the for-each slot; its body is every slot after it
    wait: int | None  # the wait slot, always before the for-each

    @property
    def pre(self) -> int:
        """Slots run once each: all of them, or those up to and including the for-each."""
        return len(self.slots) if self.loop is None else self.loop + 1

    @property
    def body(self) -> int:
        return len(self.slots) - self.pre

    @property
    def pause_after(self) -> int | None:
        """Executions done when the run pauses at its wait node."""
        return None if self.wait is None else self.wait + 1

    def executions(self, iterations: int) -> int:
        return self.pre + self.body * iterations

    def counts(self, done: int) -> tuple[int, ...]:
        """Each slot's executions among the first `done` (the scalar twin of slot_counts)."""
        rest = max(done - self.pre, 0)
        rounds, extra = divmod(rest, self.body) if self.body else (0, 0)
        return tuple(
            int(done > i) if i < self.pre else rounds + int(i - self.pre < extra)
            for i in range(len(self.slots))
        )


def plan_of(workflow: Workflow, key: int) -> Plan:
    """A workflow's plan, fixed by the generation's key and the workflow's id."""
    draw = Draw(key_of(key, "b3os workflow plan", workflow.id), 0)
    slots = [draw.choice(ACTIONS) for _ in range(draw.between(1, 4))]
    wait = draw.below(len(slots) + 1) if draw.chance(0.45) else None
    if wait is not None:
        slots.insert(wait, "wait")
    first = 0 if wait is None else wait + 1  # a body after the wait, never around it
    loop = draw.between(first, len(slots) - 1) if first < len(slots) and draw.chance(0.6) else None
    if loop is not None:
        slots.insert(loop, "for-each")
    return Plan(tuple(slots), loop, wait)


@dataclass(frozen=True)
class PlanTable:
    """Every plan of a tenant as arrays indexed by workflow and executions done, so that a run's
    CU and executions are lookups, and a group's are a histogram times a table."""

    pre: Ints
    body: Ints
    pause_after: Ints  # -1: no wait node
    # [workflow, done] -> quarter CU of the first `done` executions (the trigger not included)
    spent: Ints
    # [workflow, done, node] -> executions of each node type among the first `done`
    executions: Ints

    @classmethod
    def of(cls, plans: Sequence[Plan]) -> PlanTable:
        executions = np.zeros((len(plans), MAX_EXECUTIONS + 1, len(NODES)), dtype=np.int64)
        for row, plan in enumerate(plans):
            nodes = [NODE_INDEX[("action", s)] for s in plan.slots]
            for done in range(MAX_EXECUTIONS + 1):
                for node, count in zip(nodes, plan.counts(done), strict=True):
                    executions[row, done, node] += count
        return cls(
            pre=np.array([p.pre for p in plans], dtype=np.int64),
            body=np.array([p.body for p in plans], dtype=np.int64),
            pause_after=np.array([p.pause_after or -1 for p in plans], dtype=np.int64),
            spent=executions @ PRICE_QUARTERS,
            executions=executions,
        )


def quarters(table: PlanTable, workflow: Ints, trigger: Ints, done: Ints) -> Ints:
    """Each run's CU in quarters: its trigger and its first `done` executions."""
    result: Ints = PRICE_QUARTERS[trigger] + table.spent[workflow, done]
    return result


def node_counts(
    table: PlanTable, workflow: Ints, trigger: Ints, done: Ints, groups: Ints, size: int
) -> Ints:
    """[group, node]: executions per node type, summed over the runs of each group (a run's
    group in `groups`, one of 0..size): a histogram of (workflow, done) per group, times the
    table of what each of those executed."""
    width, plans = len(NODES), len(table.pre)
    cells = np.bincount(groups * width + trigger, minlength=size * width).reshape(size, width)
    combos = np.bincount((groups * plans + workflow) * (MAX_EXECUTIONS + 1) + done,
                         minlength=size * plans * (MAX_EXECUTIONS + 1))  # fmt: skip
    # In float64, whose products and sums of integers this small are exact, for BLAS's speed.
    flat = table.executions.reshape(plans * (MAX_EXECUTIONS + 1), width).astype(np.float64)
    product = combos.reshape(size, -1).astype(np.float64) @ flat
    result: Ints = cells + np.rint(product).astype(np.int64)
    return result
