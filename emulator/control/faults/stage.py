"""The fault stage of a vendor's pipeline: delays, errors in the vendor's envelope, broken
connections and bodies, as the injected faults decide (book.py).

An error is raised for the answer stage to render through the vendor's dialect, the one place
errors are worded; a broken delivery is noted on the exchange for the last step to carry out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from emulator.control.faults.effect import Drop, Effect, Empty, ErrorStatus, RateLimit, Truncate
from emulator.errors import ApiError, ErrorKind
from emulator.exchange import Dropped, Exchange, Truncated
from emulator.vendor import Reply

Next = Callable[[Exchange], Awaitable[Reply]]
_KINDS: dict[int, ErrorKind] = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
    415: "unsupported_media_type", 429: "rate_limited", 503: "unavailable",
}  # fmt: skip


async def faults(exchange: Exchange, inner: Next) -> Reply:
    firing = exchange.mounting.plane.faults.meet(exchange)
    exchange.faults = firing.fired
    if firing.delay:
        await asyncio.sleep(firing.delay)
    if firing.answer is None:
        return await inner(exchange)
    return await _apply(firing.answer.effect, exchange, inner)


async def _apply(effect: Effect, exchange: Exchange, inner: Next) -> Reply:
    match effect:
        case ErrorStatus(status=status, message=message):
            exchange.is_checked = False
            raise ApiError(status, kind_of(status), message, is_injected=True)
        case RateLimit(retry_after=seconds):
            exchange.is_checked = False
            retry = (("Retry-After", str(seconds)),)
            raise ApiError(429, "rate_limited", "Too Many Requests", None, retry, is_injected=True)
        case Empty(status=status):
            exchange.is_checked = False
            return Reply(b"", status, "application/json")
        case Truncate(keep_bytes=keep):
            exchange.delivery = Truncated(keep)
            return await inner(exchange)
        case Drop():
            exchange.is_checked = False
            exchange.delivery = Dropped()
            return Reply(None, 499)
        case _:  # a delay is not an answer: the fault book never hands one over
            return await inner(exchange)


def kind_of(status: int) -> ErrorKind:
    return _KINDS.get(status, "internal" if status >= 500 else "bad_request")
