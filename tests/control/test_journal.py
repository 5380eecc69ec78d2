"""The request journal over HTTP: what clients sent and got, masked, filtered, counted."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from emulator.app import build_app, own_port_app
from emulator.control.journal.book import Journal
from emulator.control.plane import ControlPlane
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from tests.control.control_api import ACME, GLOBEX, Client, call, problem
from tests.vendors.dograh_api import ACME_KEY, ACME_TOKEN, GLOBEX_KEY, USAGE, get_json

REQUESTS = "/_emulator/requests"


async def journal(client: Client, **query: Any) -> list[dict[str, Any]]:
    body = await call(client, "GET", REQUESTS, **query)
    entries: list[dict[str, Any]] = body["requests"]
    return entries


async def test_an_entry_says_what_was_sent_and_answered(client: Client) -> None:
    await get_json(client, USAGE, limit=3, sort_order="asc")
    [entry] = await journal(client)
    assert entry["vendor"] == "dograh" and entry["method"] == "GET"
    assert entry["path"] == "/api/v1/organizations/usage/runs"
    assert entry["raw_path"] == f"{USAGE}?limit=3&sort_order=asc"
    assert entry["query"] == {"limit": ["3"], "sort_order": ["asc"]}
    assert (entry["operation"], entry["tenant"], entry["status"]) == (
        "get_usage_history", ACME, 200,
    )  # fmt: skip
    assert entry["latency_ms"] >= 0 and entry["faults"] == [] and entry["body"] is None
    assert entry["id"] == 1 and entry["at"].endswith("+00:00")


async def test_credentials_are_masked_in_the_listing(client: Client) -> None:
    await get_json(client, USAGE, headers={"Authorization": f"Bearer {ACME_TOKEN}"})
    await get_json(client, USAGE, headers={"X-API-Key": ACME_KEY, "X-Trace": "t-1"})
    [second, first] = await journal(client)
    assert first["headers"]["Authorization"] == "Bearer stac…1QHt"
    assert second["headers"]["X-API-Key"] == "dgr_…_2o7"
    assert second["headers"]["X-Trace"] == "t-1"
    assert ACME_KEY not in str(second) and ACME_TOKEN not in str(first)


async def test_newest_first_with_filters_and_a_limit(client: Client) -> None:
    await get_json(client, USAGE)
    await get_json(client, USAGE, headers={"X-API-Key": GLOBEX_KEY})
    await get_json(client, USAGE, status=422, page=0)
    await client.get("/dograh/nowhere")
    assert [e["status"] for e in await journal(client)] == [404, 422, 200, 200]
    assert [e["tenant"] for e in await journal(client, status="2xx")] == [GLOBEX, ACME]
    assert len(await journal(client, status=422)) == 1
    assert len(await journal(client, path="*/usage/*")) == 3
    assert len(await journal(client, operation="get_usage_history", tenant=ACME)) == 2
    assert len(await journal(client, vendor="dograh", method="get", limit=2)) == 2
    assert (await call(client, "GET", REQUESTS, limit=1))["count"] == 4


async def test_count_takes_a_matcher_with_query_and_headers(client: Client) -> None:
    await get_json(client, USAGE, limit=5)
    await get_json(client, USAGE, limit=5, headers={"X-API-Key": GLOBEX_KEY})
    await get_json(client, USAGE)

    async def count(matcher: dict[str, Any]) -> int:
        body = await call(client, "POST", f"{REQUESTS}/count", matcher)
        return int(body["count"])

    assert await count({}) == 3
    assert await count({"query": {"limit": "5"}}) == 2
    assert await count({"query": {"limit": "*"}, "tenant": GLOBEX}) == 1
    # Header matchers see the real value, so a test can check which key its client used.
    assert await count({"headers": {"x-api-key": ACME_KEY}}) == 2
    assert await count({"headers": {"Authorization": "*"}}) == 0
    assert await count({"vendor": "dograh", "status": 200, "method": "GET"}) == 3


async def test_delete_empties_the_journal_and_control_calls_are_not_journalled(
    client: Client,
) -> None:
    await get_json(client, USAGE)
    await call(client, "GET", "/_emulator/health")
    assert len(await journal(client)) == 1
    await call(client, "DELETE", REQUESTS, expect=204)
    assert await journal(client) == []


async def test_the_ring_keeps_the_newest_entries(runtime: Runtime) -> None:
    plane = ControlPlane(runtime, runtime.settings, Journal(3))
    async with TestClient(TestServer(build_app(runtime, ResponseCheck(True), plane))) as client:
        for limit in range(1, 6):
            await get_json(client, USAGE, limit=limit)
        entries = await journal(client)
    assert [e["query"]["limit"] for e in entries] == [["5"], ["4"], ["3"]]
    assert [e["id"] for e in entries] == [5, 4, 3]


async def test_a_vendors_own_port_shares_the_journal(runtime: Runtime) -> None:
    plane = ControlPlane.attach(runtime)
    check = ResponseCheck(True)
    own: web.Application = own_port_app(runtime, runtime.state("dograh").vendor, check, plane)
    async with (
        TestClient(TestServer(build_app(runtime, check, plane))) as shared,
        TestClient(TestServer(own)) as direct,
    ):
        await get_json(direct, "/api/v1/organizations/usage/runs")
        await get_json(shared, USAGE)
        entries = await journal(shared)
    assert [e["path"] for e in entries] == ["/api/v1/organizations/usage/runs"] * 2
    assert [e["raw_path"] for e in entries] == [USAGE, "/api/v1/organizations/usage/runs"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "abc"}, "status"),
        ({"limit": "many"}, "limit"),
        ({"vendor": "acme"}, "vendor"),
        ({"tenant": "nobody"}, "tenant"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_bad_filters_are_named(client: Client, query: dict[str, str], field: str) -> None:
    body = await problem(await client.get(REQUESTS, params=query), 422)
    assert field in [e["field"] for e in body["errors"]]


async def test_a_bad_count_matcher_is_named(client: Client) -> None:
    body = await problem(await client.post(f"{REQUESTS}/count", json={"headers": {"a": 1}}), 422)
    assert [e["field"] for e in body["errors"]] == ["headers.a"]
