"""CU aggregates: months and their summaries (grant, reset, deposits), the balance, days,
per-workflow usage."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulator.engine.rhythm import Rhythm
from emulator.engine.tenant import Placed, TenantRuns
from emulator.engine.timeline import Timeline
from emulator.store import RunList, micros
from emulator.vendor import Generation
from emulator.vendors.b3os import usage
from emulator.vendors.b3os.costs import price
from emulator.vendors.b3os.encoding import encode
from emulator.vendors.b3os.generator import HISTORY, runs_of
from emulator.vendors.b3os.ledger import snapshot
from emulator.vendors.b3os.model import place
from emulator.vendors.b3os.plans import NODES
from emulator.vendors.b3os.run import B3osRun, as_of, charge, new_run
from emulator.vendors.b3os.tenancy import CuAccount, organizations

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
ORG = organizations({"organizations": [{
    "slug": "a", "id": "org_a", "name": "A", "api_keys": [{"key": "b3sk_a", "scope": "read"}],
    "workflows": [{"id": "wf_x", "name": "X", "trigger": "schedule", "status": "paused"},
                  {"id": "wf_y", "name": "Y", "trigger": "token-price-cexes"}],
}]})[0]  # fmt: skip
ACCOUNT = CuAccount(1000.0, 0.0, monthly_grant=50.0, deposits={"2026-10": 7.0, "2026-12": 3.0})
SEPTEMBER, OCTOBER, NOVEMBER = (usage.month_index(2026, m) for m in (9, 10, 11))


def run(n: int, at: datetime, workflow: str = "wf_x", swaps: int = 1) -> B3osRun:
    charges = (charge("trigger", "schedule", 1), charge("action", "uniswap-swap", swaps))
    return new_run(f"run_{n:020d}", workflow, "success", "schedule", at, at, charges)


def tenant(*runs: B3osRun) -> TenantRuns:
    """An organisation with no generated runs, only these (as fixtures would add them)."""
    generation = Generation(b"s", 0, EPOCH, 0)
    generator: Any = runs_of(ORG, generation)
    rhythm = Rhythm.of(generation.key, micros(EPOCH) - 1, micros(EPOCH), 0)
    found = TenantRuns(Timeline(rhythm, generator), generator)
    for each in runs:
        found.add(Placed(place(each), each.id, each, "fixture"))
    return found


def account(runs: TenantRuns, at: datetime) -> usage.Account:
    return usage.Account(ACCOUNT, SEPTEMBER, snapshot(runs, at), at)


@pytest.mark.parametrize("year", [1, 1969, 1970, 2000, 2026, 2100, 9999])
def test_a_month_starts_at_its_first_microsecond(year: int) -> None:
    for month in (1, 2, 3, 12):
        start = usage.month_start_us(usage.month_index(year, month))
        assert start == micros(datetime(year, month, 1, tzinfo=UTC))


def test_the_year_0000_is_a_leap_year_before_the_first() -> None:
    day = 86_400_000_000
    assert usage.month_start_us(usage.month_index(0, 1)) == -719_528 * day
    assert usage.month_start_us(usage.month_index(0, 3)) == (-719_528 + 31 + 29) * day
    assert usage.month_start_us(usage.month_index(1, 1)) == (-719_528 + 366) * day


def test_a_summary_grants_from_the_first_month_and_resets_the_unused_grant() -> None:
    runs = tenant(
        run(1, datetime(2026, 9, 3, tzinfo=UTC)),  # 5.5 CU in September
        run(2, datetime(2026, 10, 9, tzinfo=UTC), swaps=12),
    )  # 60.5 CU in October
    seen = account(runs, datetime(2026, 11, 20, tzinfo=UTC))
    assert seen.summary(SEPTEMBER - 1) == {"adjusted": 0, "deposited": 0, "granted": 0, "used": 0}
    assert seen.summary(SEPTEMBER) == {"adjusted": 0, "deposited": 0, "granted": 50, "used": 5.5}
    assert seen.summary(OCTOBER) == {"adjusted": -44.5, "deposited": 7, "granted": 50,
                                     "used": 60.5}  # fmt: skip
    # October used more than its grant: nothing of it is left to expire.
    assert seen.summary(NOVEMBER) == {"adjusted": 0, "deposited": 0, "granted": 50, "used": 0}
    # December has not begun: neither its grant nor its deposit yet.
    assert seen.summary(NOVEMBER + 1) == {"adjusted": 0, "deposited": 0, "granted": 0, "used": 0}


def test_the_balance_moves_by_each_months_summary() -> None:
    runs = tenant(run(1, datetime(2026, 9, 3, tzinfo=UTC)),
                  run(2, datetime(2026, 10, 9, tzinfo=UTC), swaps=12),
                  run(3, datetime(2026, 11, 2, tzinfo=UTC), swaps=2))  # fmt: skip
    at_epoch = account(runs, EPOCH)
    assert usage.balance(at_epoch, at_epoch) == 1000
    later = account(runs, datetime(2026, 12, 5, tzinfo=UTC))
    # November: run 3 (10.5 CU); December: its grant, November's unused 39.5 expired, 3 in.
    assert usage.balance(at_epoch, later) == 1000 - 10.5 + 50 - 39.5 + 3
    # October's first instant: October has begun (its grant, deposit and reset are in), its
    # run has not; nor has November's grant.
    first = account(runs, datetime(2026, 10, 1, tzinfo=UTC))
    assert usage.balance(at_epoch, first) == 1000 - 50 + 60.5
    # The instant before: without October's grant, deposit and reset of September's 44.5.
    before = account(runs, datetime(2026, 10, 1, tzinfo=UTC) - timedelta(microseconds=1))
    assert usage.balance(at_epoch, before) == 1000 - 50 + 60.5 - 50 - 7 + 44.5


def test_days_are_utc_days_with_a_breakdown_that_adds_up() -> None:
    late = datetime(2026, 9, 30, 23, 59, 59, 999999, tzinfo=UTC)
    runs = tenant(run(1, late - timedelta(hours=1), swaps=3), run(2, late),
                  run(3, late + timedelta(days=1)))  # fmt: skip
    days = json.loads(usage.daily(snapshot(runs, EPOCH), SEPTEMBER))
    assert days == [{
        "breakdown": [{"count": 2, "cu": 1.0, "nodeType": "schedule", "type": "trigger"},
                      {"count": 4, "cu": 20.0, "nodeType": "uniswap-swap", "type": "action"}],
        "date": "2026-09-30", "used": 21.0,
    }]  # fmt: skip
    assert usage.daily(snapshot(runs, EPOCH), NOVEMBER) == b"[]"


@pytest.fixture(scope="module")
def generated() -> TenantRuns:
    """2,000 generated runs in the 90 days before the epoch, one of them deleted."""
    generation = Generation(b"usage", 2000, EPOCH, 0)
    generator: Any = runs_of(ORG, generation)
    rhythm = Rhythm.of(generation.key, micros(EPOCH - HISTORY), micros(EPOCH), 2000)
    found = TenantRuns(Timeline(rhythm, generator), generator)
    found.add(Placed(place(fixture := run(1, EPOCH - timedelta(days=3))), fixture.id, fixture,
                     "fixture"))  # fmt: skip
    found.hide(1990)
    return found


@pytest.mark.parametrize("now", [EPOCH, EPOCH + timedelta(hours=30), EPOCH - timedelta(days=45)])
def test_days_are_the_go_encoding_of_the_runs_started_on_them(
    generated: TenantRuns, now: datetime
) -> None:
    served = [as_of(r, now) for r in RunList(generated, micros(now))]
    for month in (SEPTEMBER - 1, SEPTEMBER, OCTOBER, NOVEMBER):
        encoded = usage.daily(snapshot(generated, now), month)
        days = json.loads(encoded)
        assert encode(days) == encoded  # as Go's encoder writes the same values
        assert days == expected_days(served, month)


def expected_days(served: list[B3osRun], month: int) -> list[dict[str, Any]]:
    """Each day of `month` with runs: its executions by node type priced, and its CU."""
    counts: dict[str, Counter[tuple[str, str]]] = {}
    used: dict[str, float] = {}
    for each in served:
        if usage.month_of(each.started_at) == month:
            day = each.started_at.date().isoformat()
            for c in each.charges:
                counts.setdefault(day, Counter())[(c.kind, c.node_type)] += c.count
            used[day] = used.get(day, 0.0) + each.total_cu
    return [{"breakdown": [{"count": counts[day][node], "cu": counts[day][node] * price(*node).cost,
                            "nodeType": node[1], "type": node[0]}
                           for node in NODES if counts[day][node] > 0],
             "date": day, "used": used[day]} for day in sorted(counts)]  # fmt: skip


def test_usage_by_workflow_sums_runs_in_the_window() -> None:
    start = datetime(2026, 10, 1, tzinfo=UTC)
    runs = tenant(
        run(1, start),
        run(2, start + timedelta(hours=1), swaps=2),
        run(3, start, workflow="wf_y", swaps=4),
        run(4, start + timedelta(hours=2)),
    )
    window = (micros(start) // 1000, micros(start + timedelta(hours=2)) // 1000)
    rows = usage.by_workflow(ORG, snapshot(runs, EPOCH), *window)
    assert rows == [
        # A mean of 20.5 rounds half away from zero, as Go's math.Round does.
        {"cuPerHour": 10.25, "estimatedCostPerRun": 21, "isStream": True, "runCount": 1,
         "status": "active", "totalCu": 20.5, "triggerType": "token-price-cexes",
         "workflowId": "wf_y", "workflowName": "Y"},
        {"cuPerHour": 8.0, "estimatedCostPerRun": 8, "isStream": False, "runCount": 2,
         "status": "paused", "totalCu": 16.0, "triggerType": "schedule", "workflowId": "wf_x",
         "workflowName": "X"},
    ]  # fmt: skip
    assert usage.by_workflow(ORG, snapshot(runs, EPOCH), 0, 2**63 - 1)[0]["runCount"] == 3
