"""/_emulator/requests: the journal of vendor requests, for a test to verify what its client sent.

`GET` lists entries newest first, filtered by any matcher field given as a query parameter
(`vendor`, `method`, `path` glob, `operation`, `tenant`, `status` as `503` or `5xx`);
`POST /requests/count` takes a full matcher (also `query` and `headers`) and says how many
entries match; `DELETE` empties the journal.
"""

from __future__ import annotations

from itertools import islice

from aiohttp import web

from emulator.control.matcher import PROPERTIES, parse_matcher
from emulator.control.plane import ControlPlane
from emulator.control.problem import integer, query_params, read_json

FILTERS = (*(name for name in PROPERTIES if name not in ("query", "headers")), "status")


def add_request_routes(app: web.Application, plane: ControlPlane) -> None:
    async def listing(request: web.Request) -> web.Response:
        params = query_params(request, (*FILTERS, "limit"))
        limit = integer(params, "limit", 100, 0, max(plane.journal.size, 1))
        filters = {k: v for k, v in params.items() if k != "limit"}
        matcher = parse_matcher(filters, plane.runtime, journal=True)
        found = list(plane.journal.newest_first(matcher))
        shown = [entry.to_json() for entry in islice(found, limit)]
        return web.json_response({"count": len(found), "requests": shown})

    async def count(request: web.Request) -> web.Response:
        matcher = parse_matcher(await read_json(request, default={}), plane.runtime, journal=True)
        return web.json_response({"count": plane.journal.count(matcher)})

    async def clear(_: web.Request) -> web.Response:
        plane.journal.clear()
        return web.Response(status=204)

    app.router.add_get("/requests", listing)
    app.router.add_delete("/requests", clear)
    app.router.add_post("/requests/count", count)
