"""CU aggregates: balance, days, month summary, per-workflow usage."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.vendors.b3os.model import B3osRun, charge, new_run
from emulator.vendors.b3os.query import Window, micros
from emulator.vendors.b3os.tenancy import CuAccount, organizations
from emulator.vendors.b3os.usage import balance, by_workflow, daily, summary

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
ORG = organizations({"organizations": [{
    "slug": "a", "id": "org_a", "name": "A", "api_keys": [{"key": "b3sk_a", "scope": "read"}],
    "workflows": [{"id": "wf_x", "name": "X", "trigger": "schedule", "status": "paused"},
                  {"id": "wf_y", "name": "Y", "trigger": "token-price-cexes"}],
}]})[0]  # fmt: skip


def run(n: int, at: datetime, workflow: str = "wf_x", swaps: int = 1) -> B3osRun:
    charges = (charge("trigger", "schedule", 1), charge("action", "uniswap-swap", swaps))
    return new_run(f"run_{n:020d}", workflow, "success", "schedule", at, at, charges)


def newest_first(*runs: B3osRun) -> list[B3osRun]:
    return sorted(runs, key=lambda r: r.started_at, reverse=True)


def test_the_balance_is_debited_by_runs_after_the_epoch_only() -> None:
    account = CuAccount(balance=100.0, min_threshold=0.0)
    runs = newest_first(run(1, EPOCH + timedelta(hours=1)), run(2, EPOCH),
                        run(3, EPOCH - timedelta(days=3)))  # fmt: skip
    assert balance(account, runs, EPOCH) == 100.0 - 5.5


def test_days_are_utc_days_with_a_breakdown_that_adds_up() -> None:
    late = datetime(2026, 9, 30, 23, 59, 59, 999999, tzinfo=UTC)
    runs = [run(1, late), run(2, late - timedelta(hours=1), swaps=3), run(3, late + timedelta(1))]
    days = daily(runs, 2026, 9)
    assert days == [{
        "breakdown": [{"count": 2, "cu": 1.0, "nodeType": "schedule", "type": "trigger"},
                      {"count": 4, "cu": 20.0, "nodeType": "uniswap-swap", "type": "action"}],
        "date": "2026-09-30", "used": 21.0,
    }]  # fmt: skip
    assert daily(runs, 2026, 11) == []


def test_the_summary_sums_the_days_and_grants_only_begun_months() -> None:
    account = CuAccount(1.0, 0.0, monthly_grant=50.0, deposits={"2026-10": 7.0})
    days = [{"used": 1.25}, {"used": 2.5}]
    assert summary(account, "2026-10", days, True) == {
        "adjusted": 0.0, "deposited": 7.0, "granted": 50.0, "used": 3.75}  # fmt: skip
    assert summary(account, "2026-12", [], False)["granted"] == 0.0


def test_usage_by_workflow_sums_runs_in_the_window() -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    runs = [
        *(run(1, start), run(2, start + timedelta(hours=1), swaps=2)),
        *(run(3, start, workflow="wf_y", swaps=4), run(4, start + timedelta(hours=2))),
    ]
    window = Window.of(micros(start) // 1000, micros(start + timedelta(hours=2)) // 1000)
    rows = by_workflow(ORG, runs, window)
    assert rows == [
        # A mean of 20.5 rounds half away from zero, as Go's math.Round does.
        {"cuPerHour": 10.25, "estimatedCostPerRun": 21, "isStream": True, "runCount": 1,
         "status": "active", "totalCu": 20.5, "triggerType": "token-price-cexes",
         "workflowId": "wf_y", "workflowName": "Y"},
        {"cuPerHour": 8.0, "estimatedCostPerRun": 8, "isStream": False, "runCount": 2,
         "status": "paused", "totalCu": 16.0, "triggerType": "schedule", "workflowId": "wf_x",
         "workflowName": "X"},
    ]  # fmt: skip
