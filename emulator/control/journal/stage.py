"""The journal stage of a vendor's pipeline: every request, whatever answered it, is recorded.

It is the outermost stage, so it records what the client got: the rendered reply's status
(none for a dropped connection), with a latency that includes injected delays.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from emulator.control.journal.book import Entry
from emulator.exchange import Exchange
from emulator.vendor import Reply

Next = Callable[[Exchange], Awaitable[Reply]]
# Bodies are journalled for reading, not archived: a longer one is cut here.
MAX_BODY_CHARS = 65_536


async def journal(exchange: Exchange, inner: Next) -> Reply:
    reply: Reply | None = None
    try:
        reply = await inner(exchange)
        return reply
    finally:
        status = None if reply is None or exchange.is_dropped else reply.status
        exchange.mounting.plane.journal.add(entry_of(exchange, status))


def entry_of(exchange: Exchange, status: int | None) -> Entry:
    book = exchange.mounting.plane.journal
    body = exchange.body
    return Entry(
        id=book.next_id(),
        at=exchange.at,
        vendor=exchange.vendor,
        method=exchange.method,
        path=exchange.path,
        raw_path=exchange.request.raw_path,
        operation_id=exchange.operation_id,
        query=exchange.query,
        headers=exchange.headers,
        tenant=exchange.tenant,
        status=status,
        latency_ms=round((time.perf_counter() - exchange.started) * 1000, 3),
        faults=exchange.faults,
        body=None if body is None else body[:MAX_BODY_CHARS].decode("utf-8", "replace"),
    )
