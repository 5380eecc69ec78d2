"""CU aggregates as of now, each the exact sum of the runs it covers (a client reconciles them):

- a day's `used` is the CU of the runs started that UTC day (a run in progress: what it has
  spent so far), and its breakdown sums to it; a month's `used` is the sum of its days;
- a workflow's `totalCu` in a window is the sum of its runs started in the window;
- the account opens with the generated history: from the month it starts in, each month that
  has begun is granted `monthly_grant` and the unused part of the last month's grant expires
  at its start (the reset, in `adjusted`; usage draws on the grant first); a month's
  `deposited` is tenants.yaml's deposit for it once it has begun. So the balance moves by
  `granted + deposited + adjusted - used` of each month, and tenants.yaml's `balance` is the
  balance at the epoch: at any other instant it differs by what those sums moved since.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import numpy as np

from emulator.vendors.b3os.encoding import encode, go_quarters
from emulator.vendors.b3os.ledger import DAY_US, Snapshot
from emulator.vendors.b3os.plans import NODES, PRICE_QUARTERS
from emulator.vendors.b3os.tenancy import CuAccount, Organization

_FAR_US = 2**62  # beyond any instant a clock of the years 1..9999 can name
_UNIX_ORDINAL = date(1970, 1, 1).toordinal()
# A breakdown item's fields after `cu`, per node type (Go writes a struct's fields in order).
_NODE_TAILS = [f',"nodeType":{encode(name).decode()},"type":{encode(kind).decode()}}}'
               for kind, name in NODES]  # fmt: skip


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_of(instant: datetime) -> int:
    return month_index(instant.year, instant.month)


def month_start_us(index: int) -> int:
    """The first microsecond of a month (any proleptic Gregorian year, 0000 included)."""
    year, month = divmod(index, 12)
    return _days_from_civil(year, month + 1) * DAY_US


def _days_from_civil(year: int, month: int) -> int:
    """Days from 1970-01-01 to the first of the month (H. Hinnant's algorithm)."""
    year -= month <= 2
    era = year // 400
    of_era = year - era * 400
    day_of_year = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5
    day_of_era = of_era * 365 + of_era // 4 - of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


class Account:
    """One organisation's CU account seen from one instant (its snapshot of the runs)."""

    def __init__(self, cu: CuAccount, first: int, snap: Snapshot, now: datetime) -> None:
        self.cu, self.first, self.snap, self.now = cu, first, snap, month_of(now)

    def used(self, months: range) -> list[int]:
        """Quarter CU of the runs started in each month."""
        edges = np.array([month_start_us(m) for m in (*months, months.stop)], dtype=np.int64)
        return [int(q) for q in self.snap.windows(edges)[1]] if len(months) else []

    def flow(self) -> float:
        """Everything the account has moved by since before it opened, up to the instant."""
        granted = self.cu.monthly_grant * max(0, self.now - self.first + 1)
        deposited = sum(a for m, a in self.cu.deposits.items() if _month(m) <= self.now)
        closed = self.used(range(self.first, self.now))
        expired = sum(max(self.cu.monthly_grant - q / 4, 0.0) for q in closed)
        everything = self.snap.windows(np.array([-_FAR_US, _FAR_US], dtype=np.int64))[1][0]
        return granted + deposited - expired - int(everything) / 4

    def summary(self, month: int) -> dict[str, float]:
        has_begun = month <= self.now
        before, used = self.used(range(month - 1, month + 1))
        grant = self.cu.monthly_grant
        expired = max(grant - before / 4, 0.0) if has_begun and month > self.first else 0.0
        return {
            "adjusted": -expired if expired else 0.0,
            "deposited": self.cu.deposits.get(_name(month), 0.0) if has_begun else 0.0,
            "granted": grant if has_begun and month >= self.first else 0.0,
            "used": used / 4,
        }


def balance(at_epoch: Account, now: Account) -> float:
    return at_epoch.cu.balance + (now.flow() - at_epoch.flow())


def daily(snap: Snapshot, month: int) -> bytes:
    """The month's days that have runs, encoded (`daily`): each its breakdown by node type,
    its date and its CU. Written as text from the counts: a month has hundreds of breakdown
    items, and encoding them as dicts cost most of the request."""
    days = range(month_start_us(month) // DAY_US, month_start_us(month + 1) // DAY_US)
    edges = np.array([d * DAY_US for d in (*days, days.stop)], dtype=np.int64)
    runs, quarters = snap.windows(edges)
    cells = snap.cells(days)
    counts, charged = cells.tolist(), (cells * PRICE_QUARTERS).tolist()
    items = [_day(day, int(quarters[row]), counts[row], charged[row])
             for row, day in enumerate(days) if runs[row] > 0]  # fmt: skip
    return ("[" + ",".join(items) + "]").encode("utf-8")


def _day(day: int, quarters: int, counts: list[int], charged: list[int]) -> str:
    breakdown = ",".join(
        f'{{"count":{count},"cu":{go_quarters(cu)}{_NODE_TAILS[node]}'
        for node, (count, cu) in enumerate(zip(counts, charged, strict=True)) if count > 0
    )  # fmt: skip
    stamp = date.fromordinal(_UNIX_ORDINAL + day).isoformat()
    return f'{{"breakdown":[{breakdown}],"date":"{stamp}","used":{go_quarters(quarters)}}}'


def by_workflow(organization: Organization, snap: Snapshot, start_ms: int, end_ms: int,
                ) -> list[dict[str, Any]]:  # fmt: skip
    low, high = (min(max(ms * 1000, -_FAR_US), _FAR_US) for ms in (start_ms, end_ms))
    runs, quarters = snap.by_workflow(low, high)
    hours = (end_ms - start_ms) / 3_600_000
    items = [
        _workflow_item(organization, index, int(runs[index]), int(quarters[index]) / 4, hours)
        for index in range(len(runs)) if runs[index] > 0
    ]  # fmt: skip
    return sorted(items, key=lambda i: (-i["totalCu"], i["workflowId"]))


def _workflow_item(
    organization: Organization, index: int, runs: int, total: float, hours: float
) -> dict[str, Any]:
    workflow = organization.workflows[index]
    return {
        "cuPerHour": total / hours,
        # Go's math.Round of the mean: half away from zero (CU is never negative).
        "estimatedCostPerRun": math.floor(total / runs + 0.5),
        "isStream": workflow.is_stream,
        "runCount": runs,
        "status": workflow.status,
        "totalCu": total,
        "triggerType": workflow.trigger,
        "workflowId": workflow.id,
        "workflowName": workflow.name,
    }


def _month(name: str) -> int:
    return month_index(int(name[:4]), int(name[5:7]))


def _name(month: int) -> str:
    year, number = divmod(month, 12)
    return f"{year:04d}-{number + 1:02d}"
