"""GET /_emulator/vendors: each vendor's base path and tenants with their documented test keys,
what a test needs to point its own client at the emulator."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from emulator.control.plane import ControlPlane
from emulator.control.problem import FieldIssue, Problem
from emulator.runtime import VendorState
from emulator.vendor import base_path


def vendor_report(state: VendorState) -> dict[str, Any]:
    first = next(iter(state.tenants.values()))
    return {
        "name": state.vendor.name,
        "title": state.vendor.title,
        # A working base path (the first tenant's, where the vendor has a mount such as an app).
        "base_path": base_path(state.vendor, first),
        "mount": state.vendor.mount,
        "runs": state.store.count(),
        "tenants": [
            {
                "slug": t.slug,
                "name": t.name,
                "test_key": t.test_key,
                "base_path": base_path(state.vendor, t),
                "runs": state.store.count(t.slug),
            }
            for t in state.tenants.values()
        ],
    }


def state_of(plane: ControlPlane, name: str) -> VendorState:
    """The vendor named in a control path, or a 404 problem naming the field."""
    if name not in plane.runtime.states:
        known = ", ".join(sorted(plane.runtime.states))
        reason = f"no vendor is called {name!r}; there are {known}"
        raise Problem(404, reason, (FieldIssue("vendor", reason),))
    return plane.runtime.state(name)


def add_vendor_routes(app: web.Application, plane: ControlPlane) -> None:
    async def vendors(_: web.Request) -> web.Response:
        states = plane.runtime.states.values()
        return web.json_response({"vendors": [vendor_report(s) for s in states]})

    async def vendor(request: web.Request) -> web.Response:
        return web.json_response(vendor_report(state_of(plane, request.match_info["vendor"])))

    app.router.add_get("/vendors", vendors)
    app.router.add_get("/vendors/{vendor}", vendor)
