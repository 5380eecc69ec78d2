"""B3OS's client-session routes over HTTP (issue 12): the key's organisation, the runs list and
one run (the same runs as `cu/runs`, as of the clock), cancel and retry through the store, and
per-organisation rate limits."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.vendors.b3os.run import B3osRun, as_of, rfc3339, total_of
from emulator.vendors.b3os.tenancy import Organization, RateLimit
from tests.vendors.test_b3os import (
    KEYS,
    MOON,
    MOON_KEY,
    MOON_READ,
    ORBIT,
    ORBIT_KEY,
    ORBIT_READ,
    answer,
    bearer,
    cu,
    data,
    every_run,
)
from tests.vendors.test_b3os_living import RECORD, travel, waiting_run

Client = TestClient[web.Request, web.Application]
RUNS = "/b3os/v1/runs"
ORGS = "/b3os/v1/organizations"
STATUSES = ("running", "waiting", "success", "partial", "failure", "cancelled")
TEXTS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
         409: "Conflict", 429: "Too Many Requests"}  # fmt: skip
DETAIL_ONLY = {"executionState", "organizationId", "propValues", "workflowDefinition",
               "workflowOwnerUserId"}  # fmt: skip


async def v1(client: Client, url: str, key: str = MOON_KEY, **query: Any) -> Any:
    response = await client.get(url, params={k: str(v) for k, v in query.items()},
                                headers=bearer(key))  # fmt: skip
    body = await answer(response, 200)
    assert (body["code"], body["message"]) == (200, "success")
    return body["data"]


async def post(client: Client, url: str, key: str = MOON_KEY, status: int = 200) -> Any:
    body = await answer(await client.post(url, headers=bearer(key)), status)
    if status == 200:
        assert (body["code"], body["message"]) == (200, "success")
        return body["data"]
    del body["requestId"]
    return body


def error(status: int, *details: str) -> dict[str, Any]:
    return {"code": status * 1000, "details": list(details), "message": TEXTS[status]}


async def refused(
    client: Client, url: str, expected: int, key: str = MOON_KEY, **query: Any
) -> dict[str, Any]:
    response = await client.get(url, params=query, headers=bearer(key))
    body: dict[str, Any] = await answer(response, expected)
    del body["requestId"]
    return body


async def every_v1_run(client: Client, key: str = MOON_KEY, **query: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = await v1(client, RUNS, key, limit=100, offset=len(found), **query)
        found.extend(page["items"])
        if not page["hasMore"]:
            return found


def as_cu_item(item: dict[str, Any]) -> dict[str, Any]:
    """A `/v1/runs` item in `cu/runs`'s words."""
    keys = ("finishedAt", "startedAt", "status", "totalCu", "triggerSource", "workflowId")
    return {"runId": item["id"], **{k: item[k] for k in keys if k in item}}


def paused_instant(run: B3osRun) -> Any:
    progress = run.progress
    assert progress is not None and progress.pause_after is not None
    return run.started_at + timedelta(microseconds=progress.pause_after * progress.pace_us + 1)


# --- the key's organisation ----------------------------------------------------------------
async def test_the_key_names_its_organisation_and_only_it(client: Client, runtime: Runtime) -> None:
    created = rfc3339(runtime.settings.epoch - timedelta(days=75))
    moon = await v1(client, ORGS)
    assert moon == {"hasMore": False, "limit": 20, "offset": 0, "items": [{
        "createdAt": created, "createdBy": "usr_d3b4m0hk2r1q8e0pvl2g", "cuMinThreshold": 500,
        "description": "On-chain treasury automation for the Moonbeam community",
        "id": MOON, "name": "Moonbeam Labs", "photo": "https://moonbeam.example/logo.png",
        "slug": "moonbeam-labs", "tier": "pro", "updatedAt": created}]}  # fmt: skip
    orbit = (await v1(client, ORGS, ORBIT_READ))["items"]
    assert [(o["id"], o["tier"], o["createdAt"], "photo" in o) for o in orbit] == [
        (ORBIT, "free", "2026-05-14T08:21:37.402118Z", False)
    ]


async def test_the_organisation_says_the_threshold_a_client_set(client: Client) -> None:
    response = await client.put(cu(MOON, "/threshold"), json={"minThreshold": 750},
                                headers=bearer(MOON_KEY))  # fmt: skip
    await answer(response, 200)
    balance = await data(client, cu(MOON))
    assert (await v1(client, ORGS))["items"][0]["cuMinThreshold"] == balance["minThreshold"] == 750


async def test_organisations_page_as_runs_do(client: Client) -> None:
    assert await v1(client, ORGS, offset=1) == {"hasMore": False, "items": [], "limit": 20,
                                               "offset": 1}  # fmt: skip
    assert (await v1(client, ORGS, limit=500))["limit"] == 100
    assert await refused(client, ORGS, 400, limit="0") == error(
        400, "limit: must be greater than or equal to 1"
    )
    body = await answer(await client.get(ORGS), 401)
    assert body["code"] == 401000


# --- the runs list -------------------------------------------------------------------------
@pytest.mark.parametrize("org", [MOON, ORBIT])
async def test_the_runs_are_the_cu_runs_at_the_epoch(client: Client, org: str) -> None:
    listed = await every_v1_run(client, KEYS[org])
    assert [as_cu_item(i) for i in listed] == await every_run(client, org)


async def test_the_runs_are_the_cu_runs_while_some_are_in_progress(
    client: Client, runtime: Runtime
) -> None:
    run = waiting_run(runtime)
    await travel(client, paused_instant(run))
    listed = await every_v1_run(client)
    assert [as_cu_item(i) for i in listed] == await every_run(client, MOON)
    item = next(i for i in listed if i["id"] == run.id)
    assert item["status"] == "waiting" and "finishedAt" not in item


async def test_items_name_their_workflow_and_how_they_were_triggered(client: Client) -> None:
    listed = await every_v1_run(client)
    names = {"wf_r4h15g5e4g7t0lqh82f7": ("Daily Treasury Rebalance", 3),
             "wf_ag3bcjjdisbhm1g201cu": ("Whale Alert to Slack", 1),
             "wf_fs6rvpjdelc8pm3804gr": ("NFT Mint Watcher", 1),
             "wf_a35oifi2tbahs0gnlkf2": ("Manual Payout", 1)}  # fmt: skip
    for item in listed:
        assert (item["workflowName"], item["workflowVersion"]) == names[item["workflowId"]]
        assert (item["triggerNodeId"], item["isSimulation"], item["isDustTest"]) == (
            "root", False, False)  # fmt: skip
        by_hand = item["triggerSource"] == "manual"
        assert item.get("triggeredBy") == ("usr_d3b4m0hk2r1q8e0pvl2g" if by_hand else None)
    assert {i["triggerSource"] == "manual" for i in listed} == {True, False}


async def test_a_status_is_the_runs_of_that_status_as_of_now(
    client: Client, runtime: Runtime
) -> None:
    run = waiting_run(runtime)
    await travel(client, paused_instant(run))
    every = await every_v1_run(client)
    for status in STATUSES:
        chosen = await every_v1_run(client, status=status)
        assert chosen == [i for i in every if i["status"] == status], status
    waiting = await every_v1_run(client, status="waiting")
    assert run.id in {i["id"] for i in waiting}


async def test_a_status_filter_pages_exactly(client: Client) -> None:
    failed = await every_v1_run(client, status="failure")
    page = await v1(client, RUNS, limit=3, offset=2, status="failure")
    assert page["items"] == failed[2:5] and page["hasMore"] == (len(failed) > 5)
    last = await v1(client, RUNS, limit=5, offset=len(failed) - 1, status="failure")
    assert (len(last["items"]), last["hasMore"]) == (1, False)


@pytest.mark.parametrize("value", ["done", "Success", "success,failure", "running "])
async def test_an_unknown_status_is_a_400(client: Client, value: str) -> None:
    assert await refused(client, RUNS, 400, status=value) == error(
        400, "status: must be one of running waiting success partial failure cancelled"
    )


async def test_an_empty_status_is_every_run(client: Client) -> None:
    assert await v1(client, RUNS, status="") == await v1(client, RUNS)


async def test_bad_paging_of_runs_is_a_400_and_no_key_a_401(client: Client) -> None:
    assert await refused(client, RUNS, 400, limit="3.0", offset="-1") == error(
        400, 'limit: strconv.ParseInt: parsing "3.0": invalid syntax',
        "offset: must be greater than or equal to 0",
    )  # fmt: skip
    assert (await answer(await client.get(RUNS, params={"limit": "x"}), 401))["code"] == 401000


# --- one run -------------------------------------------------------------------------------
async def test_a_run_read_alone_is_its_list_item(client: Client, runtime: Runtime) -> None:
    run = waiting_run(runtime)
    await travel(client, paused_instant(run))
    listed = (await v1(client, RUNS, limit=100))["items"]
    listed.append(next(i for i in await every_v1_run(client) if i["id"] == run.id))
    for item in listed:
        detail = await v1(client, f"{RUNS}/{item['id']}")
        shared = {k: v for k, v in detail.items() if k not in DETAIL_ONLY}
        assert shared == {k: v for k, v in item.items() if k != "workflowName"}
        assert (detail["organizationId"], detail["propValues"]) == (MOON, {})
        assert sum(1 for _ in detail["executionState"]) == len(
            detail["workflowDefinition"]["nodes"]
        )


async def test_the_execution_state_follows_the_run(client: Client, runtime: Runtime) -> None:
    run = waiting_run(runtime)
    await travel(client, paused_instant(run))
    state = (await v1(client, f"{RUNS}/{run.id}"))["executionState"]
    assert state["root"] == {"status": "success", "type": run.trigger_source}
    assert [n["status"] for n in state.values() if n["type"] == "wait"] == ["waiting"]
    assert run.finished_at is not None
    await travel(client, run.finished_at)
    final = (await v1(client, f"{RUNS}/{run.id}"))["executionState"]
    ended = {n["status"] for n in final.values()}
    assert ended <= {"success", "partial", "failure", "cancelled", "pending"}
    if run.status in ("success", "partial"):
        assert ended == ({"success"} if run.status == "success" else {"success", "partial"})


async def test_a_summary_leaves_out_the_state_and_node_ids_keep_those_nodes(
    client: Client,
) -> None:
    run_id = (await v1(client, RUNS, limit=1))["items"][0]["id"]
    whole = await v1(client, f"{RUNS}/{run_id}")
    light = await v1(client, f"{RUNS}/{run_id}", summary="true")
    assert light == {k: v for k, v in whole.items() if k not in ("executionState",
                                                                 "workflowDefinition")}  # fmt: skip
    assert await v1(client, f"{RUNS}/{run_id}", summary="0") == whole
    assert await v1(client, f"{RUNS}/{run_id}", summary="") == whole
    some = await v1(client, f"{RUNS}/{run_id}", nodeIds="root,nowhere,")
    assert some["executionState"] == {"root": whole["executionState"]["root"]}
    assert some["workflowDefinition"] == whole["workflowDefinition"]
    assert await v1(client, f"{RUNS}/{run_id}", nodeIds="") == whole


async def test_a_bad_summary_is_a_400_with_go_reasons(client: Client) -> None:
    run_id = (await v1(client, RUNS, limit=1))["items"][0]["id"]
    assert await refused(client, f"{RUNS}/{run_id}", 400, summary="yes") == error(
        400, 'summary: strconv.ParseBool: parsing "yes": invalid syntax'
    )


async def test_another_organisations_run_and_a_later_run_are_not_found(
    client: Client, runtime: Runtime
) -> None:
    orbit_run = (await v1(client, RUNS, ORBIT_KEY, limit=1))["items"][0]["id"]
    assert await refused(client, f"{RUNS}/{orbit_run}", 404) == error(404, "run not found")
    assert await refused(client, f"{RUNS}/run_nothing", 404) == error(404, "run not found")
    later = waiting_run(runtime)
    assert await refused(client, f"{RUNS}/{later.id}", 404) == error(404, "run not found")
    await travel(client, later.started_at)
    assert (await v1(client, f"{RUNS}/{later.id}"))["status"] == "running"


# --- cancel --------------------------------------------------------------------------------
async def test_a_cancelled_run_is_cancelled_everywhere_until_a_reset(
    client: Client, runtime: Runtime
) -> None:
    run = waiting_run(runtime)
    at = paused_instant(run)
    await travel(client, at)
    spent = as_of(run, at).total_cu
    cancelled = await post(client, f"{RUNS}/{run.id}/cancel")
    assert (cancelled["status"], cancelled["totalCu"], cancelled["finishedAt"]) == (
        "cancelled", spent, rfc3339(at))  # fmt: skip
    assert cancelled == await v1(client, f"{RUNS}/{run.id}")
    assert cancelled["executionState"]["root"]["status"] == "success"
    assert "cancelled" in {n["status"] for n in cancelled["executionState"].values()}
    assert run.finished_at is not None
    await travel(client, run.finished_at + timedelta(days=1))
    item = next(i for i in await every_v1_run(client) if i["id"] == run.id)
    assert as_cu_item(item) == next(i for i in await every_run(client) if i["runId"] == run.id)
    assert (item["status"], item["totalCu"]) == ("cancelled", spent)
    month_of = rfc3339(run.started_at)[:7]
    month = await data(client, cu(MOON, "/usage"), yearMonth=month_of)
    listed = [i for i in await every_run(client) if i["startedAt"][:7] == month_of]
    assert month["summary"]["used"] == sum(i["totalCu"] for i in listed)
    record = await client.get(f"/_emulator/vendors/b3os/runs/{run.id}")
    assert (await record.json())["status"] == "cancelled"
    assert (await client.post("/_emulator/reset")).status == 200
    await travel(client, run.finished_at)
    assert (await v1(client, f"{RUNS}/{run.id}"))["status"] == run.status


async def test_a_fixture_run_in_progress_is_cancelled_in_the_overlay(client: Client) -> None:
    before = await v1(client, f"{RUNS}/{RECORD}", ORBIT_KEY)
    assert before["status"] == "running"
    cancelled = await post(client, f"{RUNS}/{RECORD}/cancel", ORBIT_KEY)
    assert (cancelled["status"], cancelled["totalCu"]) == ("cancelled", before["totalCu"])
    again = await post(client, f"{RUNS}/{RECORD}/cancel", ORBIT_KEY, status=409)
    assert again == error(409, "run is cancelled: only a running or waiting run can be cancelled")
    item = next(i for i in await every_run(client, ORBIT) if i["runId"] == RECORD)
    assert (item["status"], item["totalCu"]) == ("cancelled", before["totalCu"])


async def test_a_finished_run_cannot_be_cancelled_nor_a_success_retried(client: Client) -> None:
    done = (await v1(client, RUNS, limit=1, status="success"))["items"][0]["id"]
    assert await post(client, f"{RUNS}/{done}/cancel", status=409) == error(
        409, "run is success: only a running or waiting run can be cancelled"
    )
    assert await post(client, f"{RUNS}/{done}/retry", status=409) == error(
        409, "run is success: only failed or cancelled runs can be retried"
    )
    assert (await v1(client, f"{RUNS}/{done}"))["status"] == "success"


async def test_a_read_key_may_not_cancel_nor_retry_before_the_run_is_looked_up(
    client: Client,
) -> None:
    done = (await v1(client, RUNS, limit=1))["items"][0]["id"]
    forbidden = error(403, "API key scope 'read' does not allow this operation")
    for action in ("cancel", "retry"):
        assert await post(client, f"{RUNS}/{done}/{action}", MOON_READ, 403) == forbidden
        assert await post(client, f"{RUNS}/run_x/{action}", MOON_READ, 403) == forbidden
        assert await post(client, f"{RUNS}/run_x/{action}", status=404) == error(
            404, "run not found"
        )


# --- retry ---------------------------------------------------------------------------------
async def test_a_retry_is_a_new_run_from_the_failure_point(
    client: Client, runtime: Runtime
) -> None:
    failed_id = (await v1(client, RUNS, limit=1, status="failure"))["items"][0]["id"]
    found = runtime.state("b3os").store.find(failed_id)
    assert found is not None
    failed: B3osRun = found[1]
    retry = await post(client, f"{RUNS}/{failed_id}/retry")
    assert retry["id"] != failed_id and retry["sourceRunId"] == failed_id
    assert retry["startedAt"] == rfc3339(runtime.settings.epoch)
    assert retry["workflowId"] == failed.workflow_id
    newest = (await v1(client, RUNS, limit=1))["items"][0]
    assert newest == {k: v for k, v in retry.items() if k not in DETAIL_ONLY} | {
        "workflowName": newest["workflowName"]}  # fmt: skip
    assert (await v1(client, f"{RUNS}/{failed_id}"))["status"] == "failure"
    started = await client.get("/_emulator/vendors/b3os/runs", params={"origin": "started"})
    assert [r["id"] for r in (await started.json())["runs"]] == [retry["id"]]
    await travel(client, runtime.settings.epoch + timedelta(hours=2))
    ended = await v1(client, f"{RUNS}/{retry['id']}")
    assert ended["status"] in ("success", "failure") and "finishedAt" in ended
    progress = failed.progress
    assert progress is not None
    whole = total_of(progress.charges(sum(count for _, count in progress.steps)))
    assert failed.total_cu + ended["totalCu"] <= whole  # the rest of the plan, no new trigger
    if ended["status"] == "success":
        assert failed.total_cu + ended["totalCu"] == whole


async def test_a_cancelled_run_may_be_retried(client: Client, runtime: Runtime) -> None:
    run = waiting_run(runtime)
    await travel(client, paused_instant(run))
    await post(client, f"{RUNS}/{run.id}/cancel")
    retry = await post(client, f"{RUNS}/{run.id}/retry")
    assert retry["sourceRunId"] == run.id and retry["status"] in STATUSES
    assert (await v1(client, RUNS, limit=1, status=retry["status"]))["items"][0]["id"] == retry[
        "id"
    ]


async def test_the_same_retries_give_the_same_runs_in_a_fresh_emulator(
    aiohttp_client: AiohttpClient, pristine: Runtime, check: ResponseCheck
) -> None:
    answers = []
    for _ in range(2):
        client = await aiohttp_client(build_app(pristine.fork(), check))
        failed = await every_v1_run(client, status="failure")
        bodies = [await (await client.post(f"{RUNS}/{i['id']}/retry",
                                           headers=bearer(MOON_KEY))).read()
                  for i in failed[:3]]  # fmt: skip
        answers.append(bodies)
    assert answers[0] == answers[1] and len(set(answers[0])) == 3


# --- rate limits ---------------------------------------------------------------------------
def limited(runtime: Runtime, slug: str, requests: int, seconds: int) -> None:
    state = runtime.state("b3os")
    organization = state.tenants[slug]
    assert isinstance(organization, Organization)
    state.tenants[slug] = replace(organization, rate_limit=RateLimit(requests, seconds))


async def test_a_limited_organisation_is_told_when_to_come_back(
    aiohttp_client: AiohttpClient, runtime: Runtime, check: ResponseCheck
) -> None:
    limited(runtime, "moonbeam-labs", 3, 60)
    client = await aiohttp_client(build_app(runtime, check))
    await travel(client, runtime.settings.epoch + timedelta(seconds=45))
    for _ in range(3):
        await v1(client, ORGS)
    response = await client.get(RUNS, headers=bearer(MOON_KEY))
    body = await answer(response, 429)
    assert response.headers["Retry-After"] == "15"
    assert {k: v for k, v in body.items() if k != "requestId"} == error(
        429, "rate limit: 3 requests per 60s per organization"
    )
    await v1(client, ORGS, ORBIT_KEY)  # another organisation has its own count
    await travel(client, runtime.settings.epoch + timedelta(seconds=60))
    await v1(client, RUNS)


async def test_organisations_have_no_limit_by_default(client: Client) -> None:
    for _ in range(40):
        await v1(client, ORGS)


# --- runs clients start --------------------------------------------------------------------
MANUAL = "wf_a35oifi2tbahs0gnlkf2"  # Moonbeam's Manual Payout
PAUSED = "wf_8n6os31fvg0t454ug4gf"  # Orbit's Discord Role Sync


async def start(client: Client, workflow: str, key: str = MOON_KEY, **options: Any) -> Any:
    response = await client.post(f"/b3os/v1/workflows/{workflow}/run", headers=bearer(key),
                                 **options)  # fmt: skip
    return await answer(response, 200)


async def test_a_started_run_is_invisible_before_in_progress_then_finished_everywhere(
    client: Client, runtime: Runtime
) -> None:
    body = await start(client, MANUAL, json={"payload": {"amount": 5}})
    assert (body["code"], body["message"], list(body["data"])) == (200, "success", ["runId"])
    run_id = body["data"]["runId"]
    newest = (await v1(client, RUNS, limit=1))["items"][0]
    assert (newest["id"], newest["triggerSource"], newest["workflowId"]) == (
        run_id, "manual", MANUAL)  # fmt: skip
    assert newest["startedAt"] == rfc3339(runtime.settings.epoch)
    assert (await every_run(client))[0] == as_cu_item(newest)
    started = await client.get("/_emulator/vendors/b3os/runs", params={"origin": "started"})
    assert [r["id"] for r in (await started.json())["runs"]] == [run_id]
    await travel(client, runtime.settings.epoch - timedelta(microseconds=1))
    assert await refused(client, f"{RUNS}/{run_id}", 404) == error(404, "run not found")
    await travel(client, runtime.settings.epoch + timedelta(days=4))
    ended = await v1(client, f"{RUNS}/{run_id}")
    assert ended["status"] in ("success", "failure", "partial") and "finishedAt" in ended
    item = next(i for i in await every_run(client) if i["runId"] == run_id)
    assert item == as_cu_item({k: v for k, v in ended.items() if k not in DETAIL_ONLY})


async def test_a_paused_workflow_runs_and_an_archived_one_does_not(
    aiohttp_client: AiohttpClient, runtime: Runtime, check: ResponseCheck
) -> None:
    state = runtime.state("b3os")
    orbit = state.tenants["orbit-dao"]
    assert isinstance(orbit, Organization)
    archived = replace(orbit.workflows[0], status="archived")
    state.tenants["orbit-dao"] = replace(orbit, workflows=(archived, *orbit.workflows[1:]))
    client = await aiohttp_client(build_app(runtime, check))
    await start(client, PAUSED, ORBIT_KEY)
    response = await client.post(f"/b3os/v1/workflows/{archived.id}/run", headers=bearer(ORBIT_KEY))
    assert (await answer(response, 400))["details"] == ["workflow is archived"]


@pytest.mark.parametrize(
    ("workflow", "key", "status", "details"),
    [
        (MANUAL, MOON_READ, 403, ["API key scope 'read' does not allow this operation"]),
        (PAUSED, MOON_KEY, 404, ["workflow not found"]),  # another organisation's
        ("wf_nothing", MOON_KEY, 404, ["workflow not found"]),
    ],
)
async def test_who_may_start_which_workflow(
    client: Client, workflow: str, key: str, status: int, details: list[str]
) -> None:
    response = await client.post(f"/b3os/v1/workflows/{workflow}/run", headers=bearer(key))
    assert (await answer(response, status))["details"] == details


@pytest.mark.parametrize(
    ("body", "code", "details"),
    [
        (b'{"runId": "run_abc123"}', 400078, ["invalid run ID"]),
        (b'{"runId": "run_dbj819nutk0h14g00fk0"}', 400079, ["duplicate run ID"]),  # a fixture's
        (b"[]", 400000, ["json: cannot unmarshal array into Go value of type handler.RunParams"]),
        (b'{"version": "3"}', 400000, ["json: cannot unmarshal string into Go struct field "
                                       "RunParams.version of type int"]),
        (b'{"version": 1.5}', 400000, ["json: cannot unmarshal number 1.5 into Go struct field "
                                       "RunParams.version of type int"]),
        (b'{"payload": ', 400000, ["unexpected EOF"]),
    ],
)  # fmt: skip
async def test_a_bad_run_body_is_a_400(
    client: Client, body: bytes, code: int, details: list[str]
) -> None:
    response = await client.post(
        f"/b3os/v1/workflows/{MANUAL}/run",
        data=body,
        headers={**bearer(MOON_KEY), "Content-Type": "application/json"},
    )
    answered = await answer(response, 400)
    assert (answered["code"], answered["details"]) == (code, details)
    started = await client.get("/_emulator/vendors/b3os/runs", params={"origin": "started"})
    assert (await started.json())["runs"] == []


async def test_a_client_may_name_its_run(client: Client, runtime: Runtime) -> None:
    chosen = "run_dbj82000000000000001"
    assert (await start(client, MANUAL, json={"runId": chosen}))["data"] == {"runId": chosen}
    assert (await v1(client, f"{RUNS}/{chosen}"))["workflowId"] == MANUAL
    again = await client.post(f"/b3os/v1/workflows/{MANUAL}/run", json={"runId": chosen},
                              headers=bearer(MOON_KEY))  # fmt: skip
    assert (await answer(again, 400))["code"] == 400079
    later = waiting_run(runtime).id  # a generated run still to come is taken too
    taken = await client.post(f"/b3os/v1/workflows/{MANUAL}/run", json={"runId": later},
                              headers=bearer(MOON_KEY))  # fmt: skip
    assert (await answer(taken, 400))["code"] == 400079
    for body in (b"", b"null", b"{}"):
        await start(client, MANUAL, data=body)


async def test_the_same_starts_give_the_same_runs_in_a_fresh_emulator(
    aiohttp_client: AiohttpClient, pristine: Runtime, check: ResponseCheck
) -> None:
    answers = []
    for _ in range(2):
        runtime = pristine.fork()
        client = await aiohttp_client(build_app(runtime, check))
        ids = [(await start(client, MANUAL))["data"]["runId"] for _ in range(3)]
        await travel(client, runtime.settings.epoch + timedelta(minutes=1))
        answers.append([await (await client.get(f"{RUNS}/{i}", headers=bearer(MOON_KEY))).read()
                        for i in ids])  # fmt: skip
    assert answers[0] == answers[1] and len(set(answers[0])) == 3
