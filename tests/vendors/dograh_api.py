"""What the Dograh tests share: keys from fixtures/tenants.yaml and small request helpers."""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

Client = TestClient[web.Request, web.Application]
USAGE = "/dograh/api/v1/organizations/usage/runs"
ACME_KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"
ACME_ARCHIVED_KEY = "dgr_6umfXfKm_r5kJP1VrT-1FJors_6ILi8IHn5kxsC7tVO"
ACME_TOKEN = "stack-access-acme-xZ9W3qLy7zKUVQDT7S8sTQCBNR3YbDgbleph1QHt"
GLOBEX_KEY = "dgr__HbkQfyy_KV5zjR3j1twdTKWTddB-XhkAS1voQG6yyz"
INITECH_INACTIVE_KEY = "dgr_uSDmLhuVtcqcYezdZ_tDDj8hYs5suKcNd8Zra9A9sKP"
ACME = {"X-API-Key": ACME_KEY}


async def get_json(
    client: Client, path: str, *, status: int = 200, headers: dict[str, str] | None = None,
    **query: Any,
) -> Any:  # fmt: skip
    params = {k: str(v) for k, v in query.items()}
    response = await client.get(path, params=params, headers=ACME if headers is None else headers)
    assert response.status == status, await response.text()
    return await response.json()


async def usage(client: Client, **query: Any) -> dict[str, Any]:
    body: dict[str, Any] = await get_json(client, USAGE, **query)
    return body


async def every_run(client: Client, **query: Any) -> list[dict[str, Any]]:
    """Walk all pages as a client would, 100 at a time."""
    return await every_run_of(client, ACME, **query)


async def every_run_of(
    client: Client, headers: dict[str, str], **query: Any
) -> list[dict[str, Any]]:
    """Walk all pages of one organisation's runs, 100 at a time."""
    found: list[dict[str, Any]] = []
    page = 1
    while True:
        body = await get_json(client, USAGE, headers=headers, page=page, limit=100, **query)
        found.extend(body["runs"])
        if page >= body["total_pages"]:
            return found
        page += 1


async def filtered(client: Client, *filters: dict[str, Any]) -> list[dict[str, Any]]:
    import json

    return await every_run(client, filters=json.dumps(list(filters)))
