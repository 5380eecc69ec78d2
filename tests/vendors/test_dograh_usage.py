"""Dograh's usage aggregates and CSV report over HTTP (api/routes/organization_usage.py and
api/db/organization_usage_client.py at 058c540c), as of now: each agrees with the runs the usage
list and the run details show."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from emulator.runtime import Runtime
from tests.vendors.dograh_api import (
    ACME,
    GLOBEX_KEY,
    USAGE,
    Client,
    every_run,
    every_run_of,
    get_json,
)

PERIOD = "/dograh/api/v1/organizations/usage/current-period"
DAILY = "/dograh/api/v1/organizations/usage/daily-breakdown"
REPORT = "/dograh/api/v1/organizations/usage/runs/report"
INITECH = {"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}


async def test_the_current_period_is_this_utc_month_and_its_counters_read_zero(
    client: Client,
) -> None:
    assert await get_json(client, PERIOD) == {
        "period_start": "2026-11-01T00:00:00+00:00",
        "period_end": "2026-11-30T23:59:59+00:00",
        "used_dograh_tokens": 0.0,
        "total_duration_seconds": 0,
        "used_amount_usd": 0.0,
        "currency": "USD",
        "price_per_second_usd": 0.0025,
    }
    unpriced = await get_json(client, PERIOD, headers=INITECH)
    shown = (unpriced["used_amount_usd"], unpriced["currency"], unpriced["price_per_second_usd"])
    assert shown == (None, None, None)


async def test_the_period_follows_the_clock(client: Client, runtime: Runtime) -> None:
    runtime.clock.freeze(datetime(2028, 2, 10, 17, 30, tzinfo=UTC))
    body = await get_json(client, PERIOD)
    assert (body["period_start"], body["period_end"]) == (
        "2028-02-01T00:00:00+00:00", "2028-02-29T23:59:59+00:00",
    )  # fmt: skip


async def raw_completed(client: Client, headers: dict[str, str], since: datetime) -> list[Any]:
    """(created_at, raw duration) of the completed runs since `since`, read from the usage list
    and each run's details."""
    found = []
    start = since.isoformat()
    for item in await every_run_of(client, headers, start_date=start):
        path = f"/dograh/api/v1/workflow/{item['workflow_id']}/runs/{item['id']}"
        run = await get_json(client, path, headers=headers)
        if run["is_completed"]:
            usage = run["usage_info"] or {}
            found.append(
                (datetime.fromisoformat(item["created_at"]), usage.get("call_duration_seconds"))
            )
    return found


@pytest.mark.parametrize(
    ("headers", "zone", "days"),
    [(ACME, "America/New_York", 30), ({"X-API-Key": GLOBEX_KEY}, "UTC", 7)],
)
async def test_the_daily_breakdown_sums_the_completed_runs_per_local_day(
    client: Client, headers: dict[str, str], zone: str, days: int
) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    since = (now - timedelta(days=days - 1)).replace(hour=0)
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for created, duration in await raw_completed(client, headers, since):
        day = created.astimezone(ZoneInfo(zone)).date().isoformat()
        seconds[day] += duration or 0
        counts[day] += 1
    price = 0.0025 if headers is ACME else 0.002
    body = await get_json(client, DAILY, headers=headers, days=days)
    assert [d["date"] for d in body["breakdown"]] == sorted(counts, reverse=True)
    for item in body["breakdown"]:
        total = seconds[item["date"]]
        assert item == {"date": item["date"], "minutes": round(total / 60, 1),
                        "cost_usd": round(total * price, 2),
                        "dograh_tokens": round(total * price * 100, 0),
                        "call_count": counts[item["date"]]}  # fmt: skip
    assert body["total_minutes"] == round(sum(seconds.values()) / 60, 1)
    assert body["currency"] == "USD"


async def test_the_breakdown_moves_with_the_clock(client: Client, runtime: Runtime) -> None:
    before = await get_json(client, DAILY, days=30)
    runtime.clock.advance(timedelta(days=3))
    after = await get_json(client, DAILY, days=30)
    assert after["breakdown"][0]["date"] > before["breakdown"][0]["date"]
    assert sum(d["call_count"] for d in after["breakdown"]) != sum(
        d["call_count"] for d in before["breakdown"]
    )


async def test_an_empty_breakdown_keeps_its_floats(client: Client, runtime: Runtime) -> None:
    runtime.clock.freeze(datetime(2026, 7, 1, tzinfo=UTC))  # before any run
    response = await client.get(DAILY, params={"days": "1"}, headers=ACME)
    assert await response.text() == (
        '{"breakdown":[],"total_minutes":0.0,"total_cost_usd":0.0,"total_dograh_tokens":0.0,'
        '"currency":"USD"}'
    )


async def test_the_breakdown_needs_pricing_and_a_days_count_of_1_to_30(client: Client) -> None:
    assert await get_json(client, DAILY, headers=INITECH, status=400) == {
        "detail": "Daily breakdown is only available for organizations with pricing configured"
    }
    low = await get_json(client, DAILY, status=422, days=0)
    assert low["detail"][0] | {"msg": ""} == {
        "type": "greater_than_equal", "loc": ["query", "days"], "msg": "", "input": "0",
        "ctx": {"ge": 1},
    }  # fmt: skip
    assert (await get_json(client, DAILY, status=422, days=31))["detail"][0]["ctx"] == {"le": 30}


# --- the CSV report ------------------------------------------------------------------------------


async def report(client: Client, **query: str) -> tuple[Any, list[list[str]], str]:
    response = await client.get(REPORT, params=query, headers=ACME)
    assert response.status == 200, await response.text()
    text = await response.text()
    return response, list(csv.reader(io.StringIO(text))), text


async def test_the_report_is_the_usage_lists_runs_as_csv(client: Client) -> None:
    query = {"start_date": "2026-10-01", "filters": json.dumps(
        [{"attribute": "callDirection", "type": "radio", "value": {"status": "outbound"}},
         {"attribute": "status", "type": "radio", "value": {"status": "completed"}}])}  # fmt: skip
    response, rows, text = await report(client, **query)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="usage_runs_20261101_000000.csv"'
    )
    assert rows[0] == ["Run ID", "Campaign ID", "Agent ID", "Agent Definition ID", "Created At",
                       "Phone Number", "Call Disposition", "Call Duration (s)", "Call Tags",
                       "Transcript URL", "Recording URL"]  # fmt: skip
    assert "\r\n" in text
    listed = await every_run(client, **query)  # `status` is not the usage list's: dropped
    assert [int(row[0]) for row in rows[1:]] == [r["id"] for r in listed]
    by_id = {r["id"]: r for r in listed}
    for row in rows[1:]:
        run = by_id[int(row[0])]
        assert row[2] == str(run["workflow_id"]) and row[4] == run["created_at"]
        assert row[6] == (run["disposition"] or "")


async def test_the_report_shows_raw_durations_in_progress_runs_and_public_links(
    client: Client,
) -> None:
    _, rows, _ = await report(
        client, start_date="2026-10-30T15:45:10.5Z", end_date="2026-10-31T23:58:30Z"
    )
    by_id = {int(row[0]): row for row in rows[1:]}
    assert by_id[900063][7] == "" and by_id[900063][6] == ""  # in progress: no usage yet
    assert by_id[900066][7] == "61" and by_id[900066][1] == "7"  # campaign 7
    assert by_id[900066][9] == by_id[900066][10] == ""  # no token yet
    await get_json(client, "/dograh/api/v1/workflow/1207/runs/900066")  # makes its token
    _, rows, _ = await report(
        client, start_date="2026-10-30T15:45:10.5Z", end_date="2026-10-30T15:45:10.5Z"
    )
    root = str(client.make_url("/dograh/api/v1/public/download/workflow/"))
    assert rows[1][9].startswith(root) and rows[1][9].endswith("/transcript")
    assert rows[1][10].endswith("/recording")


@pytest.mark.parametrize(
    "query",
    [{"start_date": "April"}, {"filters": "5"}, {"filters": '{"a": 1}'},
     {"filters": '[{"attribute": "runId", "type": "number", "value": null}]'}],
)  # fmt: skip
async def test_the_reports_failures_are_unhandled(client: Client, query: dict[str, str]) -> None:
    response = await client.get(REPORT, params=query, headers=ACME)
    assert (response.status, await response.text()) == (500, "Internal Server Error")
    bad = await client.get(REPORT, params={"filters": "[{"}, headers=ACME)
    assert (bad.status, await bad.json()) == (400, {"detail": "Invalid filters format"})
    assert (await client.get(USAGE, params=query, headers=ACME)).status == 500
