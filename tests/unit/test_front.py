"""The aiohttp internals emulator/front.py leans on, each named, so that an aiohttp release that
moves one fails here by name (the behaviour itself is pinned over a socket in
contract/test_limits.py). aiohttp has no public hook for the answer to a request it cannot
parse: the error handler is built inside RequestHandler, which Server makes and AppRunner's
private `_make_server` builds. pyproject.toml caps aiohttp at the releases this was tested on.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any
from unittest import mock

import aiohttp
import pytest
from aiohttp import http, http_parser, web
from aiohttp.http_exceptions import LineTooLong
from aiohttp.web_protocol import RequestHandler

from emulator.front import FrontAppRunner, FrontRequestHandler, FrontServer, status_for

MOVED = "aiohttp {} moved {}: emulator/front.py relies on it (see its docstring); re-check it"
LONG_LINE = b"GET /" + b"x" * 9000 + b" HTTP/1.1\r\nHost: h\r\n\r\n"
LONG_HEADER = b"GET / HTTP/1.1\r\nHost: h\r\nX-Path: /" + b"k" * 9000 + b"\r\n\r\n"
EMPTY = inspect.Parameter.empty


def parameters(function: Any) -> list[tuple[str, Any]]:
    return [(p.name, p.default) for p in inspect.signature(function).parameters.values()]


def test_request_handler_handle_error_takes_what_front_overrides() -> None:
    expected = [("self", EMPTY), ("request", EMPTY), ("status", 500), ("exc", None),
                ("message", None)]  # fmt: skip
    where = "aiohttp.web_protocol.RequestHandler.handle_error(request, status, exc, message)"
    assert parameters(RequestHandler.handle_error) == expected, MOVED.format(
        aiohttp.__version__, where
    )
    assert FrontRequestHandler.handle_error is not RequestHandler.handle_error


def test_app_runner_builds_its_server_in_make_server() -> None:
    where = "aiohttp.web.AppRunner._make_server(self), a coroutine returning a web.Server"
    method = getattr(web.AppRunner, "_make_server", None)
    assert method is not None and inspect.iscoroutinefunction(method), MOVED.format(
        aiohttp.__version__, where
    )
    assert parameters(method) == [("self", EMPTY)], MOVED.format(aiohttp.__version__, where)


async def test_server_keeps_its_loop_and_handler_arguments() -> None:
    where = "aiohttp.web.Server._loop and ._kwargs (FrontServer builds RequestHandlers with them)"
    server = web.Server(mock.AsyncMock(), max_line_size=8190)
    assert server._loop is asyncio.get_running_loop(), MOVED.format(aiohttp.__version__, where)
    assert server._kwargs == {"max_line_size": 8190}, MOVED.format(aiohttp.__version__, where)
    server.__class__ = FrontServer
    assert isinstance(server(), FrontRequestHandler)


async def test_a_front_runner_serves_through_a_front_server() -> None:
    runner = FrontAppRunner(web.Application())
    await runner.setup()
    try:
        assert isinstance(runner.server, FrontServer)
    finally:
        await runner.cleanup()


PARSERS = {"C": http.HttpRequestParser, "Python": http_parser.HttpRequestParserPy}


@pytest.mark.parametrize("parser", PARSERS.values(), ids=list(PARSERS))
@pytest.mark.parametrize(("request_bytes", "status"), [(LONG_LINE, 414), (LONG_HEADER, 431)])
async def test_aiohttps_line_too_long_tells_the_request_line_from_a_header(
    parser: Any, request_bytes: bytes, status: int
) -> None:
    reader = parser(mock.Mock(), asyncio.get_running_loop(), 2**16,
                    max_line_size=8190, max_field_size=8190)  # fmt: skip
    with pytest.raises(LineTooLong) as raised:
        reader.feed_data(request_bytes)
    where = f"the wording of LineTooLong ({raised.value.message!r}), read by front._REQUEST_LINE"
    assert status_for(raised.value)[0] == status, MOVED.format(aiohttp.__version__, where)
