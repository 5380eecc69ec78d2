"""A stand-in vendor with drift put in on purpose: an aiohttp app that forwards every request
to an emulator and rewrites the answers to chosen requests (by their number, from 1). It keeps
what it received and what it answered, so a test can check the proxy changed neither."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from emulator.flaws import Path


@dataclass
class Sent:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Received:
    method: str
    path_qs: str
    headers: list[tuple[str, str]]
    body: bytes


Rewrite = Callable[[Sent], Sent]


@dataclass
class Stub:
    upstream: str  # the emulator's root URL
    rewrites: Mapping[int, Rewrite] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.forward)
        return app

    async def forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = [(k, v) for k, v in request.headers.items() if k.lower() != "host"]
        self.received.append(Received(request.method, request.raw_path, headers, body))
        async with aiohttp.ClientSession(auto_decompress=False) as session, session.request(
            request.method, self.upstream + request.raw_path, headers=headers,
            data=body or None, allow_redirects=False,
        ) as answer:  # fmt: skip
            kept = [(k, v) for k, v in answer.headers.items() if k.lower() not in DROPPED]
            sent = Sent(answer.status, kept, await answer.read())
        rewrite = self.rewrites.get(len(self.received))
        sent = rewrite(sent) if rewrite else sent
        self.sent.append(sent)
        return web.Response(status=sent.status, body=sent.body, headers=sent.headers)


DROPPED = {"content-length", "transfer-encoding", "date", "server"}


def as_json(sent: Sent) -> Any:
    return json.loads(sent.body)


def with_json(sent: Sent, value: Any, status: int | None = None) -> Sent:
    return Sent(sent.status if status is None else status, sent.headers, json.dumps(value).encode())


def last_number(value: Any, path: Path = ()) -> Path | None:
    """The path of the last number (not a boolean) of a JSON value, in document order."""
    found: Path | None = None
    if isinstance(value, dict):
        for key, item in value.items():
            found = last_number(item, (*path, key)) or found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = last_number(item, (*path, index)) or found
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        found = path
    return found


@dataclass
class Retyped:
    """Makes the last number of a JSON answer a string; `path` says which."""

    path: Path | None = None

    def __call__(self, sent: Sent) -> Sent:
        value = as_json(sent)
        self.path = last_number(value)
        assert self.path, "an answer without numbers"
        holder = value
        for part in self.path[:-1]:
            holder = holder[part]
        holder[self.path[-1]] = str(holder[self.path[-1]])
        return with_json(sent, value)


def extended(sent: Sent) -> Sent:
    """An answer with a field more: beside the envelope's, or the first item's of an array."""
    value = as_json(sent)
    (value[0] if isinstance(value, list) else value)["surprise"] = 1
    return with_json(sent, value)


def reworded(sent: Sent) -> Sent:
    """An error body of a shape no vendor here uses."""
    return with_json(sent, {"error_message": "no"})


def restatused(status: int) -> Rewrite:
    def rewrite(sent: Sent) -> Sent:
        return Sent(status, sent.headers, sent.body)

    return rewrite


def without_header(name: str) -> Rewrite:
    def rewrite(sent: Sent) -> Sent:
        return Sent(sent.status, [(k, v) for k, v in sent.headers if k.lower() != name.lower()],
                    sent.body)  # fmt: skip

    return rewrite


def gzipped(sent: Sent) -> Sent:
    return Sent(
        sent.status, [*sent.headers, ("Content-Encoding", "gzip")], gzip.compress(sent.body)
    )


def rate_limited(_sent: Sent) -> Sent:
    return Sent(429, [("Retry-After", "30"), ("Content-Type", "text/plain")], b"slow down")
