"""CU aggregates, each the exact sum of the runs it covers (a client reconciles them):

- a day's `used` is the CU of the runs started that UTC day, and its breakdown sums to it;
- a month's summary `used` is the sum of its days;
- a workflow's `totalCu` in a window is the sum of its runs started in the window;
- the balance is the account's balance at the epoch less the CU of runs started after it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from emulator.vendors.b3os.model import B3osRun
from emulator.vendors.b3os.query import Window
from emulator.vendors.b3os.tenancy import CuAccount, Organization

_KIND_ORDER = {"trigger": 0, "action": 1}


def balance(account: CuAccount, runs: Sequence[B3osRun], epoch: datetime) -> float:
    """Runs are newest first, so only the runs after the epoch are visited."""
    spent = 0.0
    for run in runs:
        if run.started_at <= epoch:
            break
        spent += run.total_cu
    return account.balance - spent


def daily(runs: Iterable[B3osRun], year: int, month: int) -> list[dict[str, Any]]:
    days: dict[str, list[B3osRun]] = defaultdict(list)
    for run in runs:
        if (run.started_at.year, run.started_at.month) == (year, month):
            days[run.started_at.date().isoformat()].append(run)
    return [_day(date, days[date]) for date in sorted(days)]


def _day(date: str, runs: list[B3osRun]) -> dict[str, Any]:
    cells: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for run in runs:
        for charge in run.charges:
            cell = cells[(charge.kind, charge.node_type)]
            cell[0] += charge.count
            cell[1] += charge.cu
    keys = sorted(cells, key=lambda k: (_KIND_ORDER[k[0]], k[1]))
    breakdown = [
        {"count": int(cells[k][0]), "cu": cells[k][1], "nodeType": k[1], "type": k[0]} for k in keys
    ]
    return {"breakdown": breakdown, "date": date, "used": sum((r.total_cu for r in runs), 0.0)}


def summary(
    account: CuAccount, year_month: str, days: list[dict[str, Any]], is_past: bool
) -> dict[str, Any]:
    """granted: the plan's monthly grant once the month has begun; adjustments: none modelled."""
    return {
        "adjusted": 0.0,
        "deposited": account.deposits.get(year_month, 0.0),
        "granted": account.monthly_grant if is_past else 0.0,
        "used": sum((d["used"] for d in days), 0.0),
    }


def by_workflow(
    organization: Organization, runs: Iterable[B3osRun], window: Window
) -> list[dict[str, Any]]:
    groups: dict[str, list[B3osRun]] = defaultdict(list)
    for run in runs:
        if window.holds(run):
            groups[run.workflow_id].append(run)
    items = [_workflow_item(organization, wid, found, window) for wid, found in groups.items()]
    return sorted(items, key=lambda i: (-i["totalCu"], i["workflowId"]))


def _workflow_item(
    organization: Organization, workflow_id: str, runs: list[B3osRun], window: Window
) -> dict[str, Any]:
    workflow = organization.workflow(workflow_id)
    total = sum((r.total_cu for r in runs), 0.0)
    return {
        "cuPerHour": total / window.hours,
        # Go's math.Round of the mean: half away from zero (CU is never negative).
        "estimatedCostPerRun": math.floor(total / len(runs) + 0.5),
        "isStream": workflow.is_stream if workflow else False,
        "runCount": len(runs),
        "status": workflow.status if workflow else "archived",
        "totalCu": total,
        "triggerType": workflow.trigger if workflow else "manual",
        "workflowId": workflow_id,
        "workflowName": workflow.name if workflow else "",
    }
