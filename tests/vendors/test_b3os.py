"""B3OS's CU routes over HTTP: runs, balance, usage, threshold, costs, auth, errors.

Reconciliation identities are checked over the whole seeded dataset of every organisation,
as a client that sums runs into days, months and workflows would.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

from emulator.runtime import Runtime
from emulator.vendors.b3os.run import B3osRun, charge, new_run
from emulator.vendors.b3os.tenancy import TRIGGERS
from tests.b3os_xid import seconds_of

Client = TestClient[web.Request, web.Application]
MOON_KEY = "b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"
MOON_READ = "b3sk_7nfrpyz21tbic145aez732pgojj7g3f9caioctiq"
MOON_REVOKED = "b3sk_fy8nu40ugzecuyzup9e9xo04a2j1huorps8n628v"
ORBIT_KEY = "b3sk_71hget7myqoaa8t3rup47p9pb0tdbm50fqo1xo5c"
ORBIT_READ = "b3sk_v0xzmas6en5mtmo3oqsg5lo50djzdnbj0ddlz2uh"
MOON = "org_7e65gh2bh8rgp9vk5h3b"
ORBIT = "org_jdmb0lo5uhcf05g59p2p"
KEYS = {MOON: MOON_KEY, ORBIT: ORBIT_KEY}
WORKFLOWS = {
    MOON: {"wf_r4h15g5e4g7t0lqh82f7", "wf_ag3bcjjdisbhm1g201cu", "wf_fs6rvpjdelc8pm3804gr",
           "wf_a35oifi2tbahs0gnlkf2"},
    ORBIT: {"wf_1jje59okv9i92r81e512", "wf_8n6os31fvg0t454ug4gf", "wf_dgrjqomqel1hak6dhi74"},
}  # fmt: skip
STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d*[1-9])?Z")
REQUEST_ID = re.compile(r"req_[0-9a-v]{20}")
FAR_FUTURE_MS = 4_102_444_800_000  # 2100-01-01


def cu(org: str, tail: str = "") -> str:
    return f"/b3os/v1/organizations/{org}/cu{tail}"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def answer(response: ClientResponse, status: int) -> Any:
    """The body, once the status and the request id (body = header) are as they should be."""
    assert response.status == status, await response.text()
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    body = await response.json()
    assert REQUEST_ID.fullmatch(body["requestId"])
    assert response.headers["X-Request-Id"] == body["requestId"]
    return body


async def data(client: Client, url: str, key: str = MOON_KEY, **query: Any) -> Any:
    response = await client.get(url, params={k: str(v) for k, v in query.items()},
                                headers=bearer(key))  # fmt: skip
    body = await answer(response, 200)
    assert (body["code"], body["message"]) == (0, "successfully")
    return body["data"]


async def failure(
    client: Client, url: str, status: int, *, key: str | None = MOON_KEY, method: str = "GET",
    **options: Any,
) -> dict[str, Any]:  # fmt: skip
    headers = {} if key is None else bearer(key)
    response = await client.request(method, url, headers=headers, **options)
    body: dict[str, Any] = await answer(response, status)
    del body["requestId"]
    return body


def error(status: int, *details: str) -> dict[str, Any]:
    texts = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
             405: "Method Not Allowed"}  # fmt: skip
    return {"code": status * 1000, "details": list(details), "message": texts[status]}


async def every_run(client: Client, org: str = MOON) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = await data(client, cu(org, "/runs"), KEYS[org], limit=100, offset=len(found))
        found.extend(page["items"])
        if not page["hasMore"]:
            return found


# --- the runs list ------------------------------------------------------------------------------


async def test_first_page_is_the_newest_runs_in_the_documented_envelope(client: Client) -> None:
    response = await client.get(cu(MOON, "/runs"), params={"limit": "3"}, headers=bearer(MOON_KEY))
    body = await answer(response, 200)
    assert list(body) == ["code", "data", "message", "requestId"]
    assert body["data"] == {
        "hasMore": True,
        "items": [
            {"runId": "run_dbj819nutk0h14g00fk0", "startedAt": "2026-10-31T23:58:30.5Z",
             "status": "running", "totalCu": 2.5, "triggerSource": "schedule",
             "workflowId": "wf_r4h15g5e4g7t0lqh82f7"},
            {"runId": "run_dbj6ee7utk0h14g00fkg", "startedAt": "2026-10-31T22:10:00.000417Z",
             "status": "waiting", "totalCu": 1.75, "triggerSource": "webhook",
             "workflowId": "wf_ag3bcjjdisbhm1g201cu"},
            {"finishedAt": "2026-10-31T20:00:09.5Z", "runId": "run_dbj4hg7utk0h14g00fl0",
             "startedAt": "2026-10-31T20:00:00.123Z", "status": "partial", "totalCu": 8.25,
             "triggerSource": "evm-log", "workflowId": "wf_fs6rvpjdelc8pm3804gr"},
        ],
        "limit": 3,
        "offset": 0,
    }  # fmt: skip


async def test_defaults_are_limit_20_and_offset_0(client: Client) -> None:
    page = await data(client, cu(MOON, "/runs"))
    assert (page["limit"], page["offset"], len(page["items"]), page["hasMore"]) == (20, 0, 20, True)


async def test_every_item_has_the_vendor_formats(client: Client) -> None:
    for org in (MOON, ORBIT):
        for item in await every_run(client, org):
            assert re.fullmatch(r"run_[0-9a-v]{20}", item["runId"])
            assert item["workflowId"] in WORKFLOWS[org]
            assert item["triggerSource"] in TRIGGERS
            assert STAMP.fullmatch(item["startedAt"])
            started = datetime.fromisoformat(item["startedAt"])
            assert seconds_of(item["runId"]) == int(started.timestamp())  # xid of the start
            assert isinstance(item["totalCu"], (int, float)) and item["totalCu"] >= 0


async def test_unfinished_runs_have_no_finish_time_and_the_others_finish_after_start(
    client: Client,
) -> None:
    for item in await every_run(client):
        if item["status"] in ("running", "waiting"):
            assert "finishedAt" not in item
        else:
            assert STAMP.fullmatch(item["finishedAt"])
            finished = datetime.fromisoformat(item["finishedAt"])
            assert finished >= datetime.fromisoformat(item["startedAt"])


async def test_every_status_is_served_including_partial(client: Client) -> None:
    statuses = {i["status"] for org in (MOON, ORBIT) for i in await every_run(client, org)}
    assert statuses == {"running", "waiting", "success", "partial", "failure", "cancelled"}


async def test_a_zero_cu_run_says_zero(client: Client) -> None:
    runs = {i["runId"]: i for i in await every_run(client)}
    assert runs["run_dbi5417utk0h14g00flg"]["totalCu"] == 0


async def test_most_recent_first_and_equal_starts_by_run_id_descending(client: Client) -> None:
    items = await every_run(client)
    keys = [(datetime.fromisoformat(i["startedAt"]), i["runId"]) for i in items]
    assert keys == sorted(keys, reverse=True)
    ids = [i["runId"] for i in items]
    assert ids.index("run_dbi5417utk0h14g00fm0") + 1 == ids.index("run_dbi5417utk0h14g00flg")


async def test_has_more_is_exact_at_every_boundary(client: Client) -> None:
    total = len(await every_run(client))
    for limit in (1, 7, 100):
        for offset in {total - limit - 1, total - limit, total - limit + 1, total - 1, total,
                       total + 1}:  # fmt: skip
            page = await data(client, cu(MOON, "/runs"), limit=limit, offset=max(offset, 0))
            shown = max(0, min(limit, total - max(offset, 0)))
            assert len(page["items"]) == shown, (limit, offset)
            assert page["hasMore"] is (max(offset, 0) + limit < total), (limit, offset)


async def test_pages_tile_the_whole_history(client: Client) -> None:
    everything = [i["runId"] for i in await every_run(client)]
    tiled: list[str] = []
    while True:
        page = await data(client, cu(MOON, "/runs"), limit=7, offset=len(tiled))
        tiled.extend(i["runId"] for i in page["items"])
        if not page["hasMore"]:
            break
    assert tiled == everything and len(set(tiled)) == len(tiled)


@pytest.mark.parametrize("limit", ["101", "300", "9223372036854775807"])
async def test_a_limit_over_100_is_clamped_and_echoed(client: Client, limit: str) -> None:
    page = await data(client, cu(MOON, "/runs"), limit=limit)
    assert (page["limit"], len(page["items"])) == (100, 100)


async def test_a_page_past_the_end_is_empty(client: Client) -> None:
    page = await data(client, cu(MOON, "/runs"), offset=10**15)
    assert page == {"hasMore": False, "items": [], "limit": 20, "offset": 10**15}


PARSE = 'strconv.ParseInt: parsing "{}": invalid syntax'


@pytest.mark.parametrize(
    ("query", "details"),
    [
        ("limit=abc", ["limit: " + PARSE.format("abc")]),
        ("limit=", ["limit: " + PARSE.format("")]),
        ("limit=3.0", ["limit: " + PARSE.format("3.0")]),
        ("limit=%203", ["limit: " + PARSE.format(" 3")]),
        ("limit=1_0", ["limit: " + PARSE.format("1_0")]),
        ("limit=0x10", ["limit: " + PARSE.format("0x10")]),
        ("limit=0", ["limit: must be greater than or equal to 1"]),
        ("limit=-1", ["limit: must be greater than or equal to 1"]),
        ("offset=-1", ["offset: must be greater than or equal to 0"]),
        ("limit=99999999999999999999",
         ['limit: strconv.ParseInt: parsing "99999999999999999999": value out of range']),
        ("offset=x&limit=y", ["limit: " + PARSE.format("y"), "offset: " + PARSE.format("x")]),
    ],
)  # fmt: skip
async def test_bad_paging_is_a_400_with_go_reasons(
    client: Client, query: str, details: list[str]
) -> None:
    body = await failure(client, f"{cu(MOON, '/runs')}?{query}", 400)
    assert body == error(400, *details)


async def test_go_accepts_a_plus_sign_and_leading_zeros(client: Client) -> None:
    response = await client.get(f"{cu(MOON, '/runs')}?limit=%2B5&offset=007",
                                headers=bearer(MOON_KEY))  # fmt: skip
    page = (await answer(response, 200))["data"]
    assert (page["limit"], page["offset"], len(page["items"])) == (5, 7, 5)


async def test_a_repeated_parameter_takes_the_first_value(client: Client) -> None:
    response = await client.get(f"{cu(MOON, '/runs')}?limit=2&limit=abc&offset=1&offset=-4",
                                headers=bearer(MOON_KEY))  # fmt: skip
    page = (await answer(response, 200))["data"]
    assert (page["limit"], page["offset"]) == (2, 1)


@pytest.mark.parametrize("body", [b"{}", b"not json at all"])
async def test_a_body_on_a_get_is_ignored(client: Client, body: bytes) -> None:
    headers = {**bearer(MOON_KEY), "Content-Type": "application/json"}
    response = await client.get(cu(MOON, "/runs"), data=body, headers=headers)
    assert (await answer(response, 200))["data"] == await data(client, cu(MOON, "/runs"))


async def test_request_ids_are_unique_per_request(client: Client) -> None:
    seen = set()
    for url in (cu(MOON, "/runs"), cu(MOON), cu(MOON, "/runs"), "/b3os/v1/cu/costs"):
        response = await client.get(url, headers=bearer(MOON_KEY))
        seen.add((await answer(response, 200))["requestId"])
    seen.add((await answer(await client.get(cu(MOON)), 401))["requestId"])
    assert len(seen) == 5


async def test_json_is_written_the_go_way(client: Client) -> None:
    response = await client.get(cu(ORBIT, "/usage-by-workflow"), headers=bearer(ORBIT_KEY),
                                params={"from": "0", "to": str(FAR_FUTURE_MS)})  # fmt: skip
    raw = await response.read()
    assert "Préstamo ⚡ \\u003cETH \\u0026 BTC\\u003e alerts".encode() in raw
    balance = await client.get(cu(MOON), headers=bearer(MOON_KEY))
    assert b'"data":{"balance":12500,"minThreshold":500}' in await balance.read()


# --- authentication and scope ------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer "},
        {"Authorization": MOON_KEY},
        {"Authorization": f"bearer {MOON_KEY}"},
        {"Authorization": "Bearer b3sk_unknown"},
        {"Authorization": f"Bearer {MOON_REVOKED}"},
        {"X-Org-ID": MOON},
    ],
)
async def test_missing_unknown_or_revoked_keys_are_401(
    client: Client, headers: dict[str, str]
) -> None:
    # The key is checked before the query: a bad limit still gets the 401.
    response = await client.get(f"{cu(MOON, '/runs')}?limit=abc", headers=headers)
    body = await answer(response, 401)
    del body["requestId"]
    assert body == error(401)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        (cu(ORBIT, "/runs?limit=abc"), MOON_KEY),
        (cu(MOON), ORBIT_READ),
        (cu(ORBIT, "/usage?yearMonth=2026-10"), MOON_READ),
        (cu("org_00000000000000000000", "/usage-by-workflow?from=0&to=1"), MOON_KEY),
        (cu("not-an-org", "/runs"), MOON_KEY),
    ],
)
async def test_another_organisation_is_not_found(client: Client, url: str, key: str) -> None:
    assert await failure(client, url, 404, key=key) == error(404, "organization not found")


async def test_a_read_key_reads_every_route(client: Client) -> None:
    for tail, query in (("/runs", {}), ("", {}), ("/usage", {"yearMonth": "2026-10"}),
                        ("/usage-by-workflow", {"from": 0, "to": 1})):  # fmt: skip
        await data(client, cu(MOON, tail), MOON_READ, **query)


async def test_the_org_header_is_not_needed_nor_trusted_when_the_path_names_the_org(
    client: Client,
) -> None:
    headers = {**bearer(MOON_KEY), "X-Org-ID": ORBIT}
    response = await client.get(cu(MOON), headers=headers)
    assert (await answer(response, 200))["data"]["balance"] == 12500


async def test_a_read_key_may_not_change_the_threshold(client: Client) -> None:
    body = await failure(client, cu(MOON, "/threshold"), 403, key=MOON_READ, method="PUT",
                         json={"minThreshold": 1})  # fmt: skip
    assert body == error(403, "API key scope 'read' does not allow this operation")
    assert (await data(client, cu(MOON)))["minThreshold"] == 500


async def test_a_read_key_on_another_organisation_is_not_found_before_forbidden(
    client: Client,
) -> None:
    body = await failure(client, cu(ORBIT, "/threshold"), 404, key=MOON_READ, method="PUT",
                         json={"minThreshold": 1})  # fmt: skip
    assert body == error(404, "organization not found")


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nonsense"}])
async def test_the_price_list_is_public(client: Client, headers: dict[str, str]) -> None:
    response = await client.get("/b3os/v1/cu/costs", headers=headers)
    prices = (await answer(response, 200))["data"]
    assert prices["defaults"] == {"builtIn": 1, "dynamic": 2, "logic": 0.25, "trigger": 0.5}
    assert {"cost": 0, "source": "override", "type": "manual"} in prices["triggers"]
    types = [t["type"] for t in prices["triggers"]]
    assert types == sorted(types) and set(types) == set(TRIGGERS)


# --- unrouted requests -------------------------------------------------------------------------


async def test_an_unknown_path_is_a_b3os_404(client: Client) -> None:
    assert await failure(client, "/b3os/v1/nowhere", 404, key=None) == error(404)


async def test_another_method_is_a_b3os_405_with_allow(client: Client) -> None:
    response = await client.post(cu(MOON), headers=bearer(MOON_KEY))
    body = await answer(response, 405)
    assert response.headers["Allow"] == "GET"
    del body["requestId"]
    assert body == error(405)


async def test_a_trailing_slash_redirects_to_the_route(client: Client) -> None:
    response = await client.get(cu(MOON, "/runs/"), headers=bearer(MOON_KEY),
                                allow_redirects=False)  # fmt: skip
    assert response.status == 307
    assert response.headers["Location"].endswith(cu(MOON, "/runs"))


# --- balance and threshold ---------------------------------------------------------------------


async def test_the_pristine_balance_is_the_configured_one(client: Client) -> None:
    assert await data(client, cu(MOON)) == {"balance": 12500, "minThreshold": 500}
    assert await data(client, cu(ORBIT), ORBIT_READ) == {"balance": 830.25, "minThreshold": 1000}


def later_run(at: datetime) -> B3osRun:
    charges = (charge("trigger", "webhook", 1), charge("action", "uniswap-swap", 3))
    run_id, workflow = "run_dbjvjvvutk0h14g00fq0", "wf_ag3bcjjdisbhm1g201cu"
    return new_run(run_id, workflow, "success", "webhook", at, at + timedelta(seconds=2), charges)


async def spent(client: Client, org: str = MOON) -> tuple[float, float]:
    """The balance, and the CU used in November 2026 (the month after the epoch)."""
    balance = (await data(client, cu(org), KEYS[org]))["balance"]
    month = await data(client, cu(org, "/usage"), KEYS[org], yearMonth="2026-11")
    return balance, month["summary"]["used"]


async def test_a_later_run_debits_the_balance_once_the_clock_reaches_it(
    client: Client, runtime: Runtime
) -> None:
    at = runtime.settings.epoch + timedelta(days=2, hours=3)
    runtime.clock.freeze(at + timedelta(hours=1))
    balance, used = await spent(client)
    runtime.state("b3os").store.load("moonbeam-labs", [later_run(at)], "injected")
    assert await spent(client) == (balance - 15.5, used + 15.5)
    items = (await data(client, cu(MOON, "/runs"), limit=100))["items"]
    item = next(i for i in items if i["runId"] == "run_dbjvjvvutk0h14g00fq0")
    assert (item["totalCu"], item["startedAt"]) == (15.5, "2026-11-03T03:00:00Z")
    month = await data(client, cu(MOON, "/usage"), yearMonth="2026-11")
    assert "2026-11-03" in {d["date"] for d in month["daily"]}
    runtime.clock.freeze(at - timedelta(microseconds=1))  # not started yet: nowhere
    assert "run_dbjvjvvutk0h14g00fq0" not in {i["runId"] for i in await every_run(client)}


async def test_a_run_injected_through_the_control_plane_is_charged(
    client: Client, runtime: Runtime
) -> None:
    record = {
        "workflow_id": "wf_1jje59okv9i92r81e512", "status": "failure", "trigger_source": "cronjob",
        "started_at": "2026-11-02T10:00:00Z", "finished_at": "2026-11-02T10:00:01.5Z",
        "charges": [{"type": "trigger", "node_type": "cronjob", "count": 1},
                    {"type": "action", "node_type": "openai-chat-completion", "count": 2}],
    }  # fmt: skip
    runtime.clock.freeze(datetime(2026, 11, 2, 10, 0, 2, tzinfo=UTC))
    balance, used = await spent(client, ORBIT)
    response = await client.post("/_emulator/vendors/b3os/runs",
                                 json={"tenant": "orbit-dao", "run": record})  # fmt: skip
    assert response.status == 201, await response.text()
    minted = (await response.json())["runs"][0]["id"]
    assert re.fullmatch(r"run_[0-9a-v]{20}", minted)
    assert await spent(client, ORBIT) == (balance - 12.5, used + 12.5)
    item = next(i for i in await every_run(client, ORBIT) if i["runId"] == minted)
    assert (item["status"], item["totalCu"], item["finishedAt"]) == (
        "failure", 12.5, "2026-11-02T10:00:01.5Z",
    )  # fmt: skip


async def test_a_threshold_change_persists_until_reset(client: Client, runtime: Runtime) -> None:
    response = await client.put(cu(MOON, "/threshold"), json={"minThreshold": 750.5},
                                headers=bearer(MOON_KEY))  # fmt: skip
    assert (await answer(response, 200))["data"] == {"newThreshold": 750.5, "oldThreshold": 500}
    assert await data(client, cu(MOON)) == {"balance": 12500, "minThreshold": 750.5}
    again = await client.put(cu(MOON, "/threshold"), data=b'{"MinThreshold":0}',
                             headers=bearer(MOON_KEY))  # fmt: skip
    assert (await answer(again, 200))["data"] == {"newThreshold": 0, "oldThreshold": 750.5}
    assert (await data(client, cu(ORBIT), ORBIT_KEY))["minThreshold"] == 1000  # per org
    runtime.reset(runtime.settings)
    assert (await data(client, cu(MOON)))["minThreshold"] == 500


UNMARSHAL = "json: cannot unmarshal {} into Go struct field UpdateThresholdParams.minThreshold"


@pytest.mark.parametrize(
    ("body", "details"),
    [
        (b"", ["EOF"]),
        (b"nope", ["invalid character 'o' in literal null (expecting 'u')"]),
        (b"{", ["unexpected EOF"]),
        (b"[1]", ["json: cannot unmarshal array into Go value of type cu.UpdateThresholdParams"]),
        (b"{}", ["minThreshold: is required"]),
        (b"null", ["minThreshold: is required"]),
        (b'{"minThreshold":null}', ["minThreshold: is required"]),
        (b'{"minThreshold":"5"}', [UNMARSHAL.format("string") + " of type float64"]),
        (b'{"minThreshold":true}', [UNMARSHAL.format("bool") + " of type float64"]),
        (b'{"minThreshold":1e999}', [UNMARSHAL.format("number 1e999") + " of type float64"]),
        (b'{"minThreshold":-0.25}', ["minThreshold: must be greater than or equal to 0"]),
        (b'{"minThreshold":NaN}', ["invalid character 'N' looking for beginning of value"]),
    ],
)
async def test_a_bad_threshold_body_is_a_400(
    client: Client, body: bytes, details: list[str]
) -> None:
    found = await failure(client, cu(MOON, "/threshold"), 400, method="PUT", data=body)
    assert found == error(400, *details)


async def test_an_oversized_threshold_body_is_a_b3os_413(client: Client) -> None:
    body = b'{"minThreshold": 1, "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    found = await failure(client, cu(MOON, "/threshold"), 413, method="PUT", data=io.BytesIO(body))
    assert found == {"code": 413000, "details": [], "message": "Request Entity Too Large"}


async def test_a_threshold_body_is_decoded_as_go_decodes_it(client: Client) -> None:
    body = b' {"minthreshold": 1, "minThreshold": 2.5, "other": [1]} trailing words'
    response = await client.put(cu(MOON, "/threshold"), data=body, headers=bearer(MOON_KEY))
    assert (await answer(response, 200))["data"]["newThreshold"] == 2.5


# --- usage and reconciliation ------------------------------------------------------------------


def months_of(items: list[dict[str, Any]]) -> set[str]:
    return {i["startedAt"][:7] for i in items}


def cu_by_day(items: list[dict[str, Any]]) -> dict[str, float]:
    days: dict[str, float] = defaultdict(float)
    for item in items:
        days[item["startedAt"][:10]] += item["totalCu"]
    return days


# Instants to check sums at, from the epoch: with runs in progress, and before the epoch.
LATER = [timedelta(0), timedelta(seconds=40), timedelta(days=2, hours=5), -timedelta(days=20)]


@pytest.mark.parametrize("later", LATER)
@pytest.mark.parametrize("org", [MOON, ORBIT])
async def test_days_and_months_reconcile_with_every_run(
    client: Client, runtime: Runtime, org: str, later: timedelta
) -> None:
    runtime.clock.freeze(runtime.settings.epoch + later)
    items = await every_run(client, org)
    expected, months_total = cu_by_day(items), 0.0
    for month in sorted(months_of(items)):
        usage = await data(client, cu(org, "/usage"), KEYS[org], yearMonth=month)
        assert usage["yearMonth"] == month
        days = {d["date"]: d for d in usage["daily"]}
        assert set(days) == {d for d in expected if d.startswith(month)}
        for date, day in days.items():
            assert day["used"] == expected[date]
            assert sum(b["cu"] for b in day["breakdown"]) == day["used"]
        assert usage["summary"]["used"] == sum(d["used"] for d in usage["daily"])
        months_total += usage["summary"]["used"]
    assert months_total == sum(i["totalCu"] for i in items)


def month_window(month: str) -> tuple[int, int]:
    start = datetime.fromisoformat(f"{month}-01T00:00:00+00:00")
    end = (start + timedelta(days=32)).replace(day=1)
    return int(start.timestamp() * 1000), int(end.timestamp() * 1000)


@pytest.mark.parametrize("later", LATER)
@pytest.mark.parametrize("org", [MOON, ORBIT])
async def test_usage_by_workflow_reconciles_with_runs_and_months(
    client: Client, runtime: Runtime, org: str, later: timedelta
) -> None:
    runtime.clock.freeze(runtime.settings.epoch + later)
    items = await every_run(client, org)
    everything = await data(client, cu(org, "/usage-by-workflow"), KEYS[org],
                            **{"from": 0, "to": FAR_FUTURE_MS})  # fmt: skip
    by_workflow: dict[str, list[float]] = defaultdict(list)
    for item in items:
        by_workflow[item["workflowId"]].append(item["totalCu"])
    rows = {w["workflowId"]: w for w in everything["workflows"]}
    assert set(rows) == set(by_workflow)
    for workflow_id, spent in by_workflow.items():
        assert (rows[workflow_id]["runCount"], rows[workflow_id]["totalCu"]) == (
            len(spent),
            sum(spent),
        )
    for month in months_of(items):
        start, end = month_window(month)
        window = await data(client, cu(org, "/usage-by-workflow"), KEYS[org],
                            **{"from": start, "to": end})  # fmt: skip
        usage = await data(client, cu(org, "/usage"), KEYS[org], yearMonth=month)
        assert sum(w["totalCu"] for w in window["workflows"]) == usage["summary"]["used"]


async def test_usage_by_workflow_rows_describe_the_workflow(client: Client) -> None:
    rows = (await data(client, cu(ORBIT, "/usage-by-workflow"), ORBIT_KEY,
                       **{"from": 0, "to": FAR_FUTURE_MS}))["workflows"]  # fmt: skip
    assert [r["totalCu"] for r in rows] == sorted((r["totalCu"] for r in rows), reverse=True)
    stream = next(r for r in rows if r["workflowId"] == "wf_dgrjqomqel1hak6dhi74")
    assert (
        stream["workflowName"],
        stream["triggerType"],
        stream["isStream"],
        stream["status"],
    ) == ("Préstamo ⚡ <ETH & BTC> alerts", "token-price-cexes", True, "active")
    paused = next(r for r in rows if r["workflowId"] == "wf_8n6os31fvg0t454ug4gf")
    assert (paused["status"], paused["isStream"]) == ("paused", False)
    for row in rows:
        hours = FAR_FUTURE_MS / 3_600_000
        assert row["cuPerHour"] == pytest.approx(row["totalCu"] / hours)
        assert row["estimatedCostPerRun"] == int(row["totalCu"] / row["runCount"] + 0.5)


async def test_the_window_includes_from_and_excludes_to(client: Client) -> None:
    start = int(datetime(2026, 10, 30, 8, 15, tzinfo=UTC).timestamp() * 1000)
    url = cu(MOON, "/usage-by-workflow")
    inside = await data(client, url, MOON_KEY, **{"from": start, "to": start + 1})
    assert [(w["workflowId"], w["runCount"], w["totalCu"]) for w in inside["workflows"]] == [
        ("wf_a35oifi2tbahs0gnlkf2", 2, 6)
    ]
    assert (await data(client, url, MOON_KEY, **{"from": start - 1, "to": start}))[
        "workflows"
    ] == []
    assert (await data(client, url, MOON_KEY, **{"from": start, "to": start}))["workflows"] == []


async def test_a_day_is_the_utc_day_of_the_start(client: Client, runtime: Runtime) -> None:
    async def used() -> dict[str, float]:
        days: dict[str, float] = {}
        for month in ("2026-09", "2026-10"):
            found = await data(client, cu(MOON, "/usage"), yearMonth=month)
            days.update({d["date"]: d["used"] for d in found["daily"]})
        return days

    before = await used()
    # Started in the last microsecond of September, finished in October (fixtures/b3os.yaml).
    runtime.state("b3os").store.remove("run_dauq4vvutk0h14g00fng")
    after = await used()
    assert before["2026-09-30"] - after.get("2026-09-30", 0) == 4.5
    assert before["2026-10-01"] == after["2026-10-01"]


async def test_the_month_summary(client: Client, runtime: Runtime) -> None:
    runtime.clock.freeze(datetime(2026, 11, 15, tzinfo=UTC))

    async def summary(month: str) -> dict[str, float]:
        found: dict[str, float] = (await data(client, cu(MOON, "/usage"), yearMonth=month))[
            "summary"
        ]
        return found

    september, october = await summary("2026-09"), await summary("2026-10")
    assert (october["granted"], october["deposited"]) == (10000, 5000)
    # The monthly reset: September's unused grant expires as October begins.
    assert october["adjusted"] == -(10000 - september["used"])
    assert (september["granted"], september["deposited"]) == (10000, 0)
    august = await summary("2026-08")  # the month the history starts: nothing to reset
    assert (august["granted"], august["adjusted"]) == (10000, 0)
    empty = {"adjusted": 0, "deposited": 0, "granted": 0, "used": 0}
    for month in ("2026-07", "0000-01", "2027-01"):  # before the history, and not begun
        assert await summary(month) == empty, month
    assert (await data(client, cu(MOON, "/usage"), yearMonth="0000-01"))["daily"] == []


@pytest.mark.parametrize("org", [MOON, ORBIT])
async def test_the_month_summaries_reconcile_with_the_balance(
    client: Client, runtime: Runtime, org: str
) -> None:
    """Between two instants the balance moves by what every month's granted + deposited +
    adjusted - used moved (the spec's CUUsageSummaryTotals.adjusted)."""
    months = [*(f"2026-{m:02d}" for m in range(6, 13)), "2027-01", "2027-02"]

    async def seen(at: datetime) -> tuple[float, float]:
        runtime.clock.freeze(at)
        net = 0.0
        for month in months:
            s = (await data(client, cu(org, "/usage"), KEYS[org], yearMonth=month))["summary"]
            net += s["granted"] + s["deposited"] + s["adjusted"] - s["used"]
        return (await data(client, cu(org), KEYS[org]))["balance"], net

    epoch = runtime.settings.epoch
    instants = [
        epoch - timedelta(days=85),
        epoch - timedelta(days=33),
        epoch,
        epoch + timedelta(hours=9),
        epoch + timedelta(days=47),
        epoch + timedelta(days=95),
    ]
    views = [await seen(at) for at in instants]
    assert views[2][0] == {MOON: 12500, ORBIT: 830.25}[org]  # tenants.yaml: at the epoch
    for (balance, net), (later_balance, later_net) in itertools.pairwise(views):
        assert later_balance - balance == later_net - net


MONTH = 'yearMonth: parsing time "{}" as "2006-01": cannot parse "{}" as "{}"'


@pytest.mark.parametrize(
    ("query", "details"),
    [
        ("", ["yearMonth: is required"]),
        ("yearMonth=", [MONTH.format("", "", "2006")]),
        ("yearMonth=2026-13", ['yearMonth: parsing time "2026-13": month out of range']),
        ("yearMonth=2026-00", ['yearMonth: parsing time "2026-00": month out of range']),
        ("yearMonth=2026-1", [MONTH.format("2026-1", "1", "01")]),
        ("yearMonth=26-10", [MONTH.format("26-10", "26-10", "2006")]),
        ("yearMonth=2026/10", [MONTH.format("2026/10", "/10", "-")]),
        ("yearMonth=2026-10-01", ['yearMonth: parsing time "2026-10-01": extra text: "-01"']),
        ("yearMonth=%EF%BC%92026-10",
         [MONTH.format("\\xef\\xbc\\x92026-10", "\\xef\\xbc\\x92026-10", "2006")]),
    ],
)  # fmt: skip
async def test_a_bad_month_is_a_400_with_go_reasons(
    client: Client, query: str, details: list[str]
) -> None:
    body = await failure(client, f"{cu(MOON, '/usage')}?{query}", 400)
    assert body == error(400, *details)


@pytest.mark.parametrize(
    ("query", "details"),
    [
        ("to=1", ["from: is required"]),
        ("from=1", ["to: is required"]),
        ("", ["from: is required", "to: is required"]),
        ("from=abc&to=1", ["from: " + PARSE.format("abc")]),
        ("from=1.5&to=2", ["from: " + PARSE.format("1.5")]),
        ("from=-1&to=2", ["from: must be greater than or equal to 0"]),
        ("from=5&to=4", ["from: must not be after to"]),
    ],
)
async def test_a_bad_window_is_a_400(client: Client, query: str, details: list[str]) -> None:
    body = await failure(client, f"{cu(MOON, '/usage-by-workflow')}?{query}", 400)
    assert body == error(400, *details)
