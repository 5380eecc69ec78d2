"""GET/PUT /_emulator/clock: the one "now" of every vendor (recent windows, current periods,
running runs' durations, signed-URL expiry), frozen at an instant, moved, or real again.

PUT takes exactly one action: `{"freeze": "<instant>" | "now"}` stops the clock,
`{"travel": "<instant>"}` sets it running from there, `{"advance_seconds": n}` moves it (a
negative n moves it back) and `{"release": true}` returns it to where it started (frozen at
the epoch, or the wall clock with `--clock wall`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from emulator.clock import Clock
from emulator.control.health import clock_report
from emulator.control.plane import ControlPlane
from emulator.control.problem import issue, read_json, require, validator

_INSTANT = {"type": "string", "maxLength": 64}
ACTIONS = ("freeze", "travel", "advance_seconds", "release")
CLOCK = validator(
    {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
        "properties": {
            "freeze": _INSTANT,
            "travel": _INSTANT,
            "advance_seconds": {"type": "number", "minimum": -3.2e9, "maximum": 3.2e9},
            "release": {"const": True},
        },
    }
)


def add_clock_routes(app: web.Application, plane: ControlPlane) -> None:
    async def show(_: web.Request) -> web.Response:
        return web.json_response(clock_report(plane.runtime))

    async def change(request: web.Request) -> web.Response:
        body = await read_json(request)
        if isinstance(body, dict) and len(body) != 1:
            raise issue("(body)", f"give exactly one of {', '.join(ACTIONS)}")
        require(CLOCK, body, "invalid clock change")
        action, value = next(iter(body.items()))
        try:
            apply(plane.runtime.clock, action, value)
        except OverflowError:
            raise issue(action, "moves the clock outside the years 1..9999") from None
        return web.json_response(clock_report(plane.runtime))

    app.router.add_get("/clock", show)
    app.router.add_put("/clock", change)


def apply(clock: Clock, action: str, value: Any) -> None:
    if action == "release":
        clock.release()
    elif action == "advance_seconds":
        clock.advance(timedelta(seconds=float(value)))
    elif action == "freeze":
        clock.freeze(clock.now() if value == "now" else instant(action, value))
    else:
        clock.travel(instant(action, value))


def instant(field: str, value: object) -> datetime:
    try:
        stamp = datetime.fromisoformat(str(value))
    except ValueError:
        raise issue(field, f"not an ISO 8601 instant: {value!r}") from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
