"""Oversized and malformed requests get the front server's 4xx, never a hang or a 500."""

from __future__ import annotations

import logging
import socket

import pytest

from tests.contract.server import LiveServer

USAGE = "/dograh/api/v1/organizations/usage/runs"


def raw_request(server: LiveServer, request: bytes) -> bytes:
    host, port = server.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(request)
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_line(answer: bytes) -> bytes:
    """The status and reason, whatever HTTP version aiohttp replies with to an unparsed request."""
    return answer.split(b"\r\n", 1)[0].split(b" ", 1)[1]


def test_an_over_long_request_line_is_414(server: LiveServer) -> None:
    answer = raw_request(
        server, f"GET {USAGE}?filters={'x' * 9000} HTTP/1.1\r\nHost: h\r\n\r\n".encode()
    )
    assert status_line(answer) == b"414 Request-URI Too Long"
    assert answer.endswith(b"414 URI Too Long\n")


def test_an_oversized_header_is_431(server: LiveServer) -> None:
    request = f"GET {USAGE} HTTP/1.1\r\nHost: h\r\nX-API-Key: {'k' * 9000}\r\n\r\n".encode()
    assert status_line(raw_request(server, request)) == b"431 Request Header Fields Too Large"


def test_garbage_is_a_400_logged_without_a_traceback(
    server: LiveServer, caplog: pytest.LogCaptureFixture
) -> None:
    answer = raw_request(server, b"GET /\x01 HTTP/1.1\r\n\r\n")
    assert status_line(answer) == b"400 Bad Request"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_a_body_over_the_limit_on_a_get_is_ignored_as_the_vendors_do(server: LiveServer) -> None:
    body = b"{" + b" " * (2 * 1024 * 1024) + b"}"
    head = f"GET {USAGE}?limit=1 HTTP/1.1\r\nHost: h\r\nContent-Length: {len(body)}\r\n"
    answer = raw_request(server, head.encode() + b"Connection: close\r\n\r\n" + body)
    assert status_line(answer) == b"401 Unauthorized"
