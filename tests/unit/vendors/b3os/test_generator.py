"""Seeded B3OS runs: a pure function of the generation, internally consistent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.vendor import Generation
from emulator.vendors.b3os.costs import price
from emulator.vendors.b3os.generator import RUNNING_WINDOW, generate, plan_of
from emulator.vendors.b3os.model import B3osRun
from emulator.vendors.b3os.tenancy import Organization, organizations
from tests.b3os_xid import seconds_of

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
SECTION = {
    "organizations": [
        {
            "slug": "acme",
            "id": "org_aaaaaaaaaaaaaaaaaaaa",
            "name": "Acme",
            "api_keys": [{"key": "b3sk_w", "scope": "read-write"}],
            "workflows": [
                {"id": f"wf_{n}", "name": f"W{n}", "trigger": trigger}
                for n, trigger in enumerate(["manual", "schedule", "token-price-cexes", "evm-log"])
            ],
        }
    ]
}


def acme() -> Organization:
    return organizations(SECTION)[0]


def runs(seed: bytes = b"seed", count: int = 600) -> list[B3osRun]:
    return generate(acme(), Generation(seed, count, EPOCH, 0))


def test_the_same_generation_gives_the_same_runs() -> None:
    assert runs() == runs()
    assert runs() != runs(b"other")


def test_runs_are_consistent() -> None:
    for run in runs():
        assert run.started_at < EPOCH
        assert seconds_of(run.id) == int(run.started_at.timestamp())
        assert (run.finished_at is None) == (run.status in ("running", "waiting"))
        if run.finished_at is not None:
            assert run.finished_at >= run.started_at
        assert run.total_cu == sum(c.count * price(c.kind, c.node_type).cost for c in run.charges)
        assert run.charges[0] == (run.charges[0].__class__("trigger", run.trigger_source, 1,
                                  price("trigger", run.trigger_source).cost))  # fmt: skip


def test_running_runs_are_recent_and_partial_runs_loop() -> None:
    generated = runs(count=5000)
    statuses = {run.status for run in generated}
    assert {"success", "failure", "cancelled", "partial"} <= statuses
    for run in generated:
        if run.status == "running":
            assert EPOCH - run.started_at < RUNNING_WINDOW
        if run.status == "partial":
            assert any(c.node_type == "for-each" for c in run.charges)


def test_a_workflows_plan_is_fixed_by_the_seed() -> None:
    workflow = acme().workflows[0]
    assert plan_of(workflow, b"a") == plan_of(workflow, b"a")
    plan = plan_of(workflow, b"a")
    assert plan.loop is None or plan.actions[plan.loop] == "for-each"
    assert plan.wait is None or plan.actions[plan.wait] == "wait"


def test_history_spans_several_months() -> None:
    months = {(r.started_at.year, r.started_at.month) for r in runs()}
    assert len(months) >= 3
    assert min(r.started_at for r in runs()) >= EPOCH - timedelta(days=75)


def test_only_b3os_organizations_are_generated() -> None:
    with pytest.raises(TypeError):
        generate(object(), Generation(b"s", 1, EPOCH, 0))
