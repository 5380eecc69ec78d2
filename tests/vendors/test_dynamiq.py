"""Dynamiq's Runs API over HTTP: per-app base URLs, auth, validation, filters, sorts, pages,
single runs and events. Every response is also checked against our spec."""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import replace
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from emulator.runtime import Runtime
from emulator.vendors.dynamiq.model import as_of
from emulator.vendors.dynamiq.tenancy import Organization

Client = TestClient[web.Request, web.Application]
Query = list[tuple[str, str]] | dict[str, str]

HELIOS_KEY = "dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"
CARE_KEY = "dq_fXfeTkYpIygfdM7ENA8d5vFldPGYYJvW5hANsbEv"  # project Customer Care of Helios
HELIOS_PAT = "dq_pat_rSFagEaBp0vXnJaE_9I0MyTLUyi0kn1Gnt11CuZy"
VEGA_KEY = "dq_zaA3U2OLzu6UQBGSyLvVSskUVINx-ZmQF9oGxLUc"
VEGA_PAT = "dq_pat_zZ8XbFzUxtPTfYFEpPx6n1nf2xv54WCA-7e56W8z"
RETURNS = "f0d1ab56-e02f-4a72-a9d6-25c966692158"  # Helios, Customer Care
ORDERS = "b835e8a5-3414-4e87-8c9a-37518ddcf83c"  # Helios, Customer Care, public
CATALOG = "c0aed9c5-9d6b-423f-b36b-96a0692fd360"  # Helios, Merchandising
RESEARCH = "0d3b9c41-6a2e-4f7d-9b8e-2c5a7f1e9d03"  # Vega
RETIRED = "7a4c2e19-5b3d-4f80-8e6a-1d9c0b2f4e57"  # Vega, deleted
SESSION = "3d3e8a1f-09a6-4f64-9d68-1d2f3a4b5c6d"  # fixture session of customer-7421
AWAITING_APPROVAL = "c6a53877-7733-4bdb-9721-0dff076ce2ef"  # paused, approval pending
AWAITING_FEEDBACK = "2a9eba0c-df56-4d80-aa75-9159fb7ff337"  # started, feedback pending
RUNNING = "5f2dd97f-1cfb-40f6-a827-688de6a16a3b"
PAUSED = "3fd42359-92ed-4f45-9a1a-fe878b33e968"
CANCELED = "617959ce-3f1f-45a8-9e52-71007814e8a2"
FAILED = "de11cc9d-ea95-4c21-ae9c-82b1478c281d"
TIED = "687c966c-377b-4aa2-bb2e-db20035b7399"  # started in the same second as FAILED
QUEUED = "21da8978-206f-4c66-b1e0-c07e9e115e4b"  # created, on ORDERS
UNICODE = "9e30691c-2386-42ea-926a-1e48cc11d357"  # on ORDERS
UNAUTHORIZED = {"error": {"code": "unauthorized", "message": "Unauthorized"}}
FORBIDDEN = {"error": {"code": "forbidden", "message": "Forbidden"}}
NOT_FOUND = {"error": {"code": "not_found", "message": "Not Found"}}
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
TERMINAL = {"completed", "failed", "canceled"}


def runs_url(app: str, tail: str = "") -> str:
    return f"/dynamiq/apps/{app}/v1/runs{tail}"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def call(
    client: Client, url: str, query: Query | None = None, *, key: str | None = HELIOS_KEY,
    status: int = 200, headers: dict[str, str] | None = None,
) -> Any:  # fmt: skip
    sent = {**({} if key is None else bearer(key)), **(headers or {})}
    response = await client.get(url, params=query or {}, headers=sent)
    assert response.status == status, await response.text()
    assert response.headers["Content-Type"].startswith("application/json")
    return await response.json()


async def runs(client: Client, app: str = RETURNS, query: Query | None = None, **kw: Any) -> Any:
    return await call(client, runs_url(app), query, **kw)


async def every_run(
    client: Client, app: str = RETURNS, query: Query | None = None, *, size: int = 100, **kw: Any
) -> list[dict[str, Any]]:
    """Walk the pages as a client would, until page_count."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        pairs = [*(query.items() if isinstance(query, dict) else query or [])]
        body = await runs(
            client, app, [*pairs, ("page", str(page)), ("page_size", str(size))], **kw
        )
        found.extend(body["data"])
        if page >= body["pagination"]["page_count"]:
            return found
        page += 1


def stored(runtime: Runtime, app: str) -> dict[str, dict[str, Any]]:
    """The app's records by id as of now, with the status each reports: the truth a client's
    walk is compared with."""
    state = runtime.state("dynamiq")
    shown = [
        as_of(r, runtime.clock.now()) for s in state.store.tenants() for r in state.store.runs(s)
    ]
    return {
        r.id: {**state.vendor.runs.to_record(r), "reported": r.reported_status}
        for r in shown
        if r.app_id == app
    }


def behave(runtime: Runtime, **changes: bool) -> None:
    state = runtime.state("dynamiq")
    for slug, organization in list(state.tenants.items()):
        assert isinstance(organization, Organization)
        state.tenants[slug] = replace(
            organization, behaviour=replace(organization.behaviour, **changes)
        )


# --- apps and base URLs --------------------------------------------------------------------------


async def test_each_app_has_its_own_base_url_and_runs(client: Client, runtime: Runtime) -> None:
    for app in (RETURNS, ORDERS, CATALOG):
        assert {r["id"] for r in await every_run(client, app)} == set(stored(runtime, app))
    assert not set(stored(runtime, RETURNS)) & set(stored(runtime, ORDERS))


@pytest.mark.parametrize(
    "host",
    [
        f"{RETURNS}.apps.us-east-1.getdynamiq.ai",
        f"{RETURNS.upper()}.apps.us-east-1.getdynamiq.ai",
        f"{RETURNS}.apps.localhost:8080",
    ],
)
async def test_the_hostname_form_serves_the_same_bytes(client: Client, host: str) -> None:
    query = {"page_size": "5", "sort": "status"}
    by_path = await client.get(runs_url(RETURNS), params=query, headers=bearer(HELIOS_KEY))
    by_host = await client.get(
        "/v1/runs", params=query, headers={**bearer(HELIOS_KEY), "Host": host}
    )
    assert by_host.status == by_path.status == 200
    assert await by_host.read() == await by_path.read()


async def test_the_hostname_form_serves_runs_and_events(client: Client) -> None:
    headers = {**bearer(HELIOS_KEY), "Host": f"{RETURNS}.apps.eu-west-1.getdynamiq.ai"}
    for path in (f"/v1/runs/{AWAITING_APPROVAL}", f"/v1/runs/{AWAITING_APPROVAL}/events"):
        by_host = await client.get(path, headers=headers)
        by_path = await client.get(
            runs_url(RETURNS, path[len("/v1/runs") :]), headers=bearer(HELIOS_KEY)
        )
        assert await by_host.json() == await by_path.json()


@pytest.mark.parametrize("app_id", [RETIRED, "00000000-0000-4000-8000-000000000000", "not-an-app"])
@pytest.mark.parametrize("key", [None, HELIOS_KEY, VEGA_KEY])
async def test_an_unknown_or_deleted_app_is_404_before_any_key_check(
    client: Client, app_id: str, key: str | None
) -> None:
    assert await runs(client, app_id, {"page": "0"}, key=key, status=404) == NOT_FOUND
    headers = {"Host": f"{app_id}.apps.us-east-1.getdynamiq.ai"}
    assert await call(client, "/v1/runs", key=key, headers=headers, status=404) == NOT_FOUND


async def test_unknown_paths_and_methods_answer_in_the_envelope(client: Client) -> None:
    for url in (
        f"/dynamiq/apps/{RETURNS}/v1/nope",
        f"/dynamiq/apps/{RETURNS}",
        f"/dynamiq/apps/{RETURNS}/v1/runs/",
        "/dynamiq/v1/runs",
    ):
        assert await call(client, url, status=404) == NOT_FOUND
    response = await client.delete(runs_url(RETURNS), headers=bearer(HELIOS_KEY))
    assert response.status == 405
    assert response.headers["Allow"] == "GET, POST"
    assert await response.json() == {
        "error": {"code": "method_not_allowed", "message": "Method Not Allowed"}
    }


# --- authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer dq_unknown"},
        {"Authorization": HELIOS_KEY},
        {"Authorization": f"Basic {HELIOS_KEY}"},
        {"Authorization": f"Bearer  {HELIOS_KEY}"},
        {"X-API-Key": HELIOS_KEY},
    ],
)
async def test_a_missing_or_invalid_key_is_401(client: Client, headers: dict[str, str]) -> None:
    # Auth comes before validation: page=0 would be a 400.
    body = await runs(client, RETURNS, {"page": "0"}, key=None, headers=headers, status=401)
    assert body == UNAUTHORIZED


@pytest.mark.parametrize(
    ("app_id", "key"),
    [
        (RETURNS, HELIOS_PAT),  # a personal token, even a valid one of this organization
        (RETURNS, VEGA_PAT),
        (RETURNS, VEGA_KEY),  # another organization's key
        (RESEARCH, HELIOS_KEY),
        (CATALOG, CARE_KEY),  # a key of another project of the same organization
    ],
)
async def test_foreign_keys_and_personal_tokens_are_403(
    client: Client, app_id: str, key: str
) -> None:
    assert await runs(client, app_id, {"page": "0"}, key=key, status=403) == FORBIDDEN
    url = runs_url(app_id, f"/{AWAITING_APPROVAL}")
    assert await call(client, url, key=key, status=403) == FORBIDDEN


@pytest.mark.parametrize(
    ("app_id", "headers"),
    [
        (RETURNS, bearer(HELIOS_KEY)),
        (RETURNS, bearer(CARE_KEY)),
        (RETURNS, {"Authorization": f"bearer {HELIOS_KEY}"}),
        (CATALOG, bearer(HELIOS_KEY)),
        (RESEARCH, bearer(VEGA_KEY)),
    ],
)
async def test_organization_and_project_keys_open_their_apps(
    client: Client, app_id: str, headers: dict[str, str]
) -> None:
    body = await runs(client, app_id, key=None, headers=headers)
    assert body["pagination"]["total_count"] > 0


async def test_a_public_app_needs_no_key(client: Client) -> None:
    anonymous = await runs(client, ORDERS, key=None)
    assert anonymous == await runs(client, ORDERS, key=HELIOS_KEY)
    assert anonymous == await runs(client, ORDERS, key=None, headers={"Authorization": ""})
    detail = await call(client, runs_url(ORDERS, f"/{UNICODE}"), key=None)
    assert detail["data"]["id"] == UNICODE


async def test_a_key_sent_to_a_public_app_is_still_checked(client: Client) -> None:
    assert await runs(client, ORDERS, key="dq_unknown", status=401) == UNAUTHORIZED
    assert await runs(client, ORDERS, key=HELIOS_PAT, status=403) == FORBIDDEN
    assert await runs(client, ORDERS, key=VEGA_KEY, status=403) == FORBIDDEN


async def test_public_apps_can_ignore_sent_keys(client: Client, runtime: Runtime) -> None:
    behave(runtime, is_key_checked_on_public_apps=False)
    assert await runs(client, ORDERS, key="dq_unknown") == await runs(client, ORDERS, key=None)
    assert await runs(client, RETURNS, key="dq_unknown", status=401) == UNAUTHORIZED


# --- query validation: Go parsing, ozzo-validation wording ---------------------------------------

NOT_INT = "must be an integer number"
BOUNDS = [
    ({"page": "0"}, {"page": "must be no less than 1"}),
    ({"page": "-3"}, {"page": "must be no less than 1"}),
    ({"page": "abc"}, {"page": NOT_INT}),
    ({"page": ""}, {"page": NOT_INT}),
    ({"page": " 2"}, {"page": NOT_INT}),
    ({"page": "1_0"}, {"page": NOT_INT}),
    ({"page": "3.0"}, {"page": NOT_INT}),
    ({"page": "0x10"}, {"page": NOT_INT}),
    ({"page": "9223372036854775808"}, {"page": NOT_INT}),
    ({"page_size": "0"}, {"page_size": "must be no less than 1"}),
    ({"page_size": "101"}, {"page_size": "must be no greater than 100"}),
]


@pytest.mark.parametrize(
    ("query", "details"),
    [
        *BOUNDS,
        ({"status": "cancelled"}, {"status": "must be a valid value"}),
        ({"status": "completed,failed"}, {"status": "must be a valid value"}),
        ({"status": "Completed"}, {"status": "must be a valid value"}),
        ({"status": ""}, {"status": "must be a valid value"}),
        ({"sort": "name"}, {"sort": "must be a valid value"}),
        ({"sort": "-"}, {"sort": "must be a valid value"}),
        ({"sort": "started_at,"}, {"sort": "must be a valid value"}),
        ({"sort": "+started_at"}, {"sort": "must be a valid value"}),
        ({"sort": "started_at, status"}, {"sort": "must be a valid value"}),
        ({"sort": "Started_At"}, {"sort": "must be a valid value"}),
        ({"sort": "started_at\n"}, {"sort": "must be a valid value"}),
        ({"session_id": "session-1"}, {"session_id": "must be a valid UUID"}),
        # Every field at once, keys sorted as encoding/json writes a map.
        (
            {"status": "x", "sort": "x", "page_size": "x", "page": "0", "session_id": "x"},
            {"page": "must be no less than 1", "page_size": NOT_INT, "session_id":
             "must be a valid UUID", "sort": "must be a valid value", "status":
             "must be a valid value"},
        ),
    ],
)  # fmt: skip
async def test_invalid_queries_are_400_with_ozzo_details(
    client: Client, query: dict[str, str], details: dict[str, str]
) -> None:
    body = await runs(client, RETURNS, query, status=400)
    assert body == {"error": {"code": "bad_request", "message": "Bad Request", "details": details}}


@pytest.mark.parametrize(("query", "details"), [*BOUNDS, ({"sort": "status"}, {"sort": "must be a valid value"})])  # fmt: skip  # noqa: E501
async def test_the_events_query_is_validated_alike(
    client: Client, query: dict[str, str], details: dict[str, str]
) -> None:
    body = await call(client, runs_url(RETURNS, f"/{AWAITING_APPROVAL}/events"), query, status=400)
    assert body["error"]["details"] == details


async def test_integers_as_go_reads_them(client: Client) -> None:
    plain = await runs(client, query={"page": "2", "page_size": "5"})
    assert await runs(client, query={"page": "+2", "page_size": "005"}) == plain
    assert plain["pagination"]["page"] == 2


async def test_a_repeated_scalar_takes_the_first_value(client: Client) -> None:
    body = await runs(client, query=[("page", "2"), ("page", "x"), ("page_size", "3")])
    assert (body["pagination"]["page"], body["pagination"]["page_size"]) == (2, 3)
    first = await runs(client, query=[("sort", "status"), ("sort", "bogus")])
    assert first == await runs(client, query={"sort": "status"})


async def test_unknown_parameters_and_empty_filters_are_ignored(client: Client) -> None:
    plain = await runs(client)
    query = {"limit": "1", "order": "asc", "user_id": "", "session_id": "", "sort": ""}
    assert await runs(client, query=query) == plain


# --- list: defaults, order, pages ----------------------------------------------------------------


async def test_defaults_are_page_1_of_25_most_recently_started_first(
    client: Client, runtime: Runtime
) -> None:
    body = await runs(client, ORDERS, key=None)
    total = len(stored(runtime, ORDERS))
    assert body["pagination"] == {
        "page": 1, "page_size": 25, "page_count": math.ceil(total / 25), "total_count": total,
    }  # fmt: skip
    # The queued background run has not started: first, as NULLs are in a descending order.
    assert body["data"][0]["id"] == QUEUED and "started_at" not in body["data"][0]
    stamps = [r["started_at"] for r in body["data"][1:]]
    assert len(body["data"]) == 25 and stamps == sorted(stamps, reverse=True)
    assert body == await runs(client, ORDERS, {"sort": "-started_at"}, key=None)


SORTS = ["-started_at", "started_at", "ended_at", "-ended_at", "created_at", "-created_at",
         "status", "-status", "status,-started_at", "-status,ended_at,created_at",
         "started_at,started_at"]  # fmt: skip


def rank(record: dict[str, Any], field: str) -> tuple[bool, str]:
    value = record.get(field)
    return (value is None, value or "")


def in_order(first: dict[str, Any], second: dict[str, Any], sort: str) -> bool:
    """Postgres: NULLs last ascending, first descending; the id breaks every tie."""
    for part in sort.split(","):
        field, is_descending = part.lstrip("-"), part.startswith("-")
        a, b = rank(first, field), rank(second, field)
        if a != b:
            return (a > b) if is_descending else (a < b)
    return bool(first["id"] < second["id"])


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("size", [7, 100])
async def test_walking_the_pages_sees_every_run_once_in_order(
    client: Client, runtime: Runtime, sort: str, size: int
) -> None:
    truth = stored(runtime, RETURNS)
    walked = await every_run(client, RETURNS, {"sort": sort}, size=size)
    ids = [r["id"] for r in walked]
    assert len(ids) == len(set(ids)) == len(truth) and set(ids) == set(truth)
    records = [truth[i] for i in ids]
    assert all(in_order(a, b, sort) for a, b in itertools.pairwise(records))


async def test_a_sort_by_status_uses_the_stored_status(client: Client) -> None:
    walked = await every_run(client, RETURNS, {"sort": "status"})
    statuses = [r["status"] for r in walked]
    awaiting = statuses.index("awaiting_input")  # paused underneath: among the paused runs
    assert statuses[awaiting - 1] == "paused" or statuses[awaiting + 1] == "paused"


async def test_runs_started_in_the_same_second_are_ordered_by_id(client: Client) -> None:
    ids = [r["id"] for r in await every_run(client, RETURNS)]
    assert ids.index(FAILED) == ids.index(TIED) + 1  # 687c... < de11...
    ids = [r["id"] for r in await every_run(client, RETURNS, {"sort": "started_at"})]
    assert ids.index(FAILED) == ids.index(TIED) + 1


async def test_pages_are_slices_of_one_order(client: Client) -> None:
    whole = [r["id"] for r in (await runs(client, query={"page_size": "30"}))["data"]]
    pages = [await runs(client, query={"page": str(p), "page_size": "7"}) for p in range(1, 6)]
    assert [r["id"] for p in pages for r in p["data"]][:30] == whole[:30]
    assert [p["pagination"]["page"] for p in pages] == [1, 2, 3, 4, 5]


async def test_the_last_page_is_short_and_the_next_one_empty(client: Client) -> None:
    first = await runs(client, query={"page_size": "7"})
    pagination = first["pagination"]
    assert pagination["page_count"] == math.ceil(pagination["total_count"] / 7)
    last = await runs(client, query={"page_size": "7", "page": str(pagination["page_count"])})
    assert len(last["data"]) == pagination["total_count"] - 7 * (pagination["page_count"] - 1)
    past = await runs(client, query={"page_size": "7", "page": str(pagination["page_count"] + 1)})
    assert past["data"] == [] and past["pagination"]["total_count"] == pagination["total_count"]
    huge = await runs(client, query={"page": str(2**63 - 1)})
    assert huge["data"] == [] and huge["pagination"]["page"] == 2**63 - 1


async def test_no_match_is_zero_pages(client: Client) -> None:
    body = await runs(client, query={"user_id": "nobody"})
    assert body == {"data": [], "pagination": {"page": 1, "page_size": 25, "page_count": 0,
                                               "total_count": 0}}  # fmt: skip


# --- filters -------------------------------------------------------------------------------------


async def ids_of(client: Client, app: str, query: Query, **kw: Any) -> set[str]:
    return {r["id"] for r in await every_run(client, app, query, **kw)}


async def test_awaiting_input_is_reported_and_matched(client: Client) -> None:
    found = await every_run(client, RETURNS, {"status": "awaiting_input"})
    assert AWAITING_APPROVAL in {r["id"] for r in found}
    assert {r["status"] for r in found} == {"awaiting_input"}
    assert AWAITING_FEEDBACK in await ids_of(client, CATALOG, {"status": "awaiting_input"})


async def test_started_and_paused_leave_awaiting_runs_out(client: Client) -> None:
    started = await ids_of(client, RETURNS, {"status": "started"})
    paused = await ids_of(client, RETURNS, {"status": "paused"})
    assert RUNNING in started and PAUSED in paused
    assert AWAITING_APPROVAL not in started | paused
    assert AWAITING_FEEDBACK not in await ids_of(client, CATALOG, {"status": "started"})


async def test_started_can_include_awaiting_runs(client: Client, runtime: Runtime) -> None:
    behave(runtime, is_awaiting_in_underlying_status=True)
    assert AWAITING_FEEDBACK in await ids_of(client, CATALOG, {"status": "started"})
    assert AWAITING_APPROVAL in await ids_of(client, RETURNS, {"status": "paused"})
    assert AWAITING_APPROVAL not in await ids_of(client, RETURNS, {"status": "started"})
    found = await every_run(client, RETURNS, {"status": "paused"})
    assert {r["status"] for r in found} == {"paused", "awaiting_input"}


@pytest.mark.parametrize(
    "status", ["created", "started", "paused", "completed", "failed", "canceled"]
)
async def test_each_status_matches_what_is_reported(
    client: Client, runtime: Runtime, status: str
) -> None:
    for app in (RETURNS, ORDERS):
        found = await every_run(client, app, {"status": status}, key=HELIOS_KEY)
        assert {r["status"] for r in found} <= {status}
        expected = {
            i for i, r in stored(runtime, app).items()
            if r["reported"] == status
        }  # fmt: skip
        assert {r["id"] for r in found} == expected


async def test_repeated_statuses_are_ored(client: Client) -> None:
    both = await ids_of(client, RETURNS, [("status", "failed"), ("status", "canceled")])
    failed = await ids_of(client, RETURNS, {"status": "failed"})
    canceled = await ids_of(client, RETURNS, {"status": "canceled"})
    assert both == failed | canceled and FAILED in both and CANCELED in both


async def test_a_session_groups_several_runs_of_one_user(client: Client) -> None:
    found = await every_run(client, RETURNS, {"session_id": SESSION})
    assert len(found) == 4 and {r["user_id"] for r in found} == {"customer-7421"}
    assert found[0]["status"] == "awaiting_input"
    assert await every_run(client, RETURNS, {"session_id": SESSION.upper()}) == found
    assert await every_run(client, ORDERS, {"session_id": SESSION}) == []


async def test_user_id_is_an_exact_match_combined_with_the_others(client: Client) -> None:
    mine = await every_run(client, RETURNS, {"user_id": "customer-7421"})
    assert {r["user_id"] for r in mine} == {"customer-7421"} and len(mine) >= 5
    assert await ids_of(client, RETURNS, {"user_id": "customer-742"}) == set()
    query = [("user_id", "customer-7421"), ("status", "awaiting_input"), ("status", "canceled")]
    assert await ids_of(client, RETURNS, query) == {AWAITING_APPROVAL, CANCELED}
    assert await ids_of(client, ORDERS, {"user_id": "kunde-äöü-7"}) == {UNICODE}


async def test_generated_sessions_belong_to_one_user_and_app(
    client: Client, runtime: Runtime
) -> None:
    sessions: dict[str, set[str | None]] = {}
    for record in stored(runtime, CATALOG).values():
        if "session_id" in record:
            sessions.setdefault(record["session_id"], set()).add(record.get("user_id"))
    sizes = [len(await every_run(client, CATALOG, {"session_id": s})) for s in sessions]
    assert sum(size > 1 for size in sizes) > 5
    assert all(len(users) == 1 and None not in users for users in sessions.values())


# --- run data as the vendor writes it ------------------------------------------------------------


def assert_shaped(run: dict[str, Any]) -> None:
    assert UUID.match(run["id"]) and isinstance(run["input"], dict) and run["input"]
    for field in ("started_at", "ended_at"):
        assert field not in run or STAMP.match(run[field])
    is_over = run["status"] in TERMINAL
    assert ("ended_at" in run) is is_over
    assert ("started_at" in run) is (run["status"] != "created")
    assert ("error" in run) is (run["status"] == "failed")
    assert "output" not in run or run["status"] == "completed"
    assert "session_id" not in run or UUID.match(run["session_id"])
    assert not is_over or run["started_at"] <= run["ended_at"]


async def test_every_item_is_shaped_like_the_vendors(client: Client) -> None:
    statuses: set[str] = set()
    for app, key in ((RETURNS, HELIOS_KEY), (ORDERS, None), (CATALOG, HELIOS_KEY)):
        for run in await every_run(client, app, key=key):
            assert_shaped(run)
            statuses.add(run["status"])
    assert statuses == {"created", "started", "paused", "completed", "failed", "canceled",
                        "awaiting_input"}  # fmt: skip


async def test_failed_runs_carry_an_error(client: Client) -> None:
    failed = await every_run(client, RETURNS, {"status": "failed"})
    fixture = next(r for r in failed if r["id"] == FAILED)
    assert fixture["error"] == {
        "code": "tool_error", "message": "Tool 'lookup_order' failed: upstream returned 502",
    }  # fmt: skip
    assert all(set(r["error"]) == {"code", "message"} for r in failed)


async def test_text_is_written_as_go_writes_json(client: Client) -> None:
    response = await client.get(f"{runs_url(ORDERS)}/{UNICODE}")
    raw = await response.read()
    assert "注文はいつ届きますか？ 📦".encode() in raw  # noqa: RUF001
    assert b"\\u003cORD-777001\\u003e \\u0026 co." in raw and b"\\u2028" in raw
    assert (await response.json())["data"]["output"]["answer"].endswith("🚚\u2028— Dynamiq")


# --- one run -------------------------------------------------------------------------------------


async def test_an_awaiting_run_lists_its_input_requests(client: Client) -> None:
    body = await call(client, runs_url(RETURNS, f"/{AWAITING_APPROVAL}"))
    assert body == {"data": {
        "id": AWAITING_APPROVAL, "app_id": RETURNS, "status": "awaiting_input",
        "started_at": "2026-10-30T14:02:11Z",
        "input": {"order_id": "ORD-209114", "reason": "Arrived damaged, the box was crushed",
                  "items": [{"sku": "SKU-55120", "quantity": 2}]},
        "user_id": "customer-7421", "session_id": SESSION,
        "input_requests": [{
            "id": "0d464138-a623-4255-bfc1-ea36f17fd374", "type": "approval_request",
            "prompt": "Approve a refund of $412.50 for order ORD-209114?",
            "params": {"order_id": "ORD-209114", "amount": 412.5, "currency": "USD"},
            "editable_params": ["amount"],
        }],
    }}  # fmt: skip
    feedback = (await call(client, runs_url(CATALOG, f"/{AWAITING_FEEDBACK}")))["data"]
    assert [r["type"] for r in feedback["input_requests"]] == ["human_feedback_request"]
    assert "editable_params" not in feedback["input_requests"][0]


async def test_a_run_is_its_list_item_with_its_app(client: Client) -> None:
    for item in (await runs(client, query={"page_size": "100"}))["data"]:
        detail = (await call(client, runs_url(RETURNS, f"/{item['id']}")))["data"]
        assert detail.pop("app_id") == RETURNS
        assert detail.pop("input_requests", None) is None or item["status"] == "awaiting_input"
        assert detail == item


@pytest.mark.parametrize(
    ("app_id", "run_id", "key"),
    [
        (RETURNS, "00000000-0000-4000-8000-000000000000", HELIOS_KEY),
        (RETURNS, "not-a-uuid", HELIOS_KEY),
        (RETURNS, AWAITING_APPROVAL.upper(), HELIOS_KEY),
        (RETURNS, UNICODE, HELIOS_KEY),  # a run of another app of the same organization
        (RESEARCH, AWAITING_APPROVAL, VEGA_KEY),  # a run of another organization
    ],
)
async def test_a_run_the_app_does_not_have_is_404(
    client: Client, app_id: str, run_id: str, key: str
) -> None:
    assert await call(client, runs_url(app_id, f"/{run_id}"), key=key, status=404) == NOT_FOUND
    url = runs_url(app_id, f"/{run_id}/events")
    assert await call(client, url, key=key, status=404) == NOT_FOUND


# --- events --------------------------------------------------------------------------------------


async def every_event(
    client: Client, app: str, run_id: str, query: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        url = runs_url(app, f"/{run_id}/events")
        body = await call(client, url, {**(query or {}), "page": str(page), "page_size": "2"})
        found.extend(body["data"])
        if page >= body["pagination"]["page_count"]:
            assert body["pagination"]["total_count"] == len(found)
            return found
        page += 1


@pytest.mark.parametrize(
    ("app_id", "run_id", "last"),
    [
        (RETURNS, TIED, "run.completed"),
        (RETURNS, FAILED, "run.failed"),
        (RETURNS, CANCELED, "run.canceled"),
        (RETURNS, AWAITING_APPROVAL, "run.paused"),
        (RETURNS, PAUSED, "run.paused"),
        (RETURNS, RUNNING, "agent.tool_call.completed"),
        (CATALOG, AWAITING_FEEDBACK, "agent.human_feedback.requested"),
    ],
)
async def test_events_run_in_sequence_inside_the_runs_window(
    client: Client, app_id: str, run_id: str, last: str
) -> None:
    run = (await call(client, runs_url(app_id, f"/{run_id}")))["data"]
    events = await every_event(client, app_id, run_id)
    assert [e["sequence"] for e in events] == list(range(1, len(events) + 1))
    assert events[0]["type"] == "run.started" and events[-1]["type"] == last
    assert events[0]["data"] == {"id": run_id, "object": "run", "status": "started"}
    stamps = [e["timestamp"] for e in events]
    assert stamps == sorted(stamps) and stamps[0] == run["started_at"]
    assert stamps[-1] == run.get("ended_at", stamps[-1])
    assert len({e["id"] for e in events}) == len(events)
    assert all(UUID.match(e["id"]) and STAMP.match(e["timestamp"]) for e in events)


async def test_the_closing_event_carries_the_outcome(client: Client) -> None:
    failed = (await every_event(client, RETURNS, FAILED))[-1]
    assert failed["data"] == {
        "id": FAILED,
        "object": "run",
        "status": "failed",
        "error": {
            "code": "tool_error",
            "message": "Tool 'lookup_order' failed: upstream returned 502",
        },
    }
    completed = (await every_event(client, RETURNS, TIED))[-1]
    run = (await call(client, runs_url(RETURNS, f"/{TIED}")))["data"]
    assert completed["data"] == {
        "id": TIED,
        "object": "run",
        "status": "completed",
        "output": run["output"],
    }
    # The docs name the approval event `approval_request.created` (sendRunInput).
    requested = [
        e
        for e in await every_event(client, RETURNS, AWAITING_APPROVAL)
        if e["type"] == "approval_request.created"
    ]
    pending = (await call(client, runs_url(RETURNS, f"/{AWAITING_APPROVAL}")))["data"]
    assert [e["data"] for e in requested] == pending["input_requests"]


async def test_events_sort_descending_and_stay_the_same(client: Client) -> None:
    forward = await every_event(client, RETURNS, TIED)
    assert await every_event(client, RETURNS, TIED, {"sort": "-sequence"}) == forward[::-1]
    assert await every_event(client, RETURNS, TIED, {"sort": "timestamp"}) == forward
    assert await every_event(client, RETURNS, TIED) == forward


async def test_a_queued_run_has_no_events_yet(client: Client) -> None:
    body = await call(client, runs_url(ORDERS, f"/{QUEUED}/events"), key=None)
    assert body == {"data": [], "pagination": {"page": 1, "page_size": 25, "page_count": 0,
                                               "total_count": 0}}  # fmt: skip


# --- runs injected through the control plane ----------------------------------------------------

INJECTED = {
    "app_id": CATALOG, "status": "completed", "created_at": "2026-10-31T10:00:00Z",
    "started_at": "2026-10-31T10:00:01Z", "ended_at": "2026-10-31T10:00:09Z",
    "input": {"sku": "SKU-1", "title": "Sand Oak Desk Lamp"},
    "output": {"category_path": ["Home", "Lighting"]}, "user_id": "injected-user",
}  # fmt: skip


async def test_an_injected_run_gets_a_uuid_and_is_served(client: Client) -> None:
    response = await client.post(
        "/_emulator/vendors/dynamiq/runs", json={"tenant": "helios", "run": INJECTED}
    )
    assert response.status == 201, await response.text()
    run_id = (await response.json())["runs"][0]["id"]
    assert UUID.match(run_id)
    found = await every_run(client, CATALOG, {"user_id": "injected-user"})
    assert [r["id"] for r in found] == [run_id]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": "started"}, "ended_at is set exactly when the run is over"),
        ({"status": "failed"}, "only a completed run has an output"),
        ({"app_id": RESEARCH}, "is not an app of helios"),
        ({"started_at": "2026-10-31T09:00:00Z"}, "created_at <= started_at <= ended_at"),
    ],
)
async def test_an_inconsistent_injected_run_is_refused(
    client: Client, change: dict[str, str], reason: str
) -> None:
    response = await client.post(
        "/_emulator/vendors/dynamiq/runs", json={"tenant": "helios", "run": INJECTED | change}
    )
    assert response.status == 422
    assert reason in await response.text()
