"""The journal stage of a vendor's pipeline: every request, whatever answered it, is recorded.

It sits outside the fault stage, so faulted requests are journalled with what the client got
(a dropped connection has no status) and the latency includes injected delays.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from emulator.control.intake import SEEN, Intake, Seen
from emulator.control.journal import Entry
from emulator.control.plane import ControlPlane

# Bodies are journalled for reading, not archived: a longer one is cut here.
MAX_BODY_CHARS = 65_536


def recording(plane: ControlPlane, intake: Intake) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        seen = request[SEEN] = Seen(request, intake)
        at, started = datetime.now(UTC), time.perf_counter()
        status: int | None = None
        try:
            response = await handler(request)
            status = None if seen.is_dropped else response.status
            return response
        finally:
            latency = round((time.perf_counter() - started) * 1000, 3)
            body = None if seen.is_dropped else _body(request)
            plane.journal.add(_entry(plane, seen, request, at, status, latency, body))

    return middleware


def _entry(
    plane: ControlPlane, seen: Seen, request: web.Request, at: datetime, status: int | None,
    latency: float, body: str | None,
) -> Entry:  # fmt: skip
    return Entry(
        id=plane.journal.next_id(),
        at=at,
        vendor=seen.vendor,
        method=seen.method,
        path=seen.path,
        raw_path=request.raw_path,
        operation=seen.operation,
        query=seen.query,
        headers=seen.headers,
        tenant=seen.tenant,
        status=status,
        latency_ms=latency,
        faults=tuple(seen.faults),
        body=body,
    )


def _body(request: web.Request) -> str | None:
    """The body as the vendor read it. One nobody read (a GET's, say) is not read here
    either, so an oversized body costs no memory; aiohttp keeps what was read privately."""
    read: bytes | None = getattr(request, "_read_bytes", None)
    return None if read is None else read[:MAX_BODY_CHARS].decode("utf-8", "replace")
