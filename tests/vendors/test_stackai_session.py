"""StackAI's run-flow routes over HTTP: one run read by its id (`/metadata`), the same as its row
of the flow's run list at every instant; and a deployed flow run through the API, answered
synchronously with its outputs, then in the run list and the project summary with the same
tokens, the same way for the same calls at the same instants."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from tests.vendors.test_stackai import (
    CHAT,
    CLAIMS,
    CONTOSO,
    CONTOSO_KEY,
    EXTRACTOR,
    FIELDS,
    NORTHWIND,
    ORG_KEY,
    PERSONAL_KEY,
    SUB_FLOW,
    SUMMARY,
    Client,
    bearer,
    get_json,
    runs,
)
from tests.vendors.test_stackai_living import MICROSECOND, RECORDS, freeze, records, stamp

ANSWER_KEYS = ["outputs", "citations", "run_id", "metadata", "progress_data", "state", "pause",
               "error"]  # fmt: skip
ORG_KEY_ID = "383989cb-00c7-40fa-80fe-f07dd4f8de5b"
PERSONAL_KEY_ID = "afa7af1d-9f4d-4984-a135-3632a112f99d"
EPOCH = "2026-11-01T00:00:00Z"


def metadata_path(flow: str = EXTRACTOR, org: str = NORTHWIND) -> str:
    return f"/stackai/inference/v0/run/{org}/{flow}/metadata"


def run_path(flow: str = EXTRACTOR, org: str = NORTHWIND) -> str:
    return f"/stackai/inference/v0/run/{org}/{flow}"


async def metadata(client: Client, run_id: str, flow: str = EXTRACTOR, *, status: int = 200,
                   org: str = NORTHWIND, key: str = ORG_KEY) -> Any:  # fmt: skip
    return await get_json(client, metadata_path(flow, org), status=status, key=key, run_id=run_id)


async def run_flow(client: Client, body: Any, flow: str = EXTRACTOR, *, status: int = 200,
                   key: str = ORG_KEY, org: str = NORTHWIND, **query: Any) -> Any:  # fmt: skip
    params = {k: str(v) for k, v in query.items()}
    response = await client.post(run_path(flow, org), json=body, params=params,
                                 headers=bearer(key))  # fmt: skip
    assert response.status == status, await response.text()
    return await response.json()


async def post_raw(client: Client, data: bytes, headers: dict[str, str], **query: str) -> Any:
    response = await client.post(run_path(), data=data, headers=headers, params=query)
    return response.status, await response.text()


def totals_of(rows: list[dict[str, Any]], flow: str) -> dict[str, int]:
    row = next(r for r in rows if r["project_id"] == flow)
    return {k: row[k] for k in ("total_runs", "total_errors", "total_tokens", "total_users")}


async def test_a_run_read_by_id_is_its_row_of_the_flow_list(client: Client) -> None:
    for flow in (EXTRACTOR, CHAT, SUB_FLOW):
        for row in await runs(client, flow, page_size=30):
            assert await metadata(client, row["run_id"], flow) == row
    (contoso,) = await runs(client, CLAIMS, page_size=1)
    found = await metadata(client, contoso["run_id"], CLAIMS, org=CONTOSO, key=CONTOSO_KEY)
    assert found == contoso and list(found) == FIELDS


async def test_a_run_in_progress_reads_as_the_list_shows_it_at_each_instant(
    client: Client,
) -> None:
    record = next(r for r in await records(client) if r["paused_at"] and r["state"] == "COMPLETED")
    start, paused, end = (stamp(record[k]) for k in ("date", "paused_at", "ended_at"))
    window = {"start_date": record["date"], "end_date": record["date"]}
    await freeze(client, start - MICROSECOND)
    expected = {"detail": "Run not found"}
    assert await metadata(client, record["run_id"], record["flow_id"], status=404) == expected
    for instant, state in ((start, "PENDING"), (paused, "PAUSED"), (end, "COMPLETED")):
        await freeze(client, instant)
        (row,) = await runs(client, record["flow_id"], **window)
        assert row["state"] == state
        assert await metadata(client, record["run_id"], record["flow_id"]) == row


async def test_metadata_refusals_are_fastapi_details(client: Client) -> None:
    (row,) = await runs(client, EXTRACTOR, page_size=1)
    missing = await client.get(metadata_path(), params={"run_id": row["run_id"]})
    assert (missing.status, await missing.json()) == (401, {"detail": "Not authenticated"})
    assert missing.headers["WWW-Authenticate"] == "Bearer"
    unknown_key = "00000000-0000-4000-8000-000000000000"
    assert await metadata(client, row["run_id"], key=unknown_key, status=401) == {
        "detail": "Could not validate credentials"
    }
    assert await metadata(client, row["run_id"], org=CONTOSO, status=403) == {
        "detail": "You do not have access to this organization"
    }
    assert await metadata(client, row["run_id"], "0" * 24, status=404) == {
        "detail": "Flow not found"
    }
    not_found = {"detail": "Run not found"}
    for other in ("", "nope", unknown_key, row["run_id"][:-1]):
        assert await metadata(client, other, status=404) == not_found
    assert await metadata(client, row["run_id"], CHAT, status=404) == not_found  # another flow
    no_id = await client.get(metadata_path(), headers=bearer())
    assert (no_id.status, await no_id.json()) == (404, not_found)


async def test_any_form_of_the_uuid_names_the_run(client: Client) -> None:
    (row,) = await runs(client, EXTRACTOR, page_size=1)
    for form in (row["run_id"].upper(), row["run_id"].replace("-", ""), f"{{{row['run_id']}}}"):
        assert await metadata(client, form) == row


async def test_running_a_flow_answers_with_its_outputs_and_lists_the_run(client: Client) -> None:
    before = totals_of(await get_json(client, SUMMARY, page_size=10), EXTRACTOR)
    body = {"in-0": "Summarise the lease for Unit 4.", "user_id": "cust_00017", "url-0": None}
    answer = await run_flow(client, body)
    assert list(answer) == ANSWER_KEYS
    assert answer["state"] in ("COMPLETED", "FAILED")
    (listed,) = await runs(client, EXTRACTOR, page_size=1)
    assert listed["run_id"] == answer["run_id"] and listed["date"] == EPOCH
    assert (listed["state"], listed["error"]) == (answer["state"], answer["error"])
    assert json.loads(listed["inputs"]) == {
        "in-0": "Summarise the lease for Unit 4.",
        "url-0": None,
    }
    assert (listed["outputs"] and json.loads(listed["outputs"])) == (answer["outputs"] or None)
    assert (listed["user_id"], listed["run_type"], listed["ran_by_type"], listed["ran_by_id"],
            listed["ran_by_display_name"]) == ("cust_00017", "api", "org_api_key", ORG_KEY_ID,
                                               "backend-prod")  # fmt: skip
    assert listed["total_tokens"] == sum(call["tokens"] for call in listed["llm_usage"])
    assert listed["latency"] is not None and listed["latency"] > 0
    assert await metadata(client, answer["run_id"]) == listed
    after = totals_of(await get_json(client, SUMMARY, page_size=10), EXTRACTOR)
    assert after["total_runs"] == before["total_runs"] + 1
    assert after["total_tokens"] == before["total_tokens"] + listed["total_tokens"]
    assert after["total_errors"] == before["total_errors"] + (answer["state"] == "FAILED")


async def test_a_run_that_fails_answers_a_200_with_its_error(client: Client) -> None:
    answers = [await run_flow(client, {"in-0": f"Document {n}"}) for n in range(60)]
    failed = next(a for a in answers if a["state"] == "FAILED")
    assert failed["outputs"] == {} and failed["error"]
    done = next(a for a in answers if a["state"] == "COMPLETED")
    assert done["error"] is None and set(done["outputs"]) == {"out-0"} and done["outputs"]["out-0"]
    row = await metadata(client, failed["run_id"])
    assert (row["is_flow_successful"], row["error"], row["outputs"]) == (
        False,
        failed["error"],
        None,
    )
    assert (await metadata(client, done["run_id"]))["is_flow_successful"] is True


async def test_verbose_false_answers_the_outputs_alone(client: Client) -> None:
    answer = await run_flow(client, {"in-0": "Hello"}, verbose="false")
    assert list(answer) == ["outputs"]
    (listed,) = await runs(client, EXTRACTOR, page_size=1)
    assert (listed["outputs"] and json.loads(listed["outputs"])) == (answer["outputs"] or None)
    await run_flow(client, {}, version=3)  # any version runs the one the emulator keeps


async def test_a_personal_key_runs_as_itself_and_assistants_remember_users(
    client: Client,
) -> None:
    first = await run_flow(client, {"in-0": "Hi", "user_id": "ana"}, CHAT, key=PERSONAL_KEY)
    again = await run_flow(client, {"in-0": "And then?", "user_id": "ana"}, CHAT)
    other = await run_flow(client, {"in-0": "Hi", "user_id": "ben"}, CHAT)
    alone = await run_flow(client, {"in-0": "Hi"}, CHAT)
    rows = [await metadata(client, a["run_id"], CHAT) for a in (first, again, other, alone)]
    assert (rows[0]["ran_by_type"], rows[0]["ran_by_id"], rows[0]["ran_by_display_name"]) == (
        "personal_api_key", PERSONAL_KEY_ID, "dana@northwind.example",
    )  # fmt: skip
    assert rows[0]["conversation_id"] == rows[1]["conversation_id"] != rows[2]["conversation_id"]
    assert rows[3]["conversation_id"] is None and rows[3]["user_id"] is None
    unchatty = await run_flow(client, {"user_id": "ana"})
    assert (await metadata(client, unchatty["run_id"]))["conversation_id"] is None


async def test_the_body_is_validated_as_fastapi_validates_a_dict(client: Client) -> None:
    json_type = {**bearer(), "Content-Type": "application/json"}
    cases = [
        (b"", json_type, {"type": "missing", "loc": ["body"], "msg": "Field required",
                          "input": None}),
        (b"null", json_type, {"type": "missing", "loc": ["body"], "msg": "Field required",
                              "input": None}),
        (b"[1]", json_type, {"type": "dict_type", "loc": ["body"],
                             "msg": "Input should be a valid dictionary", "input": [1]}),
        (b"{\"in-0\": 3}", json_type, {"type": "value_error", "loc": ["body", "in-0"],
                                      "msg": "Invalid input", "input": 3}),
        (b"{\"user_id\": {}}", json_type, {"type": "value_error", "loc": ["body", "user_id"],
                                          "msg": "Invalid input", "input": {}}),
        (b"{\"in-0\": ", json_type, {"type": "json_invalid", "loc": ["body", 9],
                                     "msg": "JSON decode error", "input": {},
                                     "ctx": {"error": "Expecting value"}}),
        (b"in-0=x", {**bearer(), "Content-Type": "text/plain"},
         {"type": "dict_type", "loc": ["body"], "msg": "Input should be a valid dictionary",
          "input": "in-0=x"}),
    ]  # fmt: skip
    count = len(await runs(client, EXTRACTOR, page_size=1000))
    for data, headers, entry in cases:
        status, text = await post_raw(client, data, headers)
        assert (status, json.loads(text)) == (422, {"detail": [entry]}), data
    assert await post_raw(client, b'{"in-0": NaN}', json_type) == (500, "Internal Server Error")
    assert len(await runs(client, EXTRACTOR, page_size=1000)) == count
    status, _ = await post_raw(client, b'{"in-0": "x", "temperature": NaN}', json_type)
    assert status == 200


async def test_checks_come_in_fastapis_order(client: Client) -> None:
    assert await post_raw(client, b"[", {}) == (401, '{"detail":"Not authenticated"}')
    status, text = await post_raw(client, b"[", bearer(), version="latest")
    assert status == 422 and json.loads(text)["detail"][0]["loc"] == ["query", "version"]
    status, text = await post_raw(client, b"{}", bearer(), verbose="maybe")
    assert status == 422 and json.loads(text)["detail"][0]["type"] == "bool_parsing"
    wrong_org = await client.post(run_path(org=CONTOSO), data=b"[", headers=bearer())
    assert wrong_org.status == 422  # the body before the organisation
    assert await run_flow(client, {}, org=CONTOSO, status=403) == {
        "detail": "You do not have access to this organization"
    }
    assert await run_flow(client, {}, "0" * 24, status=404) == {"detail": "Flow not found"}


async def test_started_runs_live_in_the_store_and_a_reset_forgets_them(client: Client) -> None:
    first = await run_flow(client, {"in-0": "One"})
    stored = await client.get(f"{RECORDS}/{first['run_id']}")
    record = await stored.json()
    assert (record["tenant"], record["run_type"], record["date"], record["ended_at"]) == (
        "northwind", "api", EPOCH, EPOCH,
    )  # fmt: skip
    reset = await client.post("/_emulator/reset")
    assert reset.status == 200, await reset.text()
    assert (await client.get(f"{RECORDS}/{first['run_id']}")).status == 404
    await metadata(client, first["run_id"], status=404)
    await freeze(client, stamp(EPOCH))
    assert await run_flow(client, {"in-0": "One"}) == first  # ids count again from the reset


async def test_a_started_run_is_in_the_window_of_its_instant_only(client: Client) -> None:
    await freeze(client, stamp(EPOCH) + timedelta(minutes=5))
    answer = await run_flow(client, {"in-0": "Later"})
    (row,) = await runs(client, EXTRACTOR, start_date="2026-11-01T00:05:00Z",
                        end_date="2026-11-01T00:05:00Z")  # fmt: skip
    assert row["run_id"] == answer["run_id"] and row["date"] == "2026-11-01T00:05:00Z"
    await freeze(client, stamp(EPOCH) + timedelta(minutes=5) - MICROSECOND)
    assert await metadata(client, answer["run_id"], status=404) == {"detail": "Run not found"}
    assert answer["run_id"] not in {r["run_id"] for r in await runs(client, EXTRACTOR)}


async def test_the_same_calls_at_the_same_instants_end_the_same_way(
    aiohttp_client: AiohttpClient, pristine: Runtime
) -> None:
    served = []
    for _ in range(2):
        client = await aiohttp_client(build_app(pristine.fork(), ResponseCheck(True)))
        answers = [await run_flow(client, {"in-0": f"Case {n}"}, CHAT) for n in range(5)]
        rows = await client.get(metadata_path(CHAT), params={"run_id": answers[-1]["run_id"]},
                                headers=bearer())  # fmt: skip
        served.append((answers, await rows.text()))
    assert served[0] == served[1]
    assert len({a["run_id"] for a in served[0][0]}) == 5


def stream_path(flow: str = EXTRACTOR, org: str = NORTHWIND) -> str:
    return f"/stackai/inference/v0/stream/{org}/{flow}"


async def streamed(client: Client, body: Any, **query: str) -> tuple[str, str]:
    response = await client.post(stream_path(), json=body, params=query, headers=bearer())
    assert response.status == 200, await response.text()
    return response.headers["Content-Type"], await response.text()


async def test_a_streamed_run_is_frames_of_json_lines_ending_in_its_state(client: Client) -> None:
    kind, text = await streamed(client, {"in-0": "Stream this", "stream": True})
    frames = [json.loads(line) for line in text.splitlines()]
    assert kind == "application/x-ndjson" and text.endswith("\n")
    assert all(list(f) == ANSWER_KEYS and f["metadata"] == {} for f in frames)
    assert {f["run_id"] for f in frames} == {frames[0]["run_id"]}
    assert all(f["state"] is None for f in frames[:-1])
    last = frames[-1]
    (row,) = await runs(client, EXTRACTOR, page_size=1)
    assert (row["run_id"], row["state"], row["error"]) == (last["run_id"], last["state"],
                                                          last["error"])  # fmt: skip
    assert last["outputs"] == {} and last["progress_data"]["total_nodes"] >= 2
    text_out = "".join(f["outputs"].get("out-0", "") for f in frames)
    assert (row["outputs"] and json.loads(row["outputs"])["out-0"]) == (text_out or None)
    started_nodes = [f["progress_data"]["started_nodes"] for f in frames]
    assert started_nodes == sorted(started_nodes)
    assert await metadata(client, last["run_id"]) == row


async def test_stream_options_frame_it_differently_but_not_the_run(
    aiohttp_client: AiohttpClient, pristine: Runtime
) -> None:
    shown = {}
    for query in ({}, {"delta": "false"}, {"sse": "true"}, {"prefix": "true"},
                  {"verbose": "false"}):  # fmt: skip
        client = await aiohttp_client(build_app(pristine.fork(), ResponseCheck(True)))
        shown[json.dumps(query)] = await streamed(client, {"in-0": "Same"}, **query)
    plain = shown["{}"][1].splitlines()
    cumulative = [json.loads(line) for line in shown['{"delta": "false"}'][1].splitlines()]
    pieces = [json.loads(line)["outputs"].get("out-0") for line in plain]
    so_far = [f["outputs"].get("out-0") for f in cumulative]
    assert [p is None for p in pieces] == [s is None for s in so_far]
    texts = [p for p in pieces if p is not None]
    assert [s for s in so_far if s is not None] == [
        "".join(texts[: n + 1]) for n in range(len(texts))
    ]
    kind, events = shown['{"sse": "true"}']
    assert kind == "text/event-stream"
    assert events == "".join(f"data: {line}\n\n" for line in plain)
    assert shown['{"prefix": "true"}'][1] == "".join(f"data: {line}\n" for line in plain)
    brief = [json.loads(line) for line in shown['{"verbose": "false"}'][1].splitlines()]
    assert brief == [{"outputs": json.loads(line)["outputs"]} for line in plain]


async def test_a_stream_is_refused_as_a_run_is(client: Client) -> None:
    response = await client.post(stream_path(), data=b"[1]", headers=bearer())
    assert response.status == 422
    assert (await response.json())["detail"][0]["type"] == "dict_type"
    other = await client.post(stream_path(org=CONTOSO), json={}, headers=bearer())
    assert (other.status, await other.json()) == (403, {
        "detail": "You do not have access to this organization"
    })  # fmt: skip
    nobody = await client.post(stream_path(), json={})
    assert nobody.status == 401
