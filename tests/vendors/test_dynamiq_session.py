"""What a Dynamiq client does beside reading runs, over HTTP: it creates runs (synchronous,
in the background, streamed), cancels them and answers their input requests, and every later
read (list, detail, events, stream, status totals) agrees with what it did; the same requests
at the same instants give the same bytes, and a reset forgets them."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from aiohttp import FormData
from yarl import URL

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.vendors.dynamiq.model import DynamiqRun, stamp
from tests.vendors.test_dynamiq import (
    CARE_KEY,
    CATALOG,
    FORBIDDEN,
    HELIOS_KEY,
    HELIOS_PAT,
    NOT_FOUND,
    ORDERS,
    RETIRED,
    RETURNS,
    STAMP,
    UNAUTHORIZED,
    UUID,
    Client,
    bearer,
    call,
    runs,
    runs_url,
)

CLOCK = "/_emulator/clock"
NOW = "2026-11-01T00:00:00Z"  # the default epoch
APPROVAL = "c6a53877-7733-4bdb-9721-0dff076ce2ef"  # record: paused, approval 0d464138 pending
APPROVAL_REQUEST = "0d464138-a623-4255-bfc1-ea36f17fd374"
FEEDBACK = "2a9eba0c-df56-4d80-aa75-9159fb7ff337"  # record on CATALOG: feedback 32ea6928 pending
FEEDBACK_REQUEST = "32ea6928-f623-4bf2-904b-74ba4a0fe75d"
COMPLETED = "f7f35634-f0e3-4d97-ae81-d66d346c6e2b"  # a Vega record
SESSION_UPPER = "3D3E8A1F-09A6-4F64-9D68-1D2F3A4B5C6D"  # a fixture session, in capitals
ORDER = {"order_id": "ORD-118240", "reason": "Wrong size"}


def bad(details: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": "bad_request", "message": "Bad Request"}
    return {"error": error if details is None else {**error, "details": details}}


async def post(client: Client, url: str, body: Any = None, *, status: int = 200,
               key: str | None = HELIOS_KEY, **sent: Any) -> Any:  # fmt: skip
    headers = {} if key is None else bearer(key)
    response = await client.post(url, json=body, headers=headers, **sent)
    assert response.status == status, await response.text()
    return await response.json()


async def create(client: Client, app: str = RETURNS, status: int = 200, **body: Any) -> Any:
    found: dict[str, Any] = (await post(client, runs_url(app), {"input": ORDER, **body},
                                        status=status))["data"]  # fmt: skip
    return found


async def advance(client: Client, seconds: float) -> None:
    response = await client.put(CLOCK, json={"advance_seconds": seconds})
    assert response.status == 200, await response.text()


async def detail(client: Client, run_id: str, app: str = RETURNS, **kw: Any) -> Any:
    return (await call(client, runs_url(app, f"/{run_id}"), **kw))["data"]


async def events(client: Client, run_id: str, app: str = RETURNS) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (
        await call(client, runs_url(app, f"/{run_id}/events"), {"page_size": "100"})
    )["data"]
    return found


async def totals(client: Client, app: str = RETURNS, **query: str) -> dict[str, int]:
    """The app's runs by the status each reports (of one user, if given: the clock moves the
    others too)."""
    found = {}
    for status in ("created", "started", "awaiting_input", "completed", "failed", "canceled"):
        body = await runs(client, app, {"status": status, **query})
        found[status] = body["pagination"]["total_count"]
    return found


def stored(runtime: Runtime, run_id: str) -> DynamiqRun:
    found = runtime.state("dynamiq").store.find(run_id)
    assert found is not None
    run: DynamiqRun = found[1]
    return run


def sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    frames = []
    for frame in text.split("\n\n")[:-1]:
        kind, data = frame.split("\n")
        frames.append((kind.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    assert text.endswith("\n\n") or text == ""
    return frames


# --- creating a run -----------------------------------------------------------------------------


async def test_a_synchronous_run_is_answered_finished_and_read_back_alike(client: Client) -> None:
    before = await totals(client)
    run = await create(client, user_id="customer-7421", session_id=SESSION_UPPER)
    assert UUID.match(run["id"]) and run["app_id"] == RETURNS
    assert run["status"] in ("completed", "failed")
    # No virtual time passes while the emulator answers: it starts and ends at the request.
    assert (run["started_at"], run["ended_at"]) == (NOW, NOW)
    assert run["input"] == ORDER and run["user_id"] == "customer-7421"
    assert run["session_id"] == SESSION_UPPER.lower()
    assert ("output" in run) == (run["status"] == "completed") != ("error" in run)
    assert await detail(client, run["id"]) == run
    (listed,) = (await runs(client, query={"user_id": "customer-7421",
                                           "session_id": SESSION_UPPER}))["data"][:1]  # fmt: skip
    assert listed == {k: v for k, v in run.items() if k != "app_id"}
    after = await totals(client)
    assert after == {**before, run["status"]: before[run["status"]] + 1}
    happened = await events(client, run["id"])
    assert happened[0]["type"] == "run.started" and happened[-1]["type"] == f"run.{run['status']}"
    assert {e["timestamp"] for e in happened} == {NOW}


async def test_a_background_run_lives_on_the_clock(client: Client, runtime: Runtime) -> None:
    mine = {"user_id": "customer-bg"}
    before = await totals(client, **mine)
    created = await create(client, status=202, background=True, **mine)
    assert created["status"] == "created" and "started_at" not in created
    assert await detail(client, created["id"]) == created
    assert await totals(client, **mine) == {**before, "created": before["created"] + 1}
    assert await events(client, created["id"]) == []
    run = stored(runtime, created["id"])
    assert run.started_at is not None and run.ended_at is not None
    await advance(client, (run.started_at - runtime.clock.now()).total_seconds())
    going = await detail(client, run.id)
    assert going["status"] in ("started", "awaiting_input") and "ended_at" not in going
    assert (await events(client, run.id))[0]["type"] == "run.started"
    await advance(client, (run.ended_at - runtime.clock.now()).total_seconds())
    done = await detail(client, run.id)
    assert done["status"] == run.status and STAMP.match(done["ended_at"])
    assert (await events(client, run.id))[-1]["type"] == f"run.{run.status}"
    assert await totals(client, **mine) == {**before, run.status: before[run.status] + 1}


async def test_a_run_is_invisible_before_it_was_created(client: Client) -> None:
    await advance(client, 60)
    run = await create(client)
    await advance(client, -1)
    assert await call(client, runs_url(RETURNS, f"/{run['id']}"), status=404) == NOT_FOUND
    newest = (await runs(client, query={"page_size": "100"}))["data"]
    assert run["id"] not in {r["id"] for r in newest}
    await advance(client, 1)
    assert (await detail(client, run["id"]))["id"] == run["id"]


async def test_the_same_runs_at_the_same_instants_end_the_same_way(
    aiohttp_client: Any, pristine: Runtime
) -> None:
    served = []
    for _ in range(2):
        client = await aiohttp_client(build_app(pristine.fork(), ResponseCheck(True)))
        made = [await create(client), await create(client, status=202, background=True)]
        await advance(client, 3 * 86400)
        served.append([await detail(client, run["id"]) for run in made])
        served[-1] += [await events(client, run["id"]) for run in made]
    assert served[0] == served[1]
    assert served[0][0]["id"] != served[0][1]["id"]


async def test_a_reset_forgets_the_runs_a_client_created(client: Client) -> None:
    run = await create(client)
    listing = await client.get("/_emulator/vendors/dynamiq/runs", params={"origin": "started"})
    assert [r["id"] for r in (await listing.json())["runs"]] == [run["id"]]
    assert (await client.post("/_emulator/reset")).status == 200
    assert await call(client, runs_url(RETURNS, f"/{run['id']}"), status=404) == NOT_FOUND


async def test_multipart_bodies_create_runs_too(client: Client) -> None:
    form = FormData()
    form.add_field("input", json.dumps(ORDER))
    form.add_field("user_id", "customer-9")
    form.add_field("background", "true")
    form.add_field("files", b"%PDF-1.4", filename="receipt.pdf", content_type="application/pdf")
    response = await client.post(runs_url(RETURNS), data=form, headers=bearer(HELIOS_KEY))
    assert response.status == 202, await response.text()
    body = (await response.json())["data"]
    assert (body["status"], body["input"], body["user_id"]) == ("created", ORDER, "customer-9")


async def test_a_streamed_run_answers_its_events(client: Client) -> None:
    response = await client.post(runs_url(ORDERS), json={"input": {"question": "Where?"},
                                                         "stream": True})  # fmt: skip
    assert response.status == 200 and response.content_type == "text/event-stream"
    frames = sse(await response.text())
    assert [kind for kind, _ in frames] == [data["type"] for _, data in frames]
    assert frames[0][0] == "run.started" and frames[-1][0] in ("run.completed", "run.failed")
    run_id = frames[0][1]["data"]["id"]
    assert [data for _, data in frames] == await events(client, run_id, ORDERS)


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({}, {"input": "cannot be blank"}),
        ({"input": None}, {"input": "cannot be blank"}),
        ({"input": {}}, {"input": "cannot be blank"}),
        ({"input": ORDER, "stream": True, "background": True}, {"background": "must be blank"}),
        ({"input": {}, "session_id": "s-1"},
         {"input": "cannot be blank", "session_id": "must be a valid UUID"}),
        ({"input": "text"}, {"input": "must be an object"}),
        ({"input": ORDER, "user_id": 7421}, {"user_id": "must be a string"}),
        ({"input": ORDER, "background": "yes"}, {"background": "must be a boolean"}),
        ({"input": ORDER, "file_ids": [1]}, {"file_ids": "must be an array of strings"}),
        ([ORDER], None),
    ],
)  # fmt: skip
async def test_a_bad_body_is_400_in_ozzos_words(client: Client, body: Any, details: Any) -> None:
    assert await post(client, runs_url(RETURNS), body, status=400) == bad(details)


async def test_bodies_that_are_not_json_or_multipart(client: Client) -> None:
    url, headers = runs_url(RETURNS), bearer(HELIOS_KEY)
    broken = await client.post(
        url, data=b"{", headers={**headers, "Content-Type": "application/json"}
    )
    assert (broken.status, await broken.json()) == (400, bad())
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        sent = headers if content_type is None else {**headers, "Content-Type": content_type}
        response = await client.post(url, data=b"input=1", headers=sent)
        assert response.status == 415
        assert await response.json() == {
            "error": {"code": "unsupported_media_type", "message": "Unsupported Media Type"}
        }


async def test_creating_runs_checks_the_app_and_key_first(client: Client) -> None:
    assert await post(client, runs_url(RETURNS), {}, status=401, key=None) == UNAUTHORIZED
    assert await post(client, runs_url(RETURNS), {}, status=403, key=HELIOS_PAT) == FORBIDDEN
    assert await post(client, runs_url(CATALOG), {}, status=403, key=CARE_KEY) == FORBIDDEN
    assert await post(client, runs_url(RETIRED), {}, status=404) == NOT_FOUND
    public = await post(client, runs_url(ORDERS), {"input": {"q": 1}}, key=None)
    assert public["data"]["app_id"] == ORDERS


# --- cancelling ---------------------------------------------------------------------------------


def cancel_url(run_id: str, app: str = RETURNS) -> str:
    return runs_url(app, f"/{run_id}/cancel")


async def test_a_queued_run_is_canceled_once(client: Client) -> None:
    mine = {"user_id": "customer-q"}
    before = await totals(client, **mine)
    created = await create(client, status=202, background=True, **mine)
    await advance(client, 1)
    assert await post(client, cancel_url(created["id"])) == {"message": "canceled"}
    canceled = await detail(client, created["id"])
    assert canceled["status"] == "canceled"
    assert canceled["started_at"] == canceled["ended_at"] == "2026-11-01T00:00:01Z"
    assert [e["type"] for e in await events(client, created["id"])] == ["run.canceled"]
    assert await totals(client, **mine) == {**before, "canceled": before["canceled"] + 1}
    await advance(client, 3 * 86400)  # the life it had is gone for good
    assert await post(client, cancel_url(created["id"])) == {"message": "canceled"}
    assert await detail(client, created["id"]) == canceled
    await advance(client, -3 * 86400 - 0.5)  # before the cancel, it was still queued
    assert (await detail(client, created["id"]))["status"] == "created"


async def test_a_working_generated_run_keeps_its_past_when_canceled(
    client: Client, runtime: Runtime
) -> None:
    run = generated(runtime, lambda r: not r.input_requests)
    assert run.started_at is not None and run.ended_at is not None
    await freeze(client, run.started_at + (run.ended_at - run.started_at) / 2)
    earlier = await events(client, run.id)
    assert await post(client, cancel_url(run.id)) == {"message": "canceled"}
    after = await events(client, run.id)
    assert after[:-1] == earlier and after[-1]["type"] == "run.canceled"
    assert after[-1]["sequence"] == len(earlier) + 1
    shown = await detail(client, run.id)
    assert (shown["status"], "output" in shown) == ("canceled", False)
    assert shown["ended_at"] == stamp(runtime.clock.now())
    listed = await runs(client, query={"status": "canceled", "page_size": "100"})
    assert shown in [{**r, "app_id": RETURNS} for r in listed["data"]]


async def freeze(client: Client, instant: datetime) -> None:
    response = await client.put(CLOCK, json={"freeze": instant.isoformat()})
    assert response.status == 200, await response.text()


def generated(runtime: Runtime, fits: Callable[[DynamiqRun], bool]) -> DynamiqRun:
    """A generated run of the Returns app, days before the epoch, that fits."""
    epoch = runtime.settings.epoch
    found: DynamiqRun = next(
        run for run in runtime.state("dynamiq").store.runs("helios", "generated")
        if run.app_id == RETURNS and run.created_at < epoch - timedelta(days=3) and fits(run)
    )  # fmt: skip
    return found


async def test_a_finished_run_is_left_as_it_is(client: Client) -> None:
    done = (await runs(client, query={"status": "completed"}))["data"][0]
    assert await post(client, cancel_url(done["id"])) == {"message": "canceled"}
    assert (await detail(client, done["id"]))["status"] == "completed"


async def test_cancelling_a_run_the_app_does_not_have_is_404(client: Client) -> None:
    assert await post(client, cancel_url(COMPLETED), status=404) == NOT_FOUND
    assert await post(client, cancel_url("nope"), status=404) == NOT_FOUND
    assert await post(client, cancel_url(APPROVAL), status=401, key=None) == UNAUTHORIZED


# --- answering input requests -------------------------------------------------------------------


def input_url(run_id: str, app: str = RETURNS) -> str:
    return runs_url(app, f"/{run_id}/input")


def approval(request_id: str = APPROVAL_REQUEST, **data: Any) -> dict[str, Any]:
    return {"type": "approval", "data": {"request_id": request_id, "is_approved": True, **data}}


async def test_an_answer_resolves_a_records_request(client: Client) -> None:
    assert (await detail(client, APPROVAL))["status"] == "awaiting_input"
    waiting = (await runs(client, query={"status": "awaiting_input"}))["pagination"]
    assert await post(client, input_url(APPROVAL), approval()) == {"message": "ok"}
    resumed = await detail(client, APPROVAL)
    assert resumed["status"] == "started" and "input_requests" not in resumed
    after = (await runs(client, query={"status": "awaiting_input"}))["pagination"]
    assert after["total_count"] == waiting["total_count"] - 1
    # Answered once: the request is no longer pending.
    again = await post(client, input_url(APPROVAL), approval(), status=400)
    assert again == bad({"run_id": "must be a started or paused run"}) or again == bad(
        {"data": {"request_id": "must match a pending input request"}}
    )


async def test_human_feedback_is_answered_in_the_docs_shape(client: Client) -> None:
    body = {"type": "human_feedback", "data": {"request_id": FEEDBACK_REQUEST,
                                               "feedback": "Outerwear."}}  # fmt: skip
    assert await post(client, input_url(FEEDBACK, CATALOG), body) == {"message": "ok"}
    assert (await detail(client, FEEDBACK, CATALOG))["status"] == "started"


async def test_an_answer_lets_a_generated_run_go_on_at_once(
    client: Client, runtime: Runtime
) -> None:
    run = generated(runtime, lambda r: bool(r.input_requests))
    (planned,) = run.input_requests
    assert planned.asked_at is not None and planned.answered_at is not None
    await freeze(client, planned.asked_at + (planned.answered_at - planned.asked_at) / 2)
    shown = await detail(client, run.id)
    assert shown["status"] == "awaiting_input"
    (request,) = shown["input_requests"]
    earlier = await events(client, run.id)
    kind = "approval" if request["type"] == "approval_request" else "human_feedback"
    body = {"type": kind, "data": {"request_id": request["id"], "feedback": "Go on."}}
    assert await post(client, input_url(run.id), body) == {"message": "ok"}
    assert (await detail(client, run.id))["status"] == "started"
    later = await events(client, run.id)
    assert later[: len(earlier)] == earlier and later[len(earlier)]["type"] == "run.resumed"
    changed = stored(runtime, run.id)
    assert run.ended_at is not None and changed.ended_at is not None
    assert changed.ended_at < run.ended_at
    await advance(client, (changed.ended_at - runtime.clock.now()).total_seconds())
    assert (await detail(client, run.id))["status"] == run.status


@pytest.mark.parametrize(
    ("run_id", "body", "details"),
    [
        (APPROVAL, {}, {"data": "cannot be blank", "type": "cannot be blank"}),
        (APPROVAL, {"type": "vote", "data": {"request_id": APPROVAL_REQUEST}},
         {"type": "must be a valid value"}),
        (APPROVAL, {"type": "approval", "data": {"request_id": "r-1"}},
         {"data": {"request_id": "must be a valid UUID"}}),
        (APPROVAL, {"type": "approval", "data": {"feedback": "yes"}},
         {"data": {"request_id": "cannot be blank"}}),
        (APPROVAL, {"type": "approval", "data": {"request_id": APPROVAL_REQUEST,
                                                  "is_approved": "yes"}},
         {"is_approved": "must be a boolean"}),
        (APPROVAL, approval(FEEDBACK_REQUEST),
         {"data": {"request_id": "must match a pending input request"}}),
        (APPROVAL, {"type": "human_feedback", "data": {"request_id": APPROVAL_REQUEST}},
         {"type": "must be approval for this request"}),
        ("21da8978-206f-4c66-b1e0-c07e9e115e4b", approval(),
         {"run_id": "must be a started or paused run"}),
    ],
)  # fmt: skip
async def test_an_answer_that_does_not_fit_is_400(
    client: Client, run_id: str, body: Any, details: Any
) -> None:
    app = ORDERS if run_id.startswith("21da") else RETURNS
    assert await post(client, input_url(run_id, app), body, status=400) == bad(details)
    if run_id == APPROVAL:
        assert (await detail(client, APPROVAL))["status"] == "awaiting_input"


async def test_answers_are_json_to_a_run_the_app_has(client: Client) -> None:
    response = await client.post(input_url(APPROVAL), data=b"x", headers={
        **bearer(HELIOS_KEY), "Content-Type": "text/plain"})  # fmt: skip
    assert response.status == 415
    assert await post(client, input_url(COMPLETED), approval(), status=404) == NOT_FOUND


# --- the event stream ---------------------------------------------------------------------------


async def test_the_stream_replays_a_finished_run_and_resumes_after_a_sequence(
    client: Client,
) -> None:
    done = (await runs(client, query={"status": "completed"}))["data"][0]["id"]
    url = runs_url(RETURNS, f"/{done}/stream")
    response = await client.get(url, headers=bearer(HELIOS_KEY))
    assert response.content_type == "text/event-stream"
    frames = sse(await response.text())
    assert [data for _, data in frames] == await events(client, done)
    assert frames[-1][0] == "run.completed"
    rest = await client.get(url, params={"after_sequence": "2"}, headers=bearer(HELIOS_KEY))
    assert sse(await rest.text()) == frames[2:]


async def test_a_running_runs_stream_holds_what_happened_so_far(client: Client) -> None:
    created = await create(client, status=202, background=True)
    url = runs_url(RETURNS, f"/{created['id']}/stream")
    assert await (await client.get(url, headers=bearer(HELIOS_KEY))).text() == ""
    await advance(client, 3 * 86400)
    frames = sse(await (await client.get(url, headers=bearer(HELIOS_KEY))).text())
    assert frames and frames[-1][0].startswith("run.")


async def test_the_stream_refuses_like_the_other_routes(client: Client) -> None:
    url = runs_url(RETURNS, f"/{APPROVAL}/stream")
    assert await call(client, url, {"after_sequence": "0"}, status=400) == bad(
        {"after_sequence": "must be no less than 1"}
    )
    assert await call(client, runs_url(RETURNS, f"/{COMPLETED}/stream"), status=404) == NOT_FOUND


# --- the management API -------------------------------------------------------------------------

VEGA_KEY = "dq_zaA3U2OLzu6UQBGSyLvVSskUVINx-ZmQF9oGxLUc"


def app_url(app: str) -> str:
    return f"/dynamiq/v1/apps/{app}"


async def test_looking_an_app_up_leads_to_its_runs(client: Client) -> None:
    found = await call(client, app_url(RETURNS.upper()))
    app = found["data"]
    assert (app["id"], app["name"], app["access_control"]) == (
        RETURNS, "Returns Agent", {"access_type": "private"},
    )  # fmt: skip
    assert app["project_id"] == "a1826327-c2fb-48a3-8fdc-c257076d490a"
    assert app["hostname"] == str(client.make_url(f"/dynamiq/apps/{RETURNS}"))
    assert UUID.match(app["workflow_id"]) and STAMP.match(app["created_at"])
    there = URL(app["hostname"])  # the test client takes paths: the host is its own
    assert (there.host, there.port) == (client.host, client.port)
    runs_there = await client.get(there.path + "/v1/runs", headers=bearer(HELIOS_KEY))
    assert runs_there.status == 200
    assert await runs_there.json() == await runs(client)
    public = (await call(client, app_url(ORDERS), key=HELIOS_PAT))["data"]
    assert public["access_control"] == {"access_type": "public"}


@pytest.mark.parametrize(
    ("app_id", "key", "status"),
    [
        (RETURNS, None, 401),
        (RETURNS, "dq_unknown", 401),
        (RETURNS, CARE_KEY, 200),
        (CATALOG, CARE_KEY, 404),  # another project's app
        (RETURNS, VEGA_KEY, 404),  # another organisation's app
        (RETIRED, VEGA_KEY, 404),  # deleted
        ("nope", HELIOS_KEY, 404),
    ],
)
async def test_the_management_api_checks_keys_then_scope(
    client: Client, app_id: str, key: str | None, status: int
) -> None:
    body = await call(client, app_url(app_id), key=key, status=status)
    expected = {401: UNAUTHORIZED, 404: NOT_FOUND}.get(status)
    assert body == expected or body["data"]["id"] == app_id


async def test_an_apps_hostname_does_not_serve_the_management_api(client: Client) -> None:
    host = {"Host": f"{RETURNS}.apps.localhost"}
    assert await call(client, f"/v1/apps/{RETURNS}", headers=host, status=404) == NOT_FOUND
    assert (await call(client, "/v1/runs", headers=host))["pagination"]["total_count"] > 0
