"""The fault stage of a vendor's pipeline: delays, errors in the vendor's envelope, broken
connections and bodies, as the injected faults decide (emulator/control/fault.py).

A dropped connection is an aborted transport with no response; a truncated body declares the
full Content-Length, sends part of it and closes. Neither is an error of ours, so neither logs.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from emulator.control.effect import Drop, Effect, Empty, ErrorStatus, RateLimit, Truncate
from emulator.control.intake import SEEN
from emulator.control.plane import ControlPlane
from emulator.errors import ApiError, ErrorKind
from emulator.respond import to_response
from emulator.vendor import Vendor

_KINDS: dict[int, ErrorKind] = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 429: "rate_limited", 503: "unavailable",
}  # fmt: skip


def faulting(plane: ControlPlane, vendor: Vendor) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        seen = request[SEEN]
        firing = plane.faults.meet(seen)
        seen.faults.extend(firing.fired)
        if firing.delay:
            await asyncio.sleep(firing.delay)
        if firing.answer is None:
            return await handler(request)
        seen.is_dropped = isinstance(firing.answer.effect, Drop)
        return await answer(firing.answer.effect, vendor, request, handler)

    return middleware


async def answer(
    effect: Effect, vendor: Vendor, request: web.Request, handler: Handler
) -> web.StreamResponse:
    match effect:
        case ErrorStatus(status=status, message=message):
            return rendered(vendor, ApiError(status, kind_of(status), message))
        case RateLimit(retry_after=seconds):
            retry = (("Retry-After", str(seconds)),)
            response = rendered(
                vendor, ApiError(429, "rate_limited", "Too Many Requests", None, retry)
            )
            # Whatever the dialect does with an error's headers, this one must reach the client.
            response.headers["Retry-After"] = str(seconds)
            return response
        case Empty(status=status):
            return web.Response(status=status, body=b"", content_type="application/json")
        case Truncate(keep_bytes=keep):
            return await truncated(await handler(request), request, keep)
        case Drop():
            return dropped(request)
        case _:  # a delay is not an answer: the fault book never hands one over
            return await handler(request)


def kind_of(status: int) -> ErrorKind:
    return _KINDS.get(status, "internal" if status >= 500 else "bad_request")


def rendered(vendor: Vendor, error: ApiError) -> web.Response:
    # A dialect may word only the statuses its vendor uses and fall back for others: the
    # envelope is the vendor's, the status the fault's. No response check: a vendor's spec
    # need not list every status a fault can answer.
    reply = replace(vendor.dialect.render(error), status=error.status)
    return to_response(vendor, None, reply, None)


def dropped(request: web.Request) -> web.StreamResponse:
    if request.transport is not None:
        request.transport.abort()
    # aiohttp writes nothing to an aborted transport, and says nothing about it either.
    return web.Response(status=499)


async def truncated(
    full: web.StreamResponse, request: web.Request, keep: int | None
) -> web.StreamResponse:
    body = full.body if isinstance(full, web.Response) and isinstance(full.body, bytes) else b""
    declared = max(len(body), 1)  # an empty body cannot be cut: announce one byte, send none
    sent = body[: min(len(body) // 2 if keep is None else keep, declared - 1)]
    response = web.StreamResponse(status=full.status, reason=full.reason, headers=full.headers)
    response.content_length = declared
    await response.prepare(request)
    await response.write(sent)
    if request.transport is not None:
        request.transport.close()
    return response
