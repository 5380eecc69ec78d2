"""Dograh over HTTP: the usage list, run details and downloads, pinned to FACTS.md section 1."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

Client = TestClient[web.Request, web.Application]
USAGE = "/dograh/api/v1/organizations/usage/runs"
ACME_KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"
GLOBEX_KEY = "dgr__HbkQfyy_KV5zjR3j1twdTKWTddB-XhkAS1voQG6yyz"
AUTH = {"X-API-Key": ACME_KEY}


async def usage(client: Client, **query: Any) -> dict[str, Any]:
    response = await client.get(USAGE, params={k: str(v) for k, v in query.items()}, headers=AUTH)
    assert response.status == 200, await response.text()
    body: dict[str, Any] = await response.json()
    return body


async def test_first_page_is_newest_first_with_page_totals(client: Client) -> None:
    body = await usage(client, limit=10)
    stamps = [(r["created_at"], r["id"]) for r in body["runs"]]
    assert len(stamps) == 10
    assert stamps == sorted(stamps, reverse=True)
    assert body["total_duration_seconds"] == sum(r["call_duration_seconds"] for r in body["runs"])
    assert body["total_dograh_tokens"] == 0.0
    assert body["total_pages"] == (body["total_count"] + 9) // 10


async def test_missing_credentials_win_over_a_bad_page(client: Client) -> None:
    response = await client.get(USAGE, params={"page": "0"})
    assert response.status == 401
    assert await response.json() == {"detail": "Unauthorized"}
    assert "WWW-Authenticate" not in response.headers


async def test_filters_that_are_not_json_are_a_400(client: Client) -> None:
    response = await client.get(USAGE, params={"filters": "[{"}, headers=AUTH)
    assert response.status == 400
    assert json.loads(await response.text()) == {"detail": "Invalid filters format"}
