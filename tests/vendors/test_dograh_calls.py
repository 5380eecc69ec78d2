"""Outbound calls placed through Dograh's API (api/routes/telephony.py, api/routes/public_agent.py
at 058c540c) create runs that live on the virtual clock: invisible before they start, in
progress, then finished with usage, a recording and a transcript, the totals moving at each
step, the same way for the same calls at the same instants."""

from __future__ import annotations

import io
import json
import re
import wave
from typing import Any

import pytest

from emulator.runtime import Runtime
from tests.vendors.dograh_api import ACME, ACME_TOKEN, GLOBEX_KEY, USAGE, Client, get_json, usage

INITIATE = "/dograh/api/v1/telephony/initiate-call"
FETCH = "/dograh/api/v1/workflow/fetch"
DAILY = "/dograh/api/v1/organizations/usage/daily-breakdown"
CLOCK = "/_emulator/clock"
TRIGGER = "6f1d2c8e-4b7a-4e0f-9a3d-2c5b8e1f7a90"
INITECH = {"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}


async def post(client: Client, path: str, body: Any, *, headers: dict[str, str] | None = None,
               status: int = 200) -> Any:  # fmt: skip
    response = await client.post(path, json=body, headers=ACME if headers is None else headers)
    assert response.status == status, await response.text()
    return await response.json()


async def advance(client: Client, seconds: float) -> None:
    response = await client.put(CLOCK, json={"advance_seconds": seconds})
    assert response.status == 200, await response.text()


async def place(client: Client, **body: Any) -> dict[str, Any]:
    """A test call of Acme's first agent; the run it made, as the usage list shows it."""
    answer = await post(client, INITIATE, {"workflow_id": 1207, **body})
    name = re.fullmatch(r"Call initiated successfully with run name (WR-TEL-OUT-\d{8})",
                        answer["message"])  # fmt: skip
    assert name is not None
    newest: dict[str, Any] = (await usage(client, limit=1))["runs"][0]
    assert newest["name"] == name.group(1)
    return newest


def details(run: dict[str, Any]) -> str:
    return f"/dograh/api/v1/workflow/{run['workflow_id']}/runs/{run['id']}"


async def total_runs(client: Client, workflow: int) -> int:
    agents = await get_json(client, FETCH)
    return next(int(a["total_runs"]) for a in agents if a["id"] == workflow)


async def completed_calls(client: Client) -> tuple[int, float]:
    body = await get_json(client, DAILY, days=1)
    return sum(d["call_count"] for d in body["breakdown"]), body["total_minutes"]


async def test_a_placed_call_is_in_progress_then_finishes_with_everything(client: Client) -> None:
    before = (await usage(client, limit=1))["total_count"], await total_runs(client, 1207)
    done_before = await completed_calls(client)
    listed = await place(client)
    assert (listed["call_duration_seconds"], listed["disposition"], listed["recording_url"]) == (
        0, None, None,
    )  # fmt: skip
    assert listed["created_at"] == "2026-11-01T00:00:00+00:00" and listed["call_type"] == "outbound"
    assert (listed["called_number"], listed["caller_number"]) == ("+14155550142", "+14155550100")
    going = await get_json(client, details(listed))
    assert (going["is_completed"], going["usage_info"], going["cost_info"]) == (False, None, None)
    assert going["initial_context"]["runtime_configuration"]["llm_model"]
    assert ((await usage(client, limit=1))["total_count"], await total_runs(client, 1207)) == (
        before[0] + 1, before[1] + 1,
    )  # fmt: skip
    assert await completed_calls(client) == done_before  # not completed: not in the breakdown
    await advance(client, 1800)  # no call outlasts the 30-minute cap
    done = await get_json(client, details(listed))
    seconds = done["usage_info"]["call_duration_seconds"]
    assert done["is_completed"] and type(seconds) is int and seconds > 0
    assert done["usage_info"]["llm"] and done["gathered_context"]["mapped_call_disposition"]
    assert done["recording_url"] == f"recordings/{listed['id']}.wav"
    count, minutes = await completed_calls(client)
    assert count == done_before[0] + 1
    assert round(minutes - done_before[1], 1) == pytest.approx(round(seconds / 60, 1), abs=0.1)
    token = done["public_access_token"]
    link = f"/dograh/api/v1/public/download/workflow/{token}/recording"
    audio = await client.get(link)
    with wave.open(io.BytesIO(await audio.read())) as reader:
        assert reader.getnframes() / reader.getframerate() == seconds


async def test_a_call_is_invisible_before_it_was_placed(client: Client) -> None:
    await advance(client, 60)
    listed = await place(client)
    await advance(client, -61)
    assert await get_json(client, details(listed), status=404) == {
        "detail": "Workflow run not found"
    }
    assert listed["id"] not in {r["id"] for r in (await usage(client, limit=100))["runs"]}
    await advance(client, 61)
    assert (await get_json(client, details(listed)))["id"] == listed["id"]


async def test_the_same_calls_at_the_same_instants_end_the_same_way(
    aiohttp_client: Any, pristine: Runtime
) -> None:
    from emulator.app import build_app
    from emulator.respond import ResponseCheck

    served = []
    for _ in range(2):
        client = await aiohttp_client(build_app(pristine.fork(), ResponseCheck(True)))
        runs = [await place(client), await place(client, phone_number="+14155550999")]
        await advance(client, 1800)
        bodies = [await (await client.get(details(r), headers=ACME)).text() for r in runs]
        # Each test server has its own port, which the public links name.
        served.append([b.replace(str(client.make_url("/")), "/") for b in bodies])
    assert served[0] == served[1]
    assert served[0][0] != served[0][1]


async def test_the_test_number_and_the_callers_id(client: Client) -> None:
    chosen = await place(client, phone_number="+14155550999", from_phone_number_id=112)
    assert (chosen["called_number"], chosen["caller_number"]) == ("+14155550999", "+14155550101")
    assert list(chosen["initial_context"])[:6] == [
        "phone_number", "called_number", "direction", "provider", "telephony_configuration_id",
        "caller_number",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "headers", "status", "detail"),
    [
        ({"workflow_id": 1207}, INITECH, 400, "telephony_not_configured"),
        ({"workflow_id": 1207, "telephony_configuration_id": 99}, ACME, 400,
         "telephony_configuration_not_found"),
        ({"workflow_id": 1207, "telephony_configuration_id": 12}, ACME, 400,
         "'Office PBX' is not ready for outbound calls. Add a SIP trunk to place outbound calls."),
        ({"workflow_id": 9}, ACME, 404, "Workflow not found"),
        ({"workflow_id": 2301}, ACME, 404, "Workflow not found"),
        ({"workflow_id": 2301}, {"X-API-Key": GLOBEX_KEY}, 400,
         "Phone number must be provided in request or set in organization preferences"),
        ({"workflow_id": 1207, "from_phone_number_id": 113}, ACME, 400,
         "from_phone_number_not_found"),
        ({"workflow_id": 1207, "workflow_run_id": 123}, ACME, 400, "Workflow run not found"),
        ({"workflow_id": 1207, "workflow_run_id": 900065}, ACME, 400,
         "workflow_run_workflow_mismatch"),
    ],
)  # fmt: skip
async def test_the_test_calls_refusals_in_the_vendors_words(
    client: Client, body: dict[str, Any], headers: dict[str, str], status: int, detail: str
) -> None:
    assert await post(client, INITIATE, body, headers=headers, status=status) == {"detail": detail}


async def test_the_bodys_validation_comes_after_credentials(client: Client) -> None:
    refused = await post(client, INITIATE, {}, headers={"X-API-Key": "dgr_nope"}, status=401)
    assert refused == {"detail": "Invalid or expired API key"}
    invalid = await post(client, INITIATE, {"workflow_id": "x"}, status=422)
    assert invalid["detail"][0]["loc"] == ["body", "workflow_id"]


async def test_the_concurrent_call_limit_is_a_429_until_a_call_ends(client: Client) -> None:
    for _ in range(10):
        await post(client, INITIATE, {"workflow_id": 1208})
    assert await post(client, INITIATE, {"workflow_id": 1208}, status=429) == {
        "detail": "Concurrent call limit reached"
    }
    await advance(client, 1800)
    await post(client, INITIATE, {"workflow_id": 1208})


async def test_a_run_with_a_call_going_cannot_be_dialled_again(client: Client) -> None:
    listed = await place(client)
    again = {"workflow_id": 1207, "workflow_run_id": listed["id"]}
    assert await post(client, INITIATE, again, status=409) == {
        "detail": "Workflow run already has an active call"
    }
    await advance(client, 1800)
    answer = await post(client, INITIATE, again)
    assert answer["message"].endswith(listed["name"])
    redialled = await get_json(client, details(listed))
    assert (redialled["is_completed"], redialled["created_at"]) == (False, "2026-11-01T00:00:00Z")


# --- the public agent routes ---------------------------------------------------------------------


async def agent_uuid(client: Client, workflow: int, headers: dict[str, str] = ACME) -> str:
    agents = await get_json(client, FETCH, headers=headers)
    return str(next(a["workflow_uuid"] for a in agents if a["id"] == workflow))


async def test_an_agent_triggered_by_uuid_starts_a_run_with_the_callers_context(
    client: Client,
) -> None:
    uuid = await agent_uuid(client, 1208)
    caller = {"customer": "Ada", "provider": "vonage", "direction": "inbound"}
    answer = await post(client, f"/dograh/api/v1/public/agent/workflow/{uuid}",
                        {"phone_number": "+15125550123", "initial_context": caller})  # fmt: skip
    assert list(answer) == ["status", "workflow_run_id", "workflow_run_name"]
    assert answer["status"] == "initiated"
    assert re.fullmatch(r"WR-API-\d{4}", answer["workflow_run_name"])
    run = await get_json(client, f"/dograh/api/v1/workflow/1208/runs/{answer['workflow_run_id']}")
    context = run["initial_context"]
    assert (context["provider"], context["direction"], context["customer"]) == (
        "twilio",
        "inbound",
        "Ada",
    )
    assert (context["api_key_id"], context["api_key_created_by"]) == (41, 1011)
    assert (context["agent_identifier"], context["agent_identifier_type"]) == (
        uuid,
        "workflow_uuid",
    )
    assert (context["trigger_mode"], context["called_number"]) == ("production", "+15125550123")
    assert "agent_uuid" not in context and run["name"] == answer["workflow_run_name"]


async def test_an_api_trigger_starts_a_test_run(client: Client) -> None:
    answer = await post(client, f"/dograh/api/v1/public/agent/test/{TRIGGER}",
                        {"phone_number": "+15125550123"})  # fmt: skip
    assert answer["workflow_run_name"].startswith("WR-TEST-")
    run = await get_json(client, f"/dograh/api/v1/workflow/1215/runs/{answer['workflow_run_id']}")
    assert (run["initial_context"]["agent_uuid"], run["initial_context"]["trigger_mode"]) == (
        TRIGGER, "test",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("path", "headers", "status", "detail"),
    [
        (f"/{TRIGGER}", {"X-API-Key": "dgr_nope"}, 401, "Invalid API key"),
        (f"/{TRIGGER}", {"X-API-Key": GLOBEX_KEY}, 403, "Access denied"),
        ("/0b9e4d21-7c3f-4a8e-b6d5-9e2f1a7c3b48", ACME, 404, "Agent trigger is not active"),
        ("/nope", ACME, 404, "Agent trigger not found"),
        ("/workflow/nope", ACME, 404, "Workflow not found"),
    ],
)
async def test_the_public_routes_refusals(
    client: Client, path: str, headers: dict[str, str], status: int, detail: str
) -> None:
    body = await post(client, f"/dograh/api/v1/public/agent{path}", {"phone_number": "+1"},
                      headers=headers, status=status)  # fmt: skip
    assert body == {"detail": detail}


async def test_an_archived_agent_cannot_be_triggered_and_only_a_key_will_do(client: Client) -> None:
    archived = await agent_uuid(client, 3104, INITECH)
    body = await post(client, f"/dograh/api/v1/public/agent/workflow/{archived}",
                      {"phone_number": "+1"}, headers=INITECH, status=404)  # fmt: skip
    assert body == {"detail": "Workflow is not active"}
    token_only = await post(client, f"/dograh/api/v1/public/agent/{TRIGGER}",
                            {"phone_number": "+1"},
                            headers={"Authorization": ACME_TOKEN}, status=422)  # fmt: skip
    assert token_only["detail"] == [{"type": "missing", "loc": ["header", "X-API-Key"],
                                     "msg": "Field required", "input": None}]  # fmt: skip


# --- a sync job ----------------------------------------------------------------------------------


async def test_a_sync_job_sees_every_run_and_every_completion_once(client: Client) -> None:
    """Every 10 virtual minutes: place a call now and then, and poll the last day's runs."""
    seen: dict[int, dict[str, Any]] = {}
    completions: list[int] = []
    window = {"start_date": "2026-10-31T00:00:00Z"}
    for step in range(18):
        if step % 3 == 0:
            await place(client, phone_number=f"+1415555{step:04d}")
        for run in (await usage(client, limit=100, **window))["runs"]:
            before = seen.get(run["id"])
            if before is not None and before["disposition"] is not None:
                assert run == before, "a finished run never changes"
            elif run["disposition"] is not None:
                completions.append(run["id"])
            seen[run["id"]] = run
        await advance(client, 600)
    placed = [r for r in seen.values() if r["name"].startswith("WR-TEL-OUT-") and r["id"] > 2e9]
    assert len(placed) == 6 and len(completions) == len(set(completions))
    assert {r["id"] for r in placed} <= set(completions)
    count, _ = await completed_calls(client)
    today = [r for r in seen.values() if r["created_at"] >= "2026-11-01" and r["disposition"]]
    assert count == len(today)
    assert await total_runs(client, 1207) == sum(
        1 for r in seen.values() if r["workflow_id"] == 1207 and r["created_at"] >= "2026-10-31"
    ) + await usage_count_before(client, 1207, "2026-10-31T00:00:00Z")


async def usage_count_before(client: Client, workflow: int, instant: str) -> int:
    only = [{"attribute": "workflowId", "type": "number", "value": {"value": workflow}}]
    body = await get_json(client, USAGE, limit=1, end_date=instant, filters=json.dumps(only))
    return int(body["total_count"])


async def test_the_control_plane_lists_placed_calls_as_started_runs(client: Client) -> None:
    listed = await place(client)
    response = await client.get("/_emulator/vendors/dograh/runs", params={"origin": "started"})
    assert response.status == 200, await response.text()
    assert [run["id"] for run in (await response.json())["runs"]] == [listed["id"]]
