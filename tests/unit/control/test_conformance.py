"""The control plane's answers against openapi/control.yaml: every route documented, and an
answer the document does not describe is a loud 500 and a recorded failure."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from emulator.control import control_app
from emulator.control.conformance import conformance
from emulator.control.openapi import control_spec
from emulator.control.plane import ControlPlane
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime

Answer = Callable[[web.Request], Awaitable[web.StreamResponse]]
Client = TestClient[Any, Any]


def test_every_control_route_is_in_the_document_and_back(runtime: Runtime) -> None:
    root = web.Application()
    control = control_app(ControlPlane.attach(runtime), ResponseCheck(True))
    root.add_subapp("/_emulator", control)  # the prefix the document's paths carry
    routes = {(r.method.lower(), r.resource.canonical) for r in control.router.routes()
              if r.method != "HEAD" and r.resource is not None}  # fmt: skip
    assert routes == {(o.method, o.path) for o in control_spec().operations}


@web.middleware
async def unworded(request: web.Request, handler: Answer) -> web.StreamResponse:
    """aiohttp's own refusals as plain text: what control/__init__.py's problems stage prevents."""
    try:
        return await handler(request)
    except web.HTTPException as refusal:
        return web.Response(status=refusal.status, text=refusal.reason)


async def answering(handler: Answer, check: ResponseCheck, method: str = "GET") -> Client:
    """A control app of one route, with the conformance check, mounted where the real one is."""
    control = web.Application(middlewares=[conformance(check), unworded])
    control.router.add_route(method, "/clock", handler)
    root = web.Application()
    root.add_subapp("/_emulator", control)
    client: Client = TestClient(TestServer(root))
    await client.start_server()
    return client


async def clock(_: web.Request) -> web.Response:
    return web.json_response({"now": "2026-10-01T12:00:00+00:00", "is_frozen": "yes"})


async def teapot(_: web.Request) -> web.Response:
    return web.json_response({}, status=418)


async def as_text(_: web.Request) -> web.Response:
    return web.Response(text="fine")


@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        (clock, "(body): 'offset_seconds' is a required property"),
        (clock, "is_frozen: 'yes' is not of type 'boolean'"),
        (teapot, "status 418 is not in the document"),
        (as_text, "text/plain is not one of: application/json"),
    ],
)
async def test_an_answer_the_document_does_not_describe_is_a_500(
    handler: Answer, reason: str
) -> None:
    check = ResponseCheck(True)
    client = await answering(handler, check)
    try:
        response = await client.get("/_emulator/clock")
        assert response.status == 500
        assert response.content_type == "application/problem+json"
        body = await response.json()
        assert reason in [e["message"] for e in body["errors"]]
        assert body["errors"][0]["field"] == "get_clock"
        (failure,) = check.failures
        assert failure.startswith("control GET /_emulator/clock") and reason in failure
    finally:
        await client.close()


async def test_an_unrouted_request_must_be_a_problem() -> None:
    check = ResponseCheck(True)
    client = await answering(clock, check)
    try:
        assert (await client.get("/_emulator/nowhere")).status == 500
        assert "an unrouted request got text/plain, not a problem" in check.failures[0]
    finally:
        await client.close()


async def test_a_route_the_document_lacks_is_reported() -> None:
    check = ResponseCheck(True)
    client = await answering(clock, check, method="POST")
    try:
        assert (await client.post("/_emulator/clock")).status == 500
        assert "POST /_emulator/clock is a route the document does not have" in check.failures[0]
    finally:
        await client.close()


async def test_a_disabled_check_passes_answers_through() -> None:
    check = ResponseCheck(False)
    client = await answering(teapot, check)
    try:
        assert (await client.get("/_emulator/clock")).status == 418
        assert check.failures == []
    finally:
        await client.close()
