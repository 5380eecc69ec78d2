"""/_emulator/faults: inject faults into vendor requests, list them with their bookkeeping,
delete one or all. A fault is `{"id"?, "match"?, "effect", "probability"?, "times"?}`; see
emulator/control/fault.py for how faults are met and control/effect.py for the effects."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from emulator.control.faults.book import Fault
from emulator.control.faults.effect import KINDS, parse_effect
from emulator.control.matcher import parse_matcher
from emulator.control.plane import ControlPlane
from emulator.control.problem import FieldIssue, Problem, read_json, require, validator

FAULT = validator(
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["effect"],
        "properties": {
            "id": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,64}$"},
            "match": {"type": ["object", "null"]},
            "effect": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": list(KINDS)}},
            },
            "probability": {"type": "number", "minimum": 0, "maximum": 1},
            "times": {"type": ["integer", "null"], "minimum": 1},
        },
    }
)


def parse_fault(plane: ControlPlane, body: Any) -> Fault:
    require(FAULT, body, "invalid fault")
    matcher = parse_matcher(body.get("match"), plane.runtime, "match")
    effect = parse_effect(body["effect"])
    ident = body.get("id") or plane.faults.new_id()
    if plane.faults.get(ident) is not None:
        raise Problem(409, f"a fault {ident!r} exists", (FieldIssue("id", "is taken"),))
    times = body.get("times")
    probability = float(body.get("probability", 1.0))
    seed = plane.runtime.settings.seed
    return Fault.seeded(
        seed, ident, matcher, effect, probability, None if times is None else int(times)
    )


def _found(plane: ControlPlane, request: web.Request) -> Fault:
    ident = request.match_info["fault_id"]
    fault = plane.faults.get(ident)
    if fault is None:
        raise Problem(404, f"no fault is called {ident!r}")
    return fault


def add_fault_routes(app: web.Application, plane: ControlPlane) -> None:
    async def add(request: web.Request) -> web.Response:
        fault = parse_fault(plane, await read_json(request))
        plane.faults.add(fault)
        return web.json_response(fault.to_json(), status=201)

    async def listing(_: web.Request) -> web.Response:
        return web.json_response({"faults": [fault.to_json() for fault in plane.faults]})

    async def clear(_: web.Request) -> web.Response:
        plane.faults.clear()
        return web.Response(status=204)

    async def one(request: web.Request) -> web.Response:
        return web.json_response(_found(plane, request).to_json())

    async def deletion(request: web.Request) -> web.Response:
        plane.faults.remove(_found(plane, request).id)
        return web.Response(status=204)

    app.router.add_post("/faults", add)
    app.router.add_get("/faults", listing)
    app.router.add_delete("/faults", clear)
    app.router.add_get("/faults/{fault_id}", one)
    app.router.add_delete("/faults/{fault_id}", deletion)
