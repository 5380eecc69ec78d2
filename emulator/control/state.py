"""GET /_emulator/state: the runs a scenario added, as fixture files that `--fixtures` loads back.

A vendor's fixture file replaces the built-in one, so the snapshot holds every run that is not
generated: the fixture runs still stored (in their file's order), then the injected ones (in
the order they were injected); the store knows which is which. Generated runs
are a function of the seed and are not exported (nor is their deletion: a snapshot loaded back
serves the generated runs again). `?format=yaml` gives YAML; `/state/{vendor}` one file's
document, to save as `<dir>/<vendor>.yaml`.
"""

from __future__ import annotations

import json
from typing import Any

import yaml
from aiohttp import web

from emulator.control.plane import ControlPlane
from emulator.control.problem import issue, query_params
from emulator.control.runs.routes import entry
from emulator.control.vendors import state_of
from emulator.runtime import VendorState


def fixture_document(state: VendorState) -> dict[str, Any]:
    pairs = [*state.store.of_origin("fixture"), *state.store.of_origin("injected")]
    runs = [entry(state, slug, run) for slug, run in pairs]
    # Through JSON: whatever mappings a model returns, the file holds plain YAML.
    return {"runs": json.loads(json.dumps(runs))}


def rendered(document: Any, params: dict[str, str], heading: str) -> web.Response:
    form = params.get("format", "json")
    if form == "json":
        return web.json_response(document)
    if form != "yaml":
        raise issue("format", "must be `json` or `yaml`")
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    return web.Response(text=f"# {heading}\n{text}", content_type="application/yaml")


def add_state_routes(app: web.Application, plane: ControlPlane) -> None:
    seed = plane.runtime.settings.seed

    async def everything(request: web.Request) -> web.Response:
        params = query_params(request, ("format",))
        states = plane.runtime.states.values()
        document = {s.vendor.name: fixture_document(s) for s in states}
        return rendered(document, params, f"runs-emulator state, seed {seed}")

    async def one(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        params = query_params(request, ("format",))
        heading = f"{state.vendor.name} fixtures exported by runs-emulator (seed {seed})"
        return rendered(fixture_document(state), params, heading)

    app.router.add_get("/state", everything)
    app.router.add_get("/state/{vendor}", one)
