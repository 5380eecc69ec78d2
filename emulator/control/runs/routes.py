"""/_emulator/vendors/{vendor}/runs: inject, list, count and delete a vendor's runs.

Runs travel in the fixture-file shape, `{"tenant": <slug>, ...vendor record...}`; an injection
may give them as the vendor serves them instead (`"shape": "served"`), and its answer lists
what the emulator had to infer (`inferred`, field and how, beside the stored records). An injected
run is stored beside the generated ones, so every endpoint and aggregate of the vendor serves
it exactly as it serves theirs. A run is named in a path by its identity as text (composite
identities joined by "/"). Deleting every run of a tenant lets a test start from nothing.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any, cast

from aiohttp import web

from emulator.control.plane import ControlPlane
from emulator.control.problem import (
    Problem,
    integer,
    issue,
    query_params,
    read_json,
    require,
    validator,
)
from emulator.control.runs.injection import Batch
from emulator.control.vendors import state_of
from emulator.records import SHAPES
from emulator.runtime import VendorState
from emulator.store import ORIGINS, Origin
from emulator.vendor import Tenant

MAX_BATCH = 10_000
_RECORDS = {"type": "array", "minItems": 1, "maxItems": MAX_BATCH}
INJECTION = validator(
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["tenant"],
        "properties": {
            "tenant": {"type": "string"},
            "shape": {"enum": list(SHAPES)},
            "runs": _RECORDS,
            "run": {},
        },
    }
)


def entry(state: VendorState, tenant: str, run: Any) -> dict[str, Any]:
    return {"tenant": tenant, **state.vendor.runs.to_record(run)}


def ident_text(ident: Hashable) -> str:
    return "/".join(map(str, ident)) if isinstance(ident, tuple) else str(ident)


def tenant_of(state: VendorState, slug: Any, field: str = "tenant") -> Tenant:
    if slug not in state.tenants:
        known = sorted(state.tenants)
        raise issue(field, f"no {state.vendor.name} tenant is called {slug!r}; one of {known}")
    return state.tenants[slug]


def add_run_routes(app: web.Application, plane: ControlPlane) -> None:
    async def inject(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        body = await read_json(request)
        require(INJECTION, body, "invalid injection")
        if ("runs" in body) == ("run" in body):
            raise issue("runs", "give `runs` (a list) or `run` (one record), not both or neither")
        tenant = tenant_of(state, body["tenant"])
        records = body["runs"] if "runs" in body else [body["run"]]
        batch = Batch(plane.runtime, state, tenant, "run" in body, body.get("shape", "record"))
        shown = [entry(state, tenant.slug, run) for run in batch.inject(records)]
        reply = {"vendor": state.vendor.name, "tenant": tenant.slug, "count": len(shown)}
        inferred = [{"field": i.field, "message": i.message} for i in batch.inferred]
        return web.json_response({**reply, "runs": shown, "inferred": inferred}, status=201)

    async def listing(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        params = query_params(request, ("tenant", "origin", "limit", "offset"))
        tenant = tenant_of(state, params["tenant"]).slug if "tenant" in params else None
        origin = params.get("origin", "all")
        if origin != "all" and origin not in ORIGINS:
            raise issue("origin", f"must be `all` or one of {', '.join(ORIGINS)}")
        limit, offset = (
            integer(params, "limit", 100, 0, MAX_BATCH),
            integer(params, "offset", 0, 0, 2**31),
        )
        chosen = None if origin == "all" else cast(Origin, origin)
        count, found = _page(state, tenant, chosen, offset, limit)
        page = [entry(state, slug, run) for slug, run in found]
        return web.json_response({"vendor": state.vendor.name, "count": count, "runs": page})

    async def clearing(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        params = query_params(request, ("tenant",))
        tenant = tenant_of(state, params["tenant"]).slug if "tenant" in params else None
        return web.json_response({"deleted": state.store.clear(tenant)})

    async def one(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        slug, run = _found(state, request.match_info["run_id"])
        return web.json_response(entry(state, slug, run))

    async def deletion(request: web.Request) -> web.Response:
        state = state_of(plane, request.match_info["vendor"])
        _, run = _found(state, request.match_info["run_id"])
        state.store.remove(state.vendor.runs.identity(run))
        return web.Response(status=204)

    app.router.add_post("/vendors/{vendor}/runs", inject)
    app.router.add_get("/vendors/{vendor}/runs", listing)
    app.router.add_delete("/vendors/{vendor}/runs", clearing)
    app.router.add_get("/vendors/{vendor}/runs/{run_id:.+}", one)
    app.router.add_delete("/vendors/{vendor}/runs/{run_id:.+}", deletion)


def _page(
    state: VendorState, tenant: str | None, origin: Origin | None, offset: int, limit: int
) -> tuple[int, list[tuple[str, Any]]]:
    """How many runs there are, and (tenant, run) of the slice asked for: tenant by tenant,
    each newest first; fixture, injected and started runs in the order they came. Only the
    slice is made."""
    if origin not in (None, "generated"):
        chosen = list(state.store.of_origin(origin, tenant))
        return len(chosen), chosen[offset : offset + limit]
    slugs = list(state.tenants) if tenant is None else [tenant]
    lists = [(slug, state.store.runs(slug, origin)) for slug in slugs]
    found: list[tuple[str, Any]] = []
    for slug, runs in lists:
        wanted = limit - len(found)
        if wanted > 0 and offset < len(runs):
            found.extend((slug, run) for run in runs[offset : offset + wanted])
        offset = max(0, offset - len(runs))
    return sum(len(runs) for _, runs in lists), found


def _found(state: VendorState, text: str) -> tuple[str, Any]:
    """The run a path names by its identity as text (a number where the vendor's ids are)."""
    for ident in (text, *((int(text),) if text.isdigit() else ())):
        found = state.store.find(ident)
        if found is not None:
            return found
    raise Problem(404, f"no {state.vendor.name} run has the id {text!r}")
