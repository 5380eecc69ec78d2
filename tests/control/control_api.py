"""What the control-plane tests share: request helpers and a Dograh record to inject."""

from __future__ import annotations

from typing import Any

from aiohttp import ClientResponse, web
from aiohttp.test_utils import TestClient

Client = TestClient[web.Request, web.Application]
CONTROL = "/_emulator"
RUNS = "/_emulator/vendors/dograh/runs"
ACME = "acme-health"
GLOBEX = "globex-lending"


def dograh_record(**fields: Any) -> dict[str, Any]:
    """A valid Dograh record (a 42-second outbound call of Acme's first workflow)."""
    return {
        "id": 7_000_001,
        "workflow_id": 1207,
        "name": "WR-TEL-OUT-12345678",
        "created_at": "2026-10-31T12:00:00Z",
        "usage_info": {"call_duration_seconds": 42.0},
        **fields,
    }


async def call(
    client: Client, method: str, url: str, body: Any = None, /, *, expect: int = 200, **query: Any
) -> Any:
    """A control-plane request whose answer must have status `expect`; its JSON (or None)."""
    params = {k: str(v) for k, v in query.items()}
    response = await client.request(method, url, json=body, params=params)
    text = await response.text()
    assert response.status == expect, text
    return await response.json(content_type=None) if text else None


async def problem(response: ClientResponse, status: int) -> dict[str, Any]:
    """The problem+json of a refused request, checked for its form."""
    assert response.status == status, await response.text()
    assert response.content_type == "application/problem+json"
    body: dict[str, Any] = await response.json(content_type=None)
    assert body["type"] == "about:blank" and body["status"] == status
    assert body["title"] and body["detail"]
    return body


def fields(body: dict[str, Any]) -> list[str]:
    return [e["field"] for e in body["errors"]]


async def inject(client: Client, *records: dict[str, Any], tenant: str = ACME) -> list[Any]:
    body = await call(client, "POST", RUNS, {"tenant": tenant, "runs": list(records)}, expect=201)
    runs: list[Any] = body["runs"]
    return runs
