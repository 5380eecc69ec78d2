"""Dograh's agents and one agent's runs over HTTP (api/routes/workflow.py at 058c540c): the
same workflows and the same runs the usage list names, counted the same way."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator.runtime import Runtime
from tests.vendors.dograh_api import ACME, USAGE, Client, filtered, get_json

FETCH = "/dograh/api/v1/workflow/fetch"
RUNS = "/dograh/api/v1/workflow/{}/runs"


async def listed(client: Client, path: str, status: str, *, expect: int = 200,
                 headers: dict[str, str] | None = None) -> Any:  # fmt: skip
    """`status` is the route's own parameter (get_json's `status` is the answer's)."""
    response = await client.get(path, params={"status": status}, headers=headers or ACME)
    assert response.status == expect, await response.text()
    return await response.json()


def keys_of(runtime: Runtime) -> list[dict[str, str]]:
    return [{"X-API-Key": t.test_key} for t in runtime.state("dograh").tenants.values()]


async def test_agents_are_the_workflows_the_runs_name_with_their_run_counts(
    client: Client, runtime: Runtime
) -> None:
    for headers in keys_of(runtime):
        agents = await get_json(client, FETCH, headers=headers)
        for agent in agents:
            found = await get_json(client, USAGE, headers=headers, limit=1, filters=json.dumps(
                [{"attribute": "workflowId", "type": "number", "value": {"value": agent["id"]}}]
            ))  # fmt: skip
            assert agent["total_runs"] == found["total_count"] > 0
            if found["runs"]:
                assert found["runs"][0]["workflow_name"] == agent["name"]


async def test_an_agent_is_listed_as_the_vendor_models_it(client: Client) -> None:
    first = (await get_json(client, FETCH))[0]
    assert list(first) == ["id", "name", "status", "created_at", "total_runs", "folder_id",
                           "workflow_uuid"]  # fmt: skip
    assert (first["id"], first["name"], first["status"]) == (1207, "Appointment Reminder", "active")
    assert first["created_at"] == "2026-02-10T15:20:41.331208Z"
    assert first["workflow_uuid"][14] == "4"  # a uuid4, fixed for the workflow


@pytest.mark.parametrize(
    ("status", "ids"),
    [
        ("archived,active", [3104, 3105]),
        ("active , archived", [3105, 3104]),
        ("active,active", [3105, 3105]),
        ("", [3104, 3105]),
        ("archived", [3104]),
    ],
)
async def test_each_status_is_listed_in_turn(client: Client, status: str, ids: list[int]) -> None:
    initech = {"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}
    assert [a["id"] for a in await listed(client, FETCH, status, headers=initech)] == ids
    summary = await listed(client, "/dograh/api/v1/workflow/summary", status, headers=initech)
    assert [a["id"] for a in summary] == ids and set(summary[0]) == {"id", "name"}


@pytest.mark.parametrize(
    ("status", "shown"),
    [("paused", "['paused']"), ("active,", "['<empty>']"), ("b,Active,a", "['Active', 'a', 'b']")],
)
async def test_another_status_is_a_422_with_a_string_detail(
    client: Client, status: str, shown: str
) -> None:
    body = await listed(client, FETCH, status, expect=422)
    assert body == {
        "detail": f"Invalid workflow status filter: {shown}. "
        "Allowed values: ['active', 'archived']."
    }


async def test_agent_counts(client: Client) -> None:
    initech = {"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}
    body = await get_json(client, "/dograh/api/v1/workflow/count", headers=initech)
    assert body == {"total": 2, "active": 1, "archived": 1}


# --- one agent's runs ----------------------------------------------------------------------------


async def agent_runs(client: Client, workflow: int, **query: Any) -> dict[str, Any]:
    body: dict[str, Any] = await get_json(client, RUNS.format(workflow), **query)
    return body


async def test_an_agents_runs_are_the_usage_lists_runs_of_that_workflow(client: Client) -> None:
    listed = await filtered(
        client, {"attribute": "workflowId", "type": "number", "value": {"value": 1215}}
    )
    body = await agent_runs(client, 1215, limit=100)
    ids = [r["id"] for r in body["runs"]]
    assert body["total_count"] == len(listed) and ids == [r["id"] for r in listed][:100]
    assert body["applied_filters"] is None and body["total_pages"] == -(-len(listed) // 100)


async def test_runs_are_listed_without_links_token_or_usage(client: Client) -> None:
    run = (await agent_runs(client, 1208, filters=json.dumps([{"attribute": "dateRange",
           "type": "dateRange", "value": {"from": "2026-07-05T08:00:00Z",
                                          "to": "2026-07-05T08:00:00Z"}}])))["runs"][0]  # fmt: skip
    assert run["id"] == 900065 and run["recording_url"] == "recordings/900065.wav"
    assert run["transcript_public_url"] is run["public_access_token"] is run["usage_info"] is None
    assert run["cost_info"] == {"dograh_token_usage": 0, "call_duration_seconds": 125}
    assert run["created_at"] == "2026-07-05T08:00:00Z"


async def test_another_organisations_agent_has_no_runs(client: Client) -> None:
    body = await agent_runs(client, 2301, page=3, limit=7)
    assert body == {"runs": [], "total_count": 0, "page": 3, "limit": 7, "total_pages": 0,
                    "applied_filters": None}  # fmt: skip


async def test_applied_filters_echo_the_filters_as_given(client: Client) -> None:
    given = [
        {"attribute": "status", "type": "radio", "value": {"status": "completed"}},
        {"attribute": "duration", "type": "nonsense"},
        {"type": "numberRange", "value": {"min": 1}},
    ]
    body = await agent_runs(client, 1207, filters=json.dumps(given))
    assert body["applied_filters"] == given
    for empty in ("[]", "{}", '""'):
        assert (await agent_runs(client, 1207, filters=empty))["applied_filters"] is None


async def test_the_status_filter_follows_completion(client: Client) -> None:
    def status(value: str) -> str:
        return json.dumps([{"attribute": "status", "type": "radio", "value": {"status": value}}])

    going = await agent_runs(client, 1208, filters=status("in_progress"))
    assert [r["id"] for r in going["runs"]] == [900063]
    done = await agent_runs(client, 1208, filters=status("completed"))
    everything = await agent_runs(client, 1208)
    assert done["total_count"] == everything["total_count"] - 1
    assert all(r["is_completed"] for r in done["runs"])


async def test_a_token_usage_bound_keeps_nothing(client: Client) -> None:
    """Nothing writes cost_info.total_cost_usd at HEAD: every bound compares with NULL."""

    def usage(value: dict[str, Any]) -> str:
        return json.dumps([{"attribute": "tokenUsage", "type": "numberRange", "value": value}])

    assert (await agent_runs(client, 1207, filters=usage({"max": 10**9})))["total_count"] == 0
    assert (await agent_runs(client, 1207, filters=usage({})))["total_count"] > 0


async def test_only_exactly_asc_sorts_ascending(client: Client) -> None:
    newest = [r["id"] for r in (await agent_runs(client, 1207, limit=5))["runs"]]
    for order in ("ASC", "up", ""):
        assert [r["id"] for r in (await agent_runs(client, 1207, limit=5, sort_order=order))[
            "runs"]] == newest  # fmt: skip
    oldest = (await agent_runs(client, 1207, limit=5, sort_order="asc"))["runs"]
    stamps = [r["created_at"] for r in oldest]
    assert stamps == sorted(stamps) and oldest[0]["id"] not in newest


@pytest.mark.parametrize(
    ("filters", "status", "detail"),
    [
        ("[{", 400, "Invalid filter format"),
        ('[{"attribute":"runId","type":"number","value":{"value":1}}]', 403,
         "Invalid attribute 'runId'"),
        ('[{"attribute":"status"},{"attribute":"callChannel"},{"attribute":"x"}]', 403,
         "Invalid attribute 'callChannel'"),
    ],
)  # fmt: skip
async def test_the_routes_own_refusals(
    client: Client, filters: str, status: int, detail: str
) -> None:
    assert await agent_runs_failure(client, filters, status) == {"detail": detail}


async def agent_runs_failure(client: Client, filters: str, status: int) -> Any:
    response = await client.get(RUNS.format(1207), params={"filters": filters}, headers=ACME)
    assert response.status == status, await response.text()
    return await response.json() if status != 500 else await response.text()


@pytest.mark.parametrize(
    "filters",
    [
        "null",
        "0",
        "true",
        '"abc"',
        '{"a": 1}',
        "[5]",
        '[{"attribute": ["status"]}]',
        '[{"attribute": []}]',
        '[{"attribute": "status", "type": "radio", "value": null}]',
        '[{"attribute": "dateRange", "type": "dateRange", "value": {"from": "yesterday"}}]',
        '[{"attribute": "dateRange", "type": "dateRange", "value": {"to": 5}}]',
        '[{"attribute": "duration", "type": "numberRange", "value": {"min": "1"}}]',
    ],
)
async def test_filters_of_the_wrong_shape_are_unhandled_500s(client: Client, filters: str) -> None:
    """No try around this route's filters: Python's errors escape as Starlette's 500."""
    assert await agent_runs_failure(client, filters, 500) == "Internal Server Error"


async def test_page_and_limit_are_validated_as_the_usage_lists(client: Client) -> None:
    body = await get_json(client, RUNS.format(1207), status=422, page=0, limit=101)
    assert [e["loc"] for e in body["detail"]] == [["query", "page"], ["query", "limit"]]
    bad_id = await get_json(client, RUNS.format("x"), status=422)
    assert bad_id["detail"][0]["loc"] == ["path", "workflow_id"]
