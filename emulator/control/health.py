"""GET /_emulator/health: what is loaded (vendors, tenants, run counts), the seed, the version,
the uptime and the clock; open even when an admin token guards the rest."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from emulator import __version__
from emulator.control.plane import ControlPlane
from emulator.runtime import Runtime


def clock_report(runtime: Runtime) -> dict[str, Any]:
    clock = runtime.clock
    return {
        "now": clock.now().isoformat(),
        "is_frozen": clock.is_frozen,
        "offset_seconds": clock.offset.total_seconds(),
        # Where a release returns: "epoch" (frozen at the end of the history) or "wall".
        "mode": "wall" if clock.home is None else "epoch",
    }


def health_report(runtime: Runtime) -> dict[str, Any]:
    vendors = {}
    for name, state in runtime.states.items():
        vendors[name] = {
            "title": state.vendor.title,
            "runs": state.store.count(),
            "tenants": [
                {"slug": t.slug, "name": t.name, "runs": state.store.count(t.slug)}
                for t in state.tenants.values()
            ],
        }
    return {
        "status": "ok",
        "version": __version__,
        "seed": runtime.settings.seed,
        "runs_per_tenant": runtime.settings.runs,
        "uptime_seconds": round(time.monotonic() - runtime.started, 3),
        "clock": clock_report(runtime),
        "vendors": vendors,
    }


def add_health_routes(app: web.Application, plane: ControlPlane) -> None:
    async def health(_: web.Request) -> web.Response:
        report = health_report(plane.runtime)
        report["control"] = {
            "faults": len(plane.faults),
            "journal": {"entries": len(plane.journal), "size": plane.journal.size},
            "is_token_required": bool(plane.runtime.settings.admin_token),
        }
        return web.json_response(report)

    app.router.add_get("/health", health, name="health")
