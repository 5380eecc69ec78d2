"""Workflow plans and the executions a run has done, for one run and tabulated for many."""

from __future__ import annotations

import numpy as np

from emulator.vendors.b3os.costs import price
from emulator.vendors.b3os.plans import (
    MAX_EXECUTIONS,
    NODE_INDEX,
    NODES,
    Plan,
    PlanTable,
    node_counts,
    plan_of,
    quarters,
)
from emulator.vendors.b3os.tenancy import Workflow

LOOPED = Plan(("http-request", "wait", "for-each", "send-email", "if"), loop=2, wait=1)
STRAIGHT = Plan(("uniswap-swap", "generate-id"), loop=None, wait=None)


def test_a_run_goes_through_its_plan_once_then_the_body_per_iteration() -> None:
    assert (LOOPED.pre, LOOPED.body, LOOPED.pause_after, LOOPED.executions(3)) == (3, 2, 2, 9)
    assert LOOPED.counts(0) == (0, 0, 0, 0, 0)
    assert LOOPED.counts(3) == (1, 1, 1, 0, 0)
    assert LOOPED.counts(4) == (1, 1, 1, 1, 0)
    assert LOOPED.counts(8) == (1, 1, 1, 3, 2)
    assert STRAIGHT.counts(1) == (1, 0) and STRAIGHT.counts(2) == (1, 1)


def test_a_plan_is_fixed_by_key_and_workflow_and_waits_outside_its_loop() -> None:
    seen = set()
    for n in range(300):
        workflow = Workflow(f"wf_{n}", "W", "manual")
        plan = plan_of(workflow, 7)
        assert plan == plan_of(workflow, 7)
        assert 1 <= len([s for s in plan.slots if s not in ("wait", "for-each")]) <= 4
        if plan.wait is not None:
            assert plan.slots[plan.wait] == "wait"
        if plan.loop is not None:
            assert plan.slots[plan.loop] == "for-each" and plan.body >= 1
            assert plan.wait is None or plan.wait < plan.loop
        seen.add((plan.wait is not None, plan.loop is not None))
    assert len(seen) == 4


def test_the_table_is_each_plans_counts() -> None:
    table = PlanTable.of([LOOPED, STRAIGHT])
    for row, plan in enumerate((LOOPED, STRAIGHT)):
        for done in range(MAX_EXECUTIONS + 1):
            expected = np.zeros(len(NODES), dtype=np.int64)
            for node, count in zip(plan.slots, plan.counts(done), strict=True):
                expected[NODE_INDEX[("action", node)]] += count
            assert (table.executions[row, done] == expected).all()
            cost = sum(c * price("action", n).cost for n, c in zip(plan.slots, plan.counts(done),
                                                                   strict=True))  # fmt: skip
            assert table.spent[row, done] == cost * 4


def test_quarters_and_node_counts_over_many_runs() -> None:
    table = PlanTable.of([LOOPED, STRAIGHT])
    webhook, manual = NODE_INDEX[("trigger", "webhook")], NODE_INDEX[("trigger", "manual")]
    workflow, trigger = np.array([0, 0, 1]), np.array([webhook, webhook, manual])
    done, groups = np.array([8, 2, 2]), np.array([1, 1, 0])
    # webhook 0.5 + http 1 + wait 0.25 + for-each 0.25 + 3 send-email 4.5 + 2 if 0.5 = 7 CU
    assert quarters(table, workflow, trigger, done).tolist() == [28, 7, 21]
    cells = node_counts(table, workflow, trigger, done, groups, 2)
    assert cells[0, NODE_INDEX[("action", "uniswap-swap")]] == 1 and cells[0].sum() == 3
    assert cells[1, NODE_INDEX[("trigger", "webhook")]] == 2
    assert cells[1, NODE_INDEX[("action", "http-request")]] == 2
    assert cells[1, NODE_INDEX[("action", "send-email")]] == 3 and cells[1].sum() == 2 + 8 + 2
