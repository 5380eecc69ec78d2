"""GET /_emulator/health: what is loaded (vendors, tenants, run counts), the seed, the version."""

from __future__ import annotations

import time
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from aiohttp import web

from emulator.runtime import Runtime


def emulator_version() -> str:
    try:
        return version("runs-emulator")
    except PackageNotFoundError:
        return "0+unknown"


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
        "version": emulator_version(),
        "seed": runtime.settings.seed,
        "runs_per_tenant": runtime.settings.runs,
        "uptime_seconds": round(time.monotonic() - runtime.started, 3),
        "clock": {"now": runtime.clock.now().isoformat(), "is_frozen": runtime.clock.is_frozen},
        "vendors": vendors,
    }


def add_health_routes(app: web.Application, runtime: Runtime) -> None:
    async def health(_: web.Request) -> web.Response:
        return web.json_response(health_report(runtime))

    app.router.add_get("/health", health)
