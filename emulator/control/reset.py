"""POST /_emulator/reset: back to the seeded data, with no faults, an empty journal and a
released clock. Without a body it is the emulator as started (not as the last reset left it),
so a per-test reset never inherits a previous test's seed."""

from __future__ import annotations

from aiohttp import web

from emulator.control.health import health_report
from emulator.control.plane import ControlPlane
from emulator.control.problem import Problem, read_json, require, validator
from emulator.generate import FixtureError

# A reset builds no run (timelines are built when first read); the bound is on the memory a
# first read may then build: about 150 bytes per run and tenant (docs/benchmarks.md).
MAX_RUNS = 10_000_000
RESET = validator(
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "seed": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
            "runs": {"type": "integer", "minimum": 0, "maximum": MAX_RUNS},
        },
    }
)


def add_reset_routes(app: web.Application, plane: ControlPlane) -> None:
    async def reset(request: web.Request) -> web.Response:
        body = await read_json(request, default={})
        require(RESET, body, "invalid reset")
        try:
            plane.reset(seed=body.get("seed"), runs=body.get("runs"))
        except FixtureError as error:
            raise Problem(409, f"the fixtures cannot be loaded: {error}") from None
        return web.json_response(health_report(plane.runtime))

    app.router.add_post("/reset", reset)
