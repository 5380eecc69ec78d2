"""Runs injected as each vendor's API serves them (`"shape": "served"`), for every vendor: a run
copied from a response is stored, what had to be inferred is said, the API serves it back as it
was given, and what cannot be mapped is refused field by field."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.vendor import base_path
from tests.control.control_api import Client, call, fields, problem
from tests.every_vendor import VENDORS, list_request

# The record fields each vendor's served run lacks, which the answer says were inferred.
INFERRED = {
    "dograh": ["is_completed", "usage_info.call_duration_seconds", "dograh_token_usage",
               "definition_id", "campaign_id"],
    "b3os": ["charges"],
    "stackai": [],
    "dynamiq": ["created_at"],
}  # fmt: skip
IDS = {"dograh": "id", "b3os": "runId", "stackai": "run_id", "dynamiq": "id"}


async def get(client: Client, path: str, headers: dict[str, str]) -> Any:
    response = await client.get(path, headers=headers)
    assert response.status == 200, await response.text()
    return await response.json()


async def served(client: Client, runtime: Runtime, vendor: str, slug: str) -> list[Any]:
    """The first page of the tenant's runs as the vendor serves them (Dynamiq: each run's own
    view; StackAI: with the flow the path named)."""
    path, headers = list_request(runtime, vendor, slug)
    body = await get(client, path, headers)
    tenant: Any = runtime.state(vendor).tenants[slug]
    if vendor == "dograh":
        return list(body["runs"])
    if vendor == "b3os":
        return list(body["data"]["items"])
    if vendor == "stackai":
        return [{**run, "flow_id": tenant.flows[0].id} for run in body]
    root = base_path(runtime.state(vendor).vendor, tenant)
    return [(await get(client, f"{root}/v1/runs/{r['id']}", headers))["data"] for r in body["data"]]


async def reinjected(
    client: Client, vendor: str, slug: str, run: dict[str, Any], *, expect: int = 201
) -> Any:
    """`run` deleted, then injected back in the served shape: the answer."""
    path = f"/_emulator/vendors/{vendor}/runs"
    await call(client, "DELETE", f"{path}/{run[IDS[vendor]]}", expect=204)
    body = {"tenant": slug, "shape": "served", "runs": [run]}
    return await call(client, "POST", path, body, expect=expect)


def first_tenant(runtime: Runtime, vendor: str) -> str:
    return next(iter(runtime.state(vendor).tenants))


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_served_run_injected_back_is_served_as_it_was_given(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    slug = first_tenant(runtime, vendor)
    before = await served(client, runtime, vendor, slug)
    run = next(r for r in before if r.get("status") != "awaiting_input")
    answer = await reinjected(client, vendor, slug, run)
    assert [i["field"] for i in answer["inferred"]] == [f"runs[0].{f}" for f in INFERRED[vendor]]
    assert all(i["message"] for i in answer["inferred"])
    assert await served(client, runtime, vendor, slug) == before


async def test_dograh_run_details_are_a_served_shape_too(client: Client, runtime: Runtime) -> None:
    path, headers = list_request(runtime, "dograh", "acme-health")
    item = (await get(client, path, headers))["runs"][2]
    details_path = f"/dograh/api/v1/workflow/{item['workflow_id']}/runs/{item['id']}"
    details = await get(client, details_path, headers)
    answer = await reinjected(client, "dograh", "acme-health", details)
    assert [i["field"] for i in answer["inferred"]] == ["runs[0].charge_usd", "runs[0].campaign_id"]
    assert await get(client, details_path, headers) == details


async def test_a_dynamiq_run_awaiting_input_is_stored_paused(
    client: Client, runtime: Runtime
) -> None:
    runs = await served(client, runtime, "dynamiq", "helios")
    waiting = next(r for r in runs if r["status"] == "awaiting_input")
    answer = await reinjected(client, "dynamiq", "helios", waiting)
    assert [i["field"] for i in answer["inferred"]] == ["runs[0].status", "runs[0].created_at"]
    assert answer["runs"][0]["status"] == "paused"
    assert await served(client, runtime, "dynamiq", "helios") == runs


def broken(vendor: str, runs: list[dict[str, Any]]) -> tuple[dict[str, Any], list[str]]:
    """One of the served runs, spoiled in two ways, and the fields a refusal must name."""
    run = next(r for r in runs if r.get("llm_usage", [1]) and r.get("status") != "started")
    if vendor == "dograh":
        return {**run, "workflow_name": "Renamed", "dograh_token_usage": 3.5}, [
            "runs[0].workflow_name", "runs[0].dograh_token_usage",
        ]  # fmt: skip
    if vendor == "b3os":
        return {**run, "workflowId": "WF", "startedAt": "yesterday"}, [
            "runs[0].startedAt", "runs[0].workflowId",
        ]  # fmt: skip
    if vendor == "stackai":
        usage = [{**call, "should_charge": not call["should_charge"]} for call in run["llm_usage"]]
        spoiled = {k: v for k, v in run.items() if k != "flow_id"}
        return {**spoiled, "llm_usage": usage, "latency": -1}, [
            "runs[0].flow_id", "runs[0].latency",
        ]  # fmt: skip
    # A run still going shows no end nor output: the view's schema rules them out.
    run = next(r for r in runs if r["status"] == "completed" and "output" in r)
    return {**run, "status": "started", "started_at": "2026-02-30T00:00:00Z"}, [
        "runs[0].ended_at", "runs[0].output", "runs[0].started_at",
    ]  # fmt: skip


@pytest.mark.parametrize("vendor", VENDORS)
async def test_what_cannot_be_mapped_is_refused_field_by_field(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    slug = first_tenant(runtime, vendor)
    spoiled, named = broken(vendor, await served(client, runtime, vendor, slug))
    path = f"/_emulator/vendors/{vendor}/runs"
    body = {"tenant": slug, "shape": "served", "runs": [spoiled]}
    refusal = await problem(await client.post(path, json=body), 422)
    assert sorted(set(fields(refusal))) == sorted(named)


async def test_a_field_derived_from_the_others_is_checked_by_serving_the_run_back(
    client: Client, runtime: Runtime
) -> None:
    run = next(r for r in await served(client, runtime, "stackai", "northwind") if r["llm_usage"])
    usage = [{**run["llm_usage"][0], "is_local_model": not run["llm_usage"][0]["is_local_model"]}]
    path = "/_emulator/vendors/stackai/runs"
    await call(client, "DELETE", f"{path}/{run['run_id']}", expect=204)
    body = {"tenant": "northwind", "shape": "served", "run": {**run, "llm_usage": usage}}
    refusal = await problem(await client.post(path, json=body), 422)
    assert fields(refusal) == ["run.llm_usage[0].is_local_model"]
    assert "would be served as" in refusal["errors"][0]["message"]


async def test_a_b3os_total_the_price_list_cannot_make_is_refused(
    client: Client, runtime: Runtime
) -> None:
    run = (await served(client, runtime, "b3os", "moonbeam-labs"))[0]
    spoiled = {**run, "totalCu": 0.1, "triggerSource": "schedule"}
    body = {"tenant": "moonbeam-labs", "shape": "served", "run": spoiled}
    refusal = await problem(await client.post("/_emulator/vendors/b3os/runs", json=body), 422)
    assert fields(refusal) == ["run.totalCu"]
    assert "0.5 CU (one schedule trigger)" in refusal["errors"][0]["message"]


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_served_run_sent_as_a_record_says_which_shape_it_is(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    slug = first_tenant(runtime, vendor)
    run = (await served(client, runtime, vendor, slug))[0]
    path = f"/_emulator/vendors/{vendor}/runs"
    refusal = await problem(await client.post(path, json={"tenant": slug, "run": run}), 422)
    hint = [e["message"] for e in refusal["errors"] if e["field"] == "run"]
    assert hint and hint[-1].endswith("say `shape: served`"), refusal["errors"]


async def test_an_unknown_shape_is_refused(client: Client) -> None:
    body = {"tenant": "acme-health", "shape": "list-item", "runs": [{}]}
    refusal = await problem(await client.post("/_emulator/vendors/dograh/runs", json=body), 422)
    assert fields(refusal) == ["shape"]


async def test_a_refusal_of_the_derived_record_names_the_served_field(
    client: Client, runtime: Runtime
) -> None:
    run = (await served(client, runtime, "b3os", "moonbeam-labs"))[0]
    orbit: Any = runtime.state("b3os").tenants["orbit-dao"]
    spoiled = {**run, "workflowId": orbit.workflows[0].id}
    body = {"tenant": "moonbeam-labs", "shape": "served", "run": spoiled}
    refusal = await problem(await client.post("/_emulator/vendors/b3os/runs", json=body), 422)
    assert fields(refusal) == ["run.workflowId"]
    assert refusal["errors"][0]["message"].startswith(f"workflow_id {spoiled['workflowId']} is not")
