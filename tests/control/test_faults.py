"""Injected faults over HTTP: every effect, as a client of the vendor meets it."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from emulator.app import build_app
from emulator.errors import ApiError
from emulator.respond import ResponseCheck, to_response
from emulator.runtime import Runtime
from tests.control.control_api import Client, call, problem
from tests.vendors.dograh_api import ACME, GLOBEX_KEY, USAGE, get_json

FAULTS = "/_emulator/faults"
DETAIL = "/dograh/api/v1/workflow/1207/runs/900065"


async def add(client: Client, effect: dict[str, Any], **fault: Any) -> dict[str, Any]:
    body: dict[str, Any] = await call(
        client, "POST", FAULTS, {"effect": effect, **fault}, expect=201
    )
    return body


async def status_of(client: Client, path: str = USAGE, **kwargs: Any) -> int:
    response = await client.get(path, headers=kwargs.pop("headers", ACME), **kwargs)
    await response.read()
    return response.status


async def last_entry(client: Client) -> dict[str, Any]:
    entry: dict[str, Any] = (await call(client, "GET", "/_emulator/requests", limit=1))["requests"][
        0
    ]
    return entry


async def raw_exchange(client: Client, path: str) -> bytes:
    """What the server sends on a fresh connection, to the end (no client retries, no parsing)."""
    server = client.server
    reader, writer = await asyncio.open_connection(server.host, server.port)
    headers = f"X-API-Key: {ACME['X-API-Key']}\r\nConnection: close\r\n"
    writer.write(f"GET {path} HTTP/1.1\r\nHost: emulator\r\n{headers}\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    await writer.wait_closed()
    return data


async def test_an_error_status_comes_in_the_vendors_envelope(client: Client) -> None:
    await add(client, {"type": "status", "status": 503})
    response = await client.get(USAGE, headers=ACME)
    assert response.status == 503
    assert await response.json() == {"detail": "Service Unavailable"}
    assert (await last_entry(client))["faults"] == ["fault-1"]


async def test_an_error_message_can_be_chosen(client: Client) -> None:
    await add(client, {"type": "status", "status": 500, "message": "boom"})
    response = await client.get(USAGE, headers=ACME)
    assert (response.status, await response.json()) == (500, {"detail": "boom"})


@pytest.mark.parametrize("vendor", ["b3os", "dograh", "dynamiq", "stackai"])
async def test_every_vendor_answers_a_fault_in_its_own_words(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    if vendor not in runtime.states:
        pytest.skip(f"{vendor} is not served")
    await add(client, {"type": "status", "status": 502}, match={"vendor": vendor})
    response = await client.get(f"/{vendor}/anything")
    served = runtime.state(vendor).vendor
    error = ApiError(502, "internal", "Bad Gateway")
    expected = to_response(served, served.dialect.render(error, 1))
    assert response.status == 502
    assert response.headers["Content-Type"] == expected.headers["Content-Type"]
    assert _shape(await response.read()) == _shape(expected.body)


def _shape(body: Any) -> Any:
    """The envelope's field names (values may carry per-request ids)."""
    document = json.loads(body)
    return sorted(document) if isinstance(document, dict) else type(document).__name__


async def test_rate_limit_says_when_to_retry(client: Client) -> None:
    await add(client, {"type": "rate_limit", "retry_after": 7})
    response = await client.get(USAGE, headers=ACME)
    assert (response.status, response.headers["Retry-After"]) == (429, "7")
    assert await response.json() == {"detail": "Too Many Requests"}


async def test_a_dropped_connection_gets_no_answer_at_all(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    await add(client, {"type": "drop"}, match={"path": "/api/v1/organizations/*"})
    with caplog.at_level(logging.DEBUG):
        assert await raw_exchange(client, USAGE) == b""
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    entry = await last_entry(client)
    assert (entry["status"], entry["faults"]) == (None, ["fault-1"])


async def test_an_empty_body_keeps_the_status_and_type(client: Client) -> None:
    await add(client, {"type": "empty"})
    response = await client.get(USAGE, headers=ACME)
    assert (response.status, response.content_type) == (200, "application/json")
    assert await response.read() == b""


@pytest.mark.parametrize(("keep", "expected"), [(10, 10), (None, None)])
async def test_a_truncated_body_declares_more_than_it_sends(
    client: Client, caplog: pytest.LogCaptureFixture, keep: int | None, expected: int | None
) -> None:
    whole = await raw_exchange(client, f"{USAGE}?limit=3")
    await add(client, {"type": "truncate", "bytes": keep})
    with caplog.at_level(logging.DEBUG):
        cut = await raw_exchange(client, f"{USAGE}?limit=3")
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    head, _, body = cut.partition(b"\r\n\r\n")
    lengths = [ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")]
    declared = int(lengths[0].split(b":")[1])
    assert declared == len(whole.partition(b"\r\n\r\n")[2])
    assert len(body) == (declared // 2 if expected is None else expected)
    assert whole.partition(b"\r\n\r\n")[2].startswith(body)
    assert (await last_entry(client))["status"] == 200


async def test_latency_delays_and_lets_through(client: Client) -> None:
    await add(client, {"type": "latency", "ms": 60})
    body = await get_json(client, USAGE, limit=1)
    assert len(body["runs"]) == 1
    entry = await last_entry(client)
    assert entry["latency_ms"] >= 60 and entry["status"] == 200


async def test_a_latency_range_is_drawn_within_its_bounds(client: Client) -> None:
    await add(client, {"type": "latency", "min_ms": 20, "max_ms": 40})
    await get_json(client, USAGE, limit=1)
    assert (await last_entry(client))["latency_ms"] >= 20


async def test_delays_add_up_before_the_fault_that_answers(client: Client) -> None:
    await add(client, {"type": "latency", "ms": 30}, id="slow")
    await add(client, {"type": "status", "status": 503}, id="boom")
    await add(client, {"type": "status", "status": 500}, id="never")
    assert await status_of(client) == 503
    entry = await last_entry(client)
    assert entry["faults"] == ["slow", "boom"] and entry["latency_ms"] >= 30
    never = await call(client, "GET", f"{FAULTS}/never")
    assert (never["matched"], never["fired"]) == (0, 0)


async def test_times_limits_the_fault_to_the_first_matching_requests(client: Client) -> None:
    await add(client, {"type": "status", "status": 503}, times=2)
    assert [await status_of(client) for _ in range(3)] == [503, 503, 200]
    [fault] = (await call(client, "GET", FAULTS))["faults"]
    assert (fault["matched"], fault["fired"], fault["remaining"]) == (2, 2, 0)


async def outcomes(runtime: Runtime, fault: dict[str, Any], count: int) -> list[int]:
    async with TestClient(TestServer(build_app(runtime.fork(), ResponseCheck(True)))) as client:
        await call(client, "POST", FAULTS, fault, expect=201)
        return [await status_of(client, f"{USAGE}?limit=1") for _ in range(count)]


async def test_probability_is_reproducible(runtime: Runtime) -> None:
    fault = {"id": "flaky", "effect": {"type": "status", "status": 503}, "probability": 0.5}
    first, again = await outcomes(runtime, fault, 30), await outcomes(runtime, fault, 30)
    assert first == again and set(first) == {200, 503}
    other = await outcomes(runtime, {**fault, "id": "other"}, 30)
    assert other != first  # another fault, another stream: the id seeds it


async def test_probability_zero_counts_but_never_fires(client: Client) -> None:
    await add(client, {"type": "status", "status": 503}, probability=0)
    assert [await status_of(client) for _ in range(3)] == [200] * 3
    [fault] = (await call(client, "GET", FAULTS))["faults"]
    assert (fault["matched"], fault["fired"]) == (3, 0)


@pytest.mark.parametrize(
    ("match", "hit", "miss"),
    [
        ({"path": "/api/v1/workflow/*"}, DETAIL, USAGE),
        ({"operation": "get_usage_history"}, USAGE, DETAIL),
        ({"method": "post"}, None, USAGE),
        ({"tenant": "acme-health"}, USAGE, None),
        ({"query": {"limit": "2"}}, f"{USAGE}?limit=2", f"{USAGE}?limit=3"),
        ({"query": {"page": "*"}}, f"{USAGE}?page=1", USAGE),
        ({"headers": {"X-API-Key": "*"}}, USAGE, None),
        ({"vendor": "stackai"}, None, USAGE),
    ],
)
async def test_a_fault_applies_to_what_its_matcher_says(
    client: Client, match: dict[str, Any], hit: str | None, miss: str | None
) -> None:
    await add(client, {"type": "status", "status": 418}, match=match)
    if hit is not None:
        assert await status_of(client, hit) == 418
    if miss is not None:
        assert await status_of(client, miss) != 418


async def test_a_tenant_matcher_reads_the_credentials(client: Client) -> None:
    await add(client, {"type": "status", "status": 503}, match={"tenant": "globex-lending"})
    assert await status_of(client) == 200
    assert await status_of(client, headers={"X-API-Key": GLOBEX_KEY}) == 503
    assert await status_of(client, headers={}) == 401


async def test_faults_never_touch_the_control_plane(client: Client) -> None:
    await add(client, {"type": "drop"})
    assert (await call(client, "GET", "/_emulator/health"))["control"]["faults"] == 1


async def test_faults_are_listed_read_and_deleted(client: Client) -> None:
    first = await add(client, {"type": "drop"}, match={"vendor": "dograh"}, times=3)
    assert first == {
        "id": "fault-1", "match": {"vendor": "dograh"}, "effect": {"type": "drop"},
        "probability": 1.0, "times": 3, "matched": 0, "fired": 0, "remaining": 3,
    }  # fmt: skip
    await add(client, {"type": "empty", "status": 204}, id="mine")
    assert [f["id"] for f in (await call(client, "GET", FAULTS))["faults"]] == ["fault-1", "mine"]
    assert (await call(client, "GET", f"{FAULTS}/mine"))["effect"] == {
        "type": "empty",
        "status": 204,
    }
    await call(client, "DELETE", f"{FAULTS}/mine", expect=204)
    await problem(await client.get(f"{FAULTS}/mine"), 404)
    await problem(await client.delete(f"{FAULTS}/mine"), 404)
    await call(client, "DELETE", FAULTS, expect=204)
    assert (await call(client, "GET", FAULTS))["faults"] == []
    assert await status_of(client) == 200


async def test_a_taken_fault_id_is_refused(client: Client) -> None:
    await add(client, {"type": "drop"}, id="x")
    body = await problem(
        await client.post(FAULTS, json={"id": "x", "effect": {"type": "drop"}}), 409
    )
    assert [e["field"] for e in body["errors"]] == ["id"]


@pytest.mark.parametrize(
    ("fault", "fields"),
    [
        ({"effect": {"type": "explode"}}, ["effect.type"]),
        ({"effect": {}}, ["effect.type"]),
        ({}, ["effect"]),
        ({"effect": {"type": "drop"}, "probability": 1.5}, ["probability"]),
        ({"effect": {"type": "drop"}, "probability": -0.1}, ["probability"]),
        ({"effect": {"type": "drop"}, "probability": "half"}, ["probability"]),
        ({"effect": {"type": "drop"}, "times": 0}, ["times"]),
        ({"effect": {"type": "drop"}, "id": "no spaces"}, ["id"]),
        ({"effect": {"type": "drop"}, "colour": "red"}, ["colour"]),
        ({"effect": {"type": "drop", "status": 500}}, ["effect.status"]),
        ({"effect": {"type": "status"}}, ["effect.status"]),
        ({"effect": {"type": "status", "status": 200}}, ["effect.status"]),
        ({"effect": {"type": "latency"}}, ["effect.min_ms"]),
        ({"effect": {"type": "latency", "ms": 5, "max_ms": 9}}, ["effect.ms"]),
        ({"effect": {"type": "latency", "min_ms": 9, "max_ms": 5}}, ["effect.max_ms"]),
        ({"effect": {"type": "latency", "ms": 10**9}}, ["effect.ms"]),
        ({"effect": {"type": "rate_limit", "retry_after": -1}}, ["effect.retry_after"]),
        ({"effect": {"type": "truncate", "bytes": "all"}}, ["effect.bytes"]),
        ({"effect": {"type": "drop"}, "match": {"vendor": "acme"}}, ["match.vendor"]),
        ({"effect": {"type": "drop"}, "match": {"tenant": "nobody"}}, ["match.tenant"]),
        ({"effect": {"type": "drop"}, "match": {"status": 500}}, ["match.status"]),
        ({"effect": {"type": "drop"}, "match": {"method": "GET ME"}}, ["match.method"]),
        ({"effect": {"type": "drop"}, "match": []}, ["match"]),
    ],
)
async def test_a_bad_fault_is_refused_naming_the_field(
    client: Client, fault: dict[str, Any], fields: list[str]
) -> None:
    body = await problem(await client.post(FAULTS, json=fault), 422)
    assert [e["field"] for e in body["errors"]] == fields
    assert (await call(client, "GET", FAULTS))["faults"] == []
