"""GET /_emulator/state: the runs a scenario added, as fixture files that `--fixtures` loads back.

A vendor's fixture file replaces the built-in one, so the snapshot holds every run that is not
generated: the fixture runs still stored, then the injected ones, in that order. Generated runs
are a function of the seed and are not exported (nor is their deletion: a snapshot loaded back
serves the generated runs again). `?format=yaml` gives YAML; `/state/{vendor}` one file's
document, to save as `<dir>/<vendor>.yaml`.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

import yaml
from aiohttp import web

from emulator.control.plane import ControlPlane
from emulator.control.problem import Problem, issue, query_params
from emulator.control.runs import entry
from emulator.control.vendors import state_of
from emulator.generate import FixtureError, read_yaml, replayed
from emulator.runtime import VendorState
from emulator.settings import BUILTIN_FIXTURES


def fixture_document(plane: ControlPlane, state: VendorState) -> dict[str, Any]:
    found = (state.store.find(ident) for ident in _curated(plane, state))
    runs = [entry(state, *pair) for pair in found if pair is not None]
    # Through JSON: whatever mappings a model returns, the file holds plain YAML.
    return {"runs": json.loads(json.dumps(runs))}


def _curated(plane: ControlPlane, state: VendorState) -> list[Hashable]:
    name, settings = state.vendor.name, plane.runtime.settings
    try:
        fixtures = read_yaml(settings.fixtures, f"{name}.yaml", BUILTIN_FIXTURES)
        replay = replayed(state.vendor, list(state.tenants.values()), fixtures)
    except FixtureError as error:
        raise Problem(409, f"the fixture files changed since the start and fail: {error}") from None
    # In the file's order: `replayed` groups by tenant, the file need not.
    queues = {slug: iter(runs) for slug, runs in replay.items()}
    in_file = [next(queues[entry["tenant"]]) for entry in (fixtures or {}).get("runs", [])]
    fixture_ids = [state.vendor.runs.identity(run) for run in in_file]
    return list(dict.fromkeys([*fixture_ids, *plane.injected_ids(name)]))


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
        document = {s.vendor.name: fixture_document(plane, s) for s in states}
        return rendered(document, params, f"runs-emulator state, seed {seed}")

    async def one(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        params = query_params(request, ("format",))
        heading = f"{state.vendor.name} fixtures exported by runs-emulator (seed {seed})"
        return rendered(fixture_document(plane, state), params, heading)

    app.router.add_get("/state", everything)
    app.router.add_get("/state/{vendor}", one)
