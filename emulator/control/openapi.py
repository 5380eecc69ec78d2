"""GET /_emulator/openapi: every document the emulator serves, listed, and each as JSON or YAML.

Per vendor, its surface (`<vendor>`: what a client of the vendor sees; the one to generate
clients from) and the emulator's whole document of it (`<vendor>-emulator`: with what only the
emulator serves or reads, such as the run record shapes that fixtures and injection take); and
the control plane's own (`control`). Each names, as its emulator server, the base URL the client
reached. They are open even behind an admin token: code generators take a URL, not a header.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml
from aiohttp import web

from emulator.control.plane import ControlPlane
from emulator.control.problem import FieldIssue, Problem
from emulator.spec import Spec
from emulator.surface import vendor_surface, with_server
from emulator.vendor import Vendor

Kind = Literal["vendor", "emulator", "control"]
FORMATS = {"json": "application/json", "yaml": "application/yaml"}
OPEN_ROUTES = frozenset({"openapi-index", "openapi-document"})


@cache
def control_spec() -> Spec:
    return Spec.of_control_plane()


@dataclass(frozen=True, slots=True)
class Published:
    """One served document: `base_path` is its emulator base URL below the origin (a vendor's
    mount keeps its variables: `/dynamiq/apps/{app_id}`)."""

    name: str
    kind: Kind
    spec: Spec
    base_path: str
    # Where the vendor serves it itself, below the origin; None where that is not known.
    vendor_path: str | None = None

    def document(self, origin: str) -> dict[str, Any]:
        base = origin + self.base_path
        if self.kind == "vendor":
            return vendor_surface(self.spec.document, base)
        return with_server(self.spec.document, base)

    def listing(self, origin: str) -> dict[str, Any]:
        info = self.spec.document["info"]
        here = f"{origin}/_emulator/openapi/{self.name}"
        return {
            "name": self.name,
            "kind": self.kind,
            "title": info["title"],
            "version": info["version"],
            "json": f"{here}.json",
            "yaml": f"{here}.yaml",
            "vendor_url": None if self.vendor_path is None else origin + self.vendor_path,
        }


def published(vendors: tuple[Vendor, ...]) -> dict[str, Published]:
    found = []
    for vendor in vendors:
        prefix, served_at = f"/{vendor.name}", vendor.spec.served_at
        base, at_vendor = prefix + vendor.mount, None if served_at is None else prefix + served_at
        found.append(Published(vendor.name, "vendor", vendor.spec, base, at_vendor))
        found.append(Published(f"{vendor.name}-emulator", "emulator", vendor.spec, base))
    found.append(Published("control", "control", control_spec(), ""))
    return {entry.name: entry for entry in found}


def add_openapi_routes(app: web.Application, plane: ControlPlane) -> None:
    async def index(request: web.Request) -> web.Response:
        origin = _origin(request)
        entries = published(plane.runtime.vendors).values()
        return web.json_response({"documents": [entry.listing(origin) for entry in entries]})

    async def document(request: web.Request) -> web.Response:
        entries = published(plane.runtime.vendors)
        name, _, form = request.match_info["document"].rpartition(".")
        if name not in entries or form not in FORMATS:
            known = ", ".join(f"{n}.json" for n in entries)
            reason = f"no document is called {request.match_info['document']!r}; there are {known}"
            raise Problem(404, reason, (FieldIssue("document", reason),))
        served = entries[name].document(_origin(request))
        return web.Response(text=_rendered(served, form), content_type=FORMATS[form])

    app.router.add_get("/openapi", index, name="openapi-index")
    app.router.add_get("/openapi/{document}", document, name="openapi-document")


def _origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def _rendered(document: dict[str, Any], form: str) -> str:
    if form == "json":
        return json.dumps(document, indent=2, ensure_ascii=False)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml where PyYAML has it
    return yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
