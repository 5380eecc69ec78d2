"""Malformed admin requests: a 4xx problem naming the field, and nothing half-applied."""

from __future__ import annotations

import io
from typing import Any

import pytest

from tests.control.control_api import ACME, RUNS, Client, call, dograh_record, problem

GOOD = dograh_record()


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("/_emulator/vendors/acme/runs", {"tenant": ACME, "run": GOOD}, 404, "vendor"),
        (RUNS, {"tenant": "nobody", "run": GOOD}, 422, "tenant"),
        (RUNS, {"run": GOOD}, 422, "tenant"),
        (RUNS, {"tenant": 7, "run": GOOD}, 422, "tenant"),
        (RUNS, {"tenant": ACME}, 422, "runs"),
        (RUNS, {"tenant": ACME, "run": GOOD, "runs": [GOOD]}, 422, "runs"),
        (RUNS, {"tenant": ACME, "runs": []}, 422, "runs"),
        (RUNS, {"tenant": ACME, "runs": GOOD}, 422, "runs"),
        (RUNS, {"tenant": ACME, "runs": [GOOD, "a run"]}, 422, "runs[1]"),
        (RUNS, {"tenant": ACME, "run": None}, 422, "run"),
        (RUNS, {"tenant": ACME, "run": dograh_record(id=0)}, 422, "run.id"),
        (RUNS, {"tenant": ACME, "run": dograh_record(created_at="soon")}, 422, "run.created_at"),
        (RUNS, {"tenant": ACME, "run": GOOD, "dry_run": True}, 422, "dry_run"),
        (RUNS, [GOOD], 422, "(body)"),
        (RUNS, "runs", 422, "(body)"),
    ],
)
async def test_a_bad_injection_is_named_and_stores_nothing(
    client: Client, path: str, body: Any, status: int, field: str
) -> None:
    before = (await call(client, "GET", RUNS, limit=0))["count"]
    refused = await problem(await client.post(path, json=body), status)
    assert field in [e["field"] for e in refused["errors"]], refused
    assert (await call(client, "GET", RUNS, limit=0))["count"] == before


@pytest.mark.parametrize("raw", [b"{", b"[1,", b"\xff\xfe", b"[" * 100_000, b"NaNa"])
async def test_a_body_that_is_not_json_is_a_400(client: Client, raw: bytes) -> None:
    response = await client.post(RUNS, data=raw, headers={"Content-Type": "application/json"})
    assert [e["field"] for e in (await problem(response, 400))["errors"]] == ["(body)"]


async def test_a_missing_body_is_a_400(client: Client) -> None:
    await problem(await client.post(RUNS), 400)


async def test_an_oversized_body_is_a_413(client: Client) -> None:
    huge = io.BytesIO(b'{"tenant": "' + b"x" * (2 * 1024 * 1024) + b'"}')
    await problem(await client.post(RUNS, data=huge), 413)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"tenant": "nobody"}, "tenant"),
        ({"origin": "mine"}, "origin"),
        ({"limit": "-1"}, "limit"),
        ({"offset": "x"}, "offset"),
        ({"tennant": ACME}, "tennant"),
    ],
)
async def test_a_bad_listing_is_named(client: Client, query: dict[str, str], field: str) -> None:
    refused = await problem(await client.get(RUNS, params=query), 422)
    assert [e["field"] for e in refused["errors"]] == [field]


async def test_deleting_with_a_bad_tenant_deletes_nothing(client: Client) -> None:
    before = (await call(client, "GET", RUNS, limit=0))["count"]
    await problem(await client.delete(RUNS, params={"tenant": "nobody"}), 422)
    assert (await call(client, "GET", RUNS, limit=0))["count"] == before
