"""StackAI's analytics over HTTP: auth, validation, dates, filters, order, pages, items and the
per-project totals. Keys and ids are the documented test keys of tenants.yaml."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

Client = TestClient[web.Request, web.Application]
NORTHWIND = "ffb0dd9e-63e1-4869-a495-0dc210a25b19"
CONTOSO = "3fd3be98-261f-40df-af82-d1a3a28cf7b1"
ORG_KEY = "5c57722e-138e-4ef9-96d4-480fdeb67ae7"
PERSONAL_KEY = "46709312-c172-4298-ad94-dd6dece80799"
CONTOSO_KEY = "82ce786f-6fad-4936-8406-c053f895fc55"
EXTRACTOR, CHAT = "2bb71c682097798c8cd3e418", "57fa49e56a34b37178e10e70"
SUB_FLOW = "41785bc64c3ac6fc48208231"
CLAIMS, POLICY = "f9ee8bc8bd1e6912bd313bee", "67fd5499429a7079a71f11b2"
FLOWS = {NORTHWIND: (EXTRACTOR, CHAT, SUB_FLOW), CONTOSO: (CLAIMS, POLICY)}
KEYS = {NORTHWIND: ORG_KEY, CONTOSO: CONTOSO_KEY}
SUMMARY = "/stackai/organizations/analytics/projects-run-summary"
FIELDS = [
    "run_id", "conversation_id", "date", "is_flow_successful", "state", "error", "latency",
    "total_tokens", "user_id", "inputs", "outputs", "llms", "feedback", "llm_usage", "run_type",
    "ran_by_type", "ran_by_id", "ran_by_display_name", "parent_run_id", "parent_project_id",
    "parent_project_name",
]  # fmt: skip
STATES = {"PENDING", "PAUSED", "RESUMED", "COMPLETED", "FAILED", "CANCELLED"}
ZULU = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")
KEY_OWNERS = {  # api key id -> (type, name), from tenants.yaml
    "383989cb-00c7-40fa-80fe-f07dd4f8de5b": ("org_api_key", "backend-prod"),
    "afa7af1d-9f4d-4984-a135-3632a112f99d": ("personal_api_key", "dana@northwind.example"),
    "b01fff4f-7d12-4652-92f5-8dcd34d8a3fe": ("org_api_key", "claims-etl"),
}
MEMBERS = {
    "1a09a840-47d7-4f79-8c5b-4c59dab07929": "dana@northwind.example",
    "491e99f5-a977-46fb-95ad-53600d36ce2c": "lee@northwind.example",
    "5f93d180-c5ef-4cfb-b099-f27150cb407a": "sam@contoso.example",
}


def runs_path(flow: str = EXTRACTOR, org: str = NORTHWIND) -> str:
    return f"/stackai/analytics/org/{org}/flows/{flow}"


def bearer(key: str = ORG_KEY) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


async def get_json(
    client: Client, path: str, *, status: int = 200, key: str = ORG_KEY, **query: Any
) -> Any:
    params = {k: str(v) for k, v in query.items()}
    response = await client.get(path, params=params, headers=bearer(key))
    assert response.status == status, await response.text()
    return await response.json()


async def runs(client: Client, flow: str = EXTRACTOR, **query: Any) -> list[dict[str, Any]]:
    org = NORTHWIND if flow in FLOWS[NORTHWIND] else CONTOSO
    found: list[dict[str, Any]] = await get_json(
        client, runs_path(flow, org), key=KEYS[org], **query
    )
    return found


async def every_run(client: Client, flow: str = EXTRACTOR, **query: Any) -> list[dict[str, Any]]:
    """Walk the pages as a client would, until a short page."""
    found: list[dict[str, Any]] = []
    page = 0
    while True:
        batch = await runs(client, flow, page=page, page_size=100, **query)
        found.extend(batch)
        if len(batch) < 100:
            return found
        page += 1


async def fixture_run(client: Client, run_id: str, flow: str = EXTRACTOR) -> dict[str, Any]:
    (found,) = [r for r in await every_run(client, flow) if r["run_id"] == run_id]
    return found


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text)


def fixture_id(n: int) -> str:
    return f"fa000000-0000-4000-8000-{n:012x}"


# --- authentication ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": ""}, {"Authorization": f"Basic {ORG_KEY}"},
     {"Authorization": ORG_KEY}, {"Authorization": f"Token {ORG_KEY}"}],
)  # fmt: skip
@pytest.mark.parametrize("path", [runs_path(), SUMMARY])
async def test_missing_bearer_credentials_are_fastapis_not_authenticated(
    client: Client, headers: dict[str, str], path: str
) -> None:
    # page=-1 as well: the bearer dependency runs before query validation.
    response = await client.get(path, params={"page": "-1"}, headers=headers)
    assert response.status == 401
    assert await response.json() == {"detail": "Not authenticated"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "value",
    ["Bearer 00000000-0000-4000-8000-000000000000", "Bearer", f"Bearer  {ORG_KEY}",
     f"Bearer {ORG_KEY.upper()}", f"Bearer {ORG_KEY}x", "Bearer dgr_not-a-stackai-key"],
)  # fmt: skip
async def test_an_unknown_key_is_a_401_with_a_bearer_challenge(client: Client, value: str) -> None:
    response = await client.get(
        runs_path(), params={"page": "-1"}, headers={"Authorization": value}
    )
    assert response.status == 401
    assert await response.json() == {"detail": "Could not validate credentials"}
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "BeArEr"])
async def test_the_scheme_word_is_case_insensitive(client: Client, scheme: str) -> None:
    response = await client.get(runs_path(), headers={"Authorization": f"{scheme} {ORG_KEY}"})
    assert response.status == 200


async def test_personal_and_org_keys_see_the_same_organization(client: Client) -> None:
    assert await get_json(client, runs_path(), key=PERSONAL_KEY) == await runs(client)


async def test_another_organizations_id_is_a_403(client: Client) -> None:
    for org in (CONTOSO, NORTHWIND.upper(), "not-a-uuid"):
        body = await get_json(client, runs_path(CLAIMS, org), status=403)
        assert body == {"detail": "You do not have access to this organization"}


@pytest.mark.parametrize("flow", [CLAIMS, "000000000000000000000000", "not-an-objectid"])
async def test_a_flow_outside_the_organization_is_a_404(client: Client, flow: str) -> None:
    assert await get_json(client, runs_path(flow), status=404) == {"detail": "Flow not found"}


async def test_the_query_is_validated_before_the_organization(client: Client) -> None:
    body = await get_json(client, runs_path(CLAIMS, CONTOSO), status=422, page=-1)
    assert [e["loc"] for e in body["detail"]] == [["query", "page"]]


async def test_each_key_sees_its_own_runs_only(client: Client) -> None:
    contoso = {r["run_id"] for r in await every_run(client, CLAIMS)}
    assert fixture_id(13) in contoso
    northwind = {r["run_id"] for f in FLOWS[NORTHWIND] for r in await every_run(client, f)}
    assert contoso.isdisjoint(northwind) and fixture_id(13) not in northwind


# --- query validation: FastAPI + pydantic v2 bodies ---------------------------------------------


def entry(
    name: str, kind: str, msg: str, raw: str, ctx: dict[str, object] | None = None
) -> dict[str, object]:
    found: dict[str, object] = {"type": kind, "loc": ["query", name], "msg": msg, "input": raw}
    if ctx is not None:
        found["ctx"] = ctx
    return found


NOT_INT = "Input should be a valid integer, unable to parse string as an integer"
GE0 = ("greater_than_equal", "Input should be greater than or equal to 0")
GE1 = ("greater_than_equal", "Input should be greater than or equal to 1")


def date_entry(name: str, raw: str, reason: str) -> dict[str, object]:
    message = f"Input should be a valid datetime or date, {reason}"
    return entry(name, "datetime_from_date_parsing", message, raw, {"error": reason})


@pytest.mark.parametrize(
    ("query", "entries"),
    [
        ({"page": "-1"}, [entry("page", *GE0, "-1", {"ge": 0})]),
        ({"page_size": "0"}, [entry("page_size", *GE1, "0", {"ge": 1})]),
        ({"page": "abc"}, [entry("page", "int_parsing", NOT_INT, "abc")]),
        ({"page_size": ""}, [entry("page_size", "int_parsing", NOT_INT, "")]),
        ({"start_date": "notadate"}, [date_entry("start_date", "notadate", "input is too short")]),
        ({"end_date": ""}, [date_entry("end_date", "", "input is too short")]),
        ({"start_date": "2026-13-01"}, [date_entry("start_date", "2026-13-01", "month value is outside expected range of 1-12")]),  # noqa: E501
        ({"end_date": "2026-10-20T25:00"}, [date_entry("end_date", "2026-10-20T25:00", "unexpected extra characters at the end of the input")]),  # noqa: E501
        ({"start_date": "10/20/2026"}, [date_entry("start_date", "10/20/2026", "invalid character in year")]),  # noqa: E501
        ({"end_date": "0000-01-01"}, [entry("end_date", "datetime_parsing", "Input should be a valid datetime, year 0 is out of range", "0000-01-01", {"error": "year 0 is out of range"})]),  # noqa: E501
        # Declaration order, whatever the order in the URL.
        ({"end_date": "x", "page_size": "0", "page": "-1", "start_date": "y"}, [
            entry("page", *GE0, "-1", {"ge": 0}), entry("page_size", *GE1, "0", {"ge": 1}),
            date_entry("start_date", "y", "input is too short"),
            date_entry("end_date", "x", "input is too short"),
        ]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("path", [runs_path(), SUMMARY])
async def test_an_invalid_query_is_a_pydantic_422(
    client: Client, query: dict[str, str], entries: list[dict[str, object]], path: str
) -> None:
    response = await client.get(path, params=query, headers=bearer())
    assert response.status == 422
    assert await response.json() == {"detail": entries}


async def test_integers_are_lenient_and_a_repeated_value_takes_the_last(client: Client) -> None:
    assert await runs(client, page=" 1 ", page_size="2.0") == await runs(
        client, page=1, page_size=2
    )
    response = await client.get(f"{runs_path()}?page_size=7&page_size=3", headers=bearer())
    assert len(await response.json()) == 3


async def test_page_size_has_no_maximum(client: Client) -> None:
    everything = await every_run(client)
    assert await runs(client, page_size=10**30) == everything
    assert await runs(client, page=10**30, page_size=10**30) == []


# --- dates ---------------------------------------------------------------------------------------

STAMP = "2026-10-20T13:00:00.250000Z"  # fixture run 2


@pytest.mark.parametrize(
    "bound",
    [STAMP, "2026-10-20T13:00:00.25Z", "2026-10-20T15:00:00.25+02:00", "2026-10-20t13:00:00.25z",
     "2026-10-20 13:00:00,25", "2026-10-20T13:00:00.250000999", "2026-10-20T08:00:00.25\u221205:00",
     "1792501200.25", "1792501200250"],
)  # fmt: skip
async def test_date_bounds_are_inclusive_in_any_form_pydantic_reads(
    client: Client, bound: str
) -> None:
    found = await runs(client, start_date=bound, end_date=bound)
    assert [r["run_id"] for r in found] == [fixture_id(2)]
    assert found[0]["date"] == STAMP


async def test_a_date_only_bound_is_that_days_midnight(client: Client) -> None:
    last_microsecond = fixture_id(12)  # 2026-10-18T23:59:59.999999Z
    day = {
        r["run_id"] for r in await every_run(client, start_date="2026-10-18", end_date="2026-10-18")
    }
    assert last_microsecond not in day
    days = {
        r["run_id"] for r in await every_run(client, start_date="2026-10-18", end_date="2026-10-19")
    }
    assert last_microsecond in days


async def test_a_window_that_ends_before_it_starts_is_empty(client: Client) -> None:
    assert await runs(client, start_date="2026-10-21", end_date="2026-10-20") == []


async def test_every_listed_run_falls_in_the_window(client: Client) -> None:
    start, end = "2026-10-01T00:00:00Z", "2026-10-10T12:00:00Z"
    found = await every_run(client, CHAT, start_date=start, end_date=end)
    assert found and all(stamp(start) <= stamp(r["date"]) <= stamp(end) for r in found)
    unbounded = [
        r for r in await every_run(client, CHAT) if stamp(start) <= stamp(r["date"]) <= stamp(end)
    ]
    assert [r["run_id"] for r in found] == [r["run_id"] for r in unbounded]


# --- state and user filters (inferred semantics) -----------------------------------


async def test_state_ors_comma_separated_names(client: Client) -> None:
    found = await every_run(client, CHAT, state="PENDING,PAUSED,RESUMED")
    assert {r["state"] for r in found} == {"PENDING", "PAUSED", "RESUMED"}
    open_ids = {r["run_id"] for r in found}
    assert {fixture_id(5), fixture_id(6), fixture_id(7)} <= open_ids


async def test_state_names_are_trimmed(client: Client) -> None:
    spaced = await every_run(client, CHAT, state=" PAUSED , RESUMED ")
    assert spaced == await every_run(client, CHAT, state="PAUSED,RESUMED")


@pytest.mark.parametrize("state", ["completed", "BOGUS", "Completed", "COMPLETED;FAILED"])
async def test_state_names_are_case_sensitive_and_unknown_names_match_nothing(
    client: Client, state: str
) -> None:
    assert await runs(client, CHAT, state=state) == []


async def test_an_unknown_name_beside_known_ones_is_ignored(client: Client) -> None:
    assert await every_run(client, state="BOGUS,FAILED") == await every_run(client, state="FAILED")


@pytest.mark.parametrize("query", [{"state": ""}, {"state": " , ,"}, {"user_id": ""}])
async def test_an_empty_state_or_user_id_is_no_filter(
    client: Client, query: dict[str, str]
) -> None:
    assert await runs(client, **query) == await runs(client)


async def test_user_id_matches_exactly(client: Client) -> None:
    assert [r["run_id"] for r in await every_run(client, user_id="Zoë Ünal")] == [fixture_id(2)]
    assert await runs(client, user_id="zoë ünal") == []
    assert await runs(client, user_id="Zoë") == []
    assert await runs(client, user_id=" Zoë Ünal") == []


async def test_filters_combine(client: Client) -> None:
    found = await every_run(client, state="FAILED", user_id="cust_10001", start_date="2026-10-20")
    assert fixture_id(3) in {r["run_id"] for r in found}
    assert all(r["state"] == "FAILED" and r["user_id"] == "cust_10001" for r in found)


# --- order and pages -----------------------------------------------------------------------------


async def test_default_page_is_the_newest_25(client: Client) -> None:
    first = await runs(client)
    assert len(first) == 25
    assert first == (await every_run(client))[:25]


async def test_walking_the_pages_sees_each_run_once_newest_first(client: Client) -> None:
    found = await every_run(client)
    keys = [(stamp(r["date"]), r["run_id"]) for r in found]
    assert keys == sorted(keys, reverse=True)
    assert len({r["run_id"] for r in found}) == len(found) > 50


async def test_runs_at_the_same_instant_come_by_run_id_descending(client: Client) -> None:
    stamp = "2026-10-19T08:00:00Z"
    found = await runs(client, start_date=stamp, end_date=stamp)
    assert [r["run_id"] for r in found] == [fixture_id(11), fixture_id(10)]


async def test_a_page_past_the_end_is_an_empty_array(client: Client) -> None:
    total = len(await every_run(client))
    assert len(await runs(client, page=total // 10, page_size=10)) == total % 10
    assert await runs(client, page=total // 10 + 1, page_size=10) == []


# --- the items -----------------------------------------------------------------------------------


async def test_every_item_has_every_field_in_order(client: Client) -> None:
    for flow in FLOWS[NORTHWIND]:
        for run in await every_run(client, flow):
            assert list(run) == FIELDS
            assert ZULU.match(run["date"])


async def test_null_everywhere_a_null_is_allowed(client: Client) -> None:
    run = await fixture_run(client, fixture_id(1))
    assert run == {**dict.fromkeys(FIELDS), "run_id": fixture_id(1),
                   "date": "2026-10-20T09:00:00Z", "total_tokens": 0, "llm_usage": []}  # fmt: skip


async def test_unicode_and_usage_are_served_as_recorded(client: Client) -> None:
    response = await client.get(
        runs_path(), params={"start_date": STAMP, "end_date": STAMP}, headers=bearer()
    )
    text = await response.text()
    assert "解除条項を要約して 📄" in text and '"user_id":"Zoë Ünal"' in text  # raw UTF-8
    (run,) = json.loads(text)
    assert run["llms"] == "claude-3-5-sonnet-20241022, gpt-4o-mini"
    assert run["total_tokens"] == 1834 + 212 + 640 + 48
    assert run["llm_usage"][1] == {
        "provider": "OpenAI", "model_id": "gpt-4o-mini", "tokens": 688, "input_tokens": 640,
        "output_tokens": 48, "connection_id": "0f3c6b0e-5a9e-4c55-9d0c-2b9f6f1f4a11",
        "connection_origin": "external_db", "is_local_model": False, "should_charge": False,
    }  # fmt: skip
    assert (run["latency"], run["feedback"], run["is_flow_successful"]) == (7.25, "thumbs_up", True)


async def test_an_integer_latency_is_served_as_a_float(client: Client) -> None:
    response = await client.get(runs_path(CHAT), params={"state": "CANCELLED"}, headers=bearer())
    assert '"latency":2.0' in await response.text()


async def test_llm_usage_adds_up_to_the_run(client: Client) -> None:
    for flow in (*FLOWS[NORTHWIND], *FLOWS[CONTOSO]):
        for run in await every_run(client, flow):
            usage = run["llm_usage"]
            assert run["total_tokens"] == sum(u["tokens"] or 0 for u in usage)
            models = list(dict.fromkeys(u["model_id"] for u in usage))
            assert run["llms"] == (", ".join(models) if models else None)
            for call in usage:
                if call["input_tokens"] is not None and call["output_tokens"] is not None:
                    assert call["tokens"] == call["input_tokens"] + call["output_tokens"]
                assert call["is_local_model"] == (call["provider"] == "Local")
                external = call["connection_origin"] in ("external_db", "external_ephemeral")
                assert call["should_charge"] == (not call["is_local_model"] and not external)
                assert (call["connection_id"] is not None) <= (
                    call["connection_origin"] == "external_db"
                )


async def test_who_ran_a_run_matches_how_it_was_run(client: Client) -> None:
    for flow in (*FLOWS[NORTHWIND], *FLOWS[CONTOSO]):
        for run in await every_run(client, flow):
            who = (run["ran_by_type"], run["ran_by_id"], run["ran_by_display_name"])
            if run["ran_by_type"] in ("org_api_key", "personal_api_key"):
                assert KEY_OWNERS[run["ran_by_id"]] == (who[0], who[2])
                assert run["run_type"] in ("api", "sub_workflow")
            elif run["ran_by_type"] == "user":
                assert MEMBERS[run["ran_by_id"]] == who[2]
            else:
                assert who[1:] == (None, None)
            if run["run_type"] == "api":
                assert run["ran_by_type"] in ("org_api_key", "personal_api_key")
            if run["run_type"] in ("trigger", "scheduled"):
                assert run["ran_by_type"] == "system"


async def test_conversations_belong_to_assistant_runs(client: Client) -> None:
    for flow, is_assistant in ((EXTRACTOR, False), (CHAT, True), (POLICY, True)):
        found = await every_run(client, flow)
        with_conversation = [r for r in found if r["conversation_id"] is not None]
        assert bool(with_conversation) is is_assistant
        if is_assistant:  # a conversation spans several runs
            assert len({r["conversation_id"] for r in with_conversation}) < len(with_conversation)


async def test_sub_workflow_runs_point_at_a_real_parent_run(client: Client) -> None:
    parents = {r["run_id"]: r for r in await every_run(client, EXTRACTOR)}
    children = [r for r in await every_run(client, SUB_FLOW) if r["run_type"] == "sub_workflow"]
    assert len(children) > 10
    for child in children:
        parent = parents[child["parent_run_id"]]
        assert (child["parent_project_id"], child["parent_project_name"]) == (
            EXTRACTOR,
            "Contract Clause Extractor",
        )
        assert stamp(parent["date"]) < stamp(child["date"])
        assert child["ran_by_id"] == parent["ran_by_id"] and child["user_id"] == parent["user_id"]
        if child["state"] == "FAILED":
            assert parent["state"] == "FAILED" and child["error"] in parent["error"]
    for run in [*parents.values(), *(r for r in await every_run(client, SUB_FLOW))]:
        assert (run["parent_run_id"] is None) == (run["run_type"] != "sub_workflow")


async def test_the_state_decides_success_error_latency_and_outputs(client: Client) -> None:
    seen = set()
    for flow in FLOWS[NORTHWIND]:
        for run in await every_run(client, flow):
            seen.add(run["state"])
            success = {"COMPLETED": True, "FAILED": False, "CANCELLED": False}.get(run["state"])
            assert run["is_flow_successful"] is success
            assert (run["error"] is not None) == (run["state"] == "FAILED")
            if run["state"] in ("PENDING", "PAUSED", "RESUMED"):
                assert run["latency"] is None and run["outputs"] is None
            if run["state"] == "COMPLETED":
                assert run["outputs"] is not None and run["latency"] is not None
    assert seen == STATES | {None}


# --- per-project totals --------------------------------------------------------------------------


def totals(found: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "total_runs": len(found),
        "total_errors": sum(r["error"] is not None for r in found),
        "total_tokens": sum(r["total_tokens"] for r in found),
        "total_users": len({r["user_id"] for r in found if r["user_id"] is not None}),
    }


@pytest.mark.parametrize(
    "window",
    [
        {},
        {"start_date": "2026-10-01", "end_date": "2026-10-20T14:00:01.5Z"},
        {"end_date": "2000-01-01"},
    ],
)
@pytest.mark.parametrize("org", [NORTHWIND, CONTOSO])
async def test_project_totals_reconcile_with_the_runs(
    client: Client, org: str, window: dict[str, Any]
) -> None:
    rows = await get_json(client, SUMMARY, key=KEYS[org], page_size=100, **window)
    assert [r["project_id"] for r in rows] == sorted(
        (r["project_id"] for r in rows),
        key=lambda p: (-next(r["total_runs"] for r in rows if r["project_id"] == p),
                       next(r["project_name"] for r in rows if r["project_id"] == p)),
    )  # fmt: skip
    assert {r["project_id"] for r in rows} == set(FLOWS[org])
    for row in rows:
        found = await every_run(client, row["project_id"], **window)
        assert {k: row[k] for k in totals(found)} == totals(found)


async def test_a_project_row_describes_the_flow(client: Client) -> None:
    rows = await get_json(client, SUMMARY, key=CONTOSO_KEY)
    (policy,) = [r for r in rows if r["project_id"] == POLICY]
    owner = policy.pop("project_owner")
    assert owner["user_id"] == "5f93d180-c5ef-4cfb-b099-f27150cb407a"
    assert owner["email"] == "sam@contoso.example"
    assert owner["avatar_url"].startswith("https://www.gravatar.com/avatar/")
    assert {k: policy[k] for k in ("project_type", "project_name", "is_published",
                                   "public_ui_url", "public_ui_type")} == {
        "project_type": "agent_assistant", "project_name": "Policy Q&A", "is_published": True,
        "public_ui_url": f"https://www.stack-ai.com/website-chatbot/{CONTOSO}/{POLICY}",
        "public_ui_type": "website_chatbot",
    }  # fmt: skip
    northwind = await get_json(client, SUMMARY)
    (sub_flow,) = [r for r in northwind if r["project_id"] == SUB_FLOW]
    assert (sub_flow["is_published"], sub_flow["public_ui_url"], sub_flow["public_ui_type"]) == (
        False,
        None,
        None,
    )


async def test_project_rows_page_like_runs(client: Client) -> None:
    everything = await get_json(client, SUMMARY)
    assert len(everything) == 3
    pages = [await get_json(client, SUMMARY, page=n, page_size=2) for n in range(3)]
    assert pages[0] + pages[1] == everything and pages[2] == []


# --- outside the routes: FastAPI's own answers ---------------------------------------------------


async def test_unrouted_paths_and_methods_are_fastapis(client: Client) -> None:
    response = await client.get("/stackai/analytics/org", headers=bearer())
    assert (response.status, await response.json()) == (404, {"detail": "Not Found"})
    response = await client.post(runs_path(), headers=bearer())
    assert (response.status, await response.json()) == (405, {"detail": "Method Not Allowed"})
    assert response.headers["Allow"] == "GET"
    response = await client.get(runs_path() + "/?page=1", allow_redirects=False)
    assert response.status == 307
    assert response.headers["Location"].endswith(runs_path() + "?page=1")


# --- runs injected through the control plane ----------------------------------------------------


async def test_an_injected_run_is_listed_and_counted_at_once(client: Client) -> None:
    record = {"flow_id": CHAT, "date": "2026-10-31T23:59:59Z", "state": "FAILED",
              "error": "boom", "user_id": "inj-1", "run_type": "api"}  # fmt: skip
    before = await get_json(client, SUMMARY)
    response = await client.post(
        "/_emulator/vendors/stackai/runs", json={"tenant": "northwind", "run": record}
    )
    assert response.status == 201, await response.text()
    (stored,) = (await response.json())["runs"]
    first = (await runs(client, CHAT, page_size=1))[0]
    assert (first["run_id"], first["error"], first["is_flow_successful"]) == (
        stored["run_id"],
        "boom",
        False,
    )
    assert first["run_id"] == (await runs(client, CHAT, user_id="inj-1"))[0]["run_id"]
    after = {r["project_id"]: r for r in await get_json(client, SUMMARY)}
    (chat_before,) = [r for r in before if r["project_id"] == CHAT]
    assert after[CHAT]["total_runs"] == chat_before["total_runs"] + 1
    assert after[CHAT]["total_errors"] == chat_before["total_errors"] + 1


async def test_a_flow_page_sees_runs_injected_after_it_was_listed(client: Client) -> None:
    before = await every_run(client)
    listed = await client.get("/_emulator/vendors/stackai/runs?tenant=northwind&limit=1")
    record = (await listed.json())["runs"][0]
    omitted = ("tenant", "run_id", "ended_at", "paused_at", "resumed_at", "calls_before_pause")
    injected = {k: v for k, v in record.items() if k not in omitted}
    injected.update(flow_id=EXTRACTOR, date="2026-10-31T23:59:59.999999Z")
    response = await client.post(
        "/_emulator/vendors/stackai/runs", json={"tenant": "northwind", "run": injected}
    )
    assert response.status == 201, await response.text()
    after = await every_run(client)
    assert len(after) == len(before) + 1
    assert after[0]["date"] == "2026-10-31T23:59:59.999999Z"
    assert after[1:] == before
