"""`GET /api/v1/organizations/usage/current-period` and `/usage/daily-breakdown`
(api/routes/organization_usage.py and api/db/organization_usage_client.py at
dograh-hq/dograh@058c540c), as of now.

The current period is the calendar month in UTC; its counters come from the organisation's
usage-cycle row, which nothing increments since billing v2 (1f1149f4 removed
`update_usage_after_run`), so they read 0 whatever the runs; the USD fields are null without
pricing (the response model keeps their keys). The daily breakdown sums the raw durations of
completed runs per date in the organisation's timezone, newest date first, from the midnight
`days - 1` days before now (server time, UTC) to now; only organisations with pricing have one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from emulator.errors import ApiError
from emulator.vendor import Call, Reply
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.tenancy import Organization
from emulator.vendors.dograh.totals import daily

NO_PRICING = "Daily breakdown is only available for organizations with pricing configured"


def get_current_period_usage(call: Call) -> Reply:
    organization = _organization(call)
    start, end = period_of(call.state.clock.now())
    priced = organization.price_per_second_usd is not None
    return Reply(
        {
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "used_dograh_tokens": 0.0,
            "total_duration_seconds": 0,
            "used_amount_usd": 0.0 if priced else None,
            "currency": "USD" if priced else None,
            "price_per_second_usd": organization.price_per_second_usd,
        }
    )


def period_of(now: datetime) -> tuple[datetime, datetime]:
    """`_calculate_current_period`: this UTC month, to its last second."""
    start = now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(seconds=1)


def get_daily_usage_breakdown(call: Call) -> Reply:
    organization = _organization(call)
    price = organization.price_per_second_usd
    if price is None:
        raise ApiError(400, "bad_request", NO_PRICING)
    now = call.state.clock.now()
    start = (now - timedelta(days=call.params["days"] - 1)).astimezone(UTC)
    start = start.replace(hour=0, minute=0, second=0, microsecond=0)
    days = daily(call.state.store.tenant(organization.slug), start, now, zone(organization))
    return Reply(breakdown([(d.day.isoformat(), d.seconds, d.count) for d in days], price))


def breakdown(days: list[tuple[str, float, int]], price: float) -> dict[str, Any]:
    """Each day rounded on its own, the totals from the unrounded sums (Python's round)."""
    items, minutes, cost, tokens = [], 0.0, 0.0, 0.0
    for day, seconds, count in days:
        day_cost = seconds * price
        minutes, cost, tokens = minutes + seconds / 60, cost + day_cost, tokens + day_cost * 100
        items.append(
            {
                "date": day,
                "minutes": round(seconds / 60, 1),
                "cost_usd": round(day_cost, 2),
                "dograh_tokens": round(day_cost * 100, 0),
                "call_count": count,
            }
        )
    return {
        "breakdown": items,
        "total_minutes": float(round(minutes, 1)),
        "total_cost_usd": float(round(cost, 2)),
        "total_dograh_tokens": float(round(tokens, 0)),
        "currency": "USD",
    }


def zone(organization: Organization) -> tzinfo:
    """The preference's timezone; one ZoneInfo does not know is UTC, as at the vendor."""
    try:
        return ZoneInfo(organization.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _organization(call: Call) -> Organization:
    caller: Caller = call.principal
    return caller.organization
