"""The one app factory: every vendor mounted under `/<vendor>`, plus the control plane.

Per-vendor ports (`--vendor-ports`) serve the same runtime through separate applications whose
vendor routes sit at the root, for clients that take a host but no path prefix. A vendor that
routes by hostname (Dynamiq's `<app>.apps.<region>...`) is also served by Host header. Every
way of running the emulator (the CLI, the threaded server, the pytest plugin, the tests) builds
its applications here.
"""

from __future__ import annotations

from aiohttp import web

from emulator.control import control_app
from emulator.control.plane import ControlPlane
from emulator.exchange import Mounting
from emulator.pipeline import vendor_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.vendor import Vendor

RUNTIME = web.AppKey("runtime", Runtime)


def build_app(
    runtime: Runtime, check: ResponseCheck, plane: ControlPlane | None = None
) -> web.Application:
    """`plane`: pass the one of the vendors' own ports, so that they share journal and faults."""
    plane = plane or ControlPlane.attach(runtime)
    app = web.Application()
    app[RUNTIME] = runtime
    for vendor in runtime.vendors:
        if vendor.host_mask is not None:
            # Registered first: a matching Host wins over the path prefixes below.
            by_host = Mounting(vendor, runtime, plane, check, "", is_host_routed=True)
            app.add_domain(vendor.host_mask, vendor_app(by_host))
    for vendor in runtime.vendors:
        mounting = Mounting(vendor, runtime, plane, check, f"/{vendor.name}")
        app.add_subapp(mounting.prefix, vendor_app(mounting))
    app.add_subapp("/_emulator", control_app(plane, check))
    return app


def own_port_app(
    runtime: Runtime, vendor: Vendor, check: ResponseCheck, plane: ControlPlane
) -> web.Application:
    """The vendor's routes at the root, for a port of its own."""
    return vendor_app(Mounting(vendor, runtime, plane, check, ""))
