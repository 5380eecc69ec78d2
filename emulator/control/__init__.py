"""The control plane under /_emulator: apart from every vendor API, JSON in and out."""

from __future__ import annotations

from aiohttp import web

from emulator.control.health import add_health_routes
from emulator.runtime import Runtime


def control_app(runtime: Runtime) -> web.Application:
    app = web.Application()
    add_health_routes(app, runtime)
    return app
