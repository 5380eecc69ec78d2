"""The reply cache (emulator/recall.py) is invisible, for every vendor: a repeated read is
answered from it, and after anything that moves the data or the clock the answer is the one
computed afresh, byte for byte (B3OS's per-request id aside)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator.runtime import Runtime
from tests.control.control_api import Client, call
from tests.every_vendor import VENDORS, list_request, two_tenants

WEEK = 7 * 86_400


async def _read(client: Client, runtime: Runtime, vendor: str, query: str = "") -> Any:
    path, headers = list_request(runtime, vendor, two_tenants(runtime, vendor)[0])
    response = await client.get(path + query, headers=headers)
    assert response.status == 200, await response.text()
    body = json.loads(await response.read())
    if isinstance(body, dict):
        body.pop("requestId", None)  # B3OS numbers every request, recalled or not
    return body


async def _fresh(client: Client, runtime: Runtime, vendor: str) -> Any:
    """The same read with the recall switched off: what the data says now."""
    recall = runtime.state(vendor).recall
    kept, recall.size = recall.size, 0
    try:
        return await _read(client, runtime, vendor)
    finally:
        recall.size = kept


def _first_listed(vendor: str, body: Any) -> str:
    """The id of the first run of a list page, as the control plane names runs."""
    items = {"b3os": lambda: body["data"]["items"], "dograh": lambda: body["runs"],
             "dynamiq": lambda: body["data"], "stackai": lambda: body}[vendor]()  # fmt: skip
    first = items[0]
    return str(first.get("runId") or first.get("run_id") or first["id"])


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_repeated_read_is_recalled(client: Client, runtime: Runtime, vendor: str) -> None:
    first = await _read(client, runtime, vendor)
    assert len(runtime.state(vendor).recall) == 1
    assert await _read(client, runtime, vendor) == first
    assert len(runtime.state(vendor).recall) == 1  # answered by the one entry, not a new one
    await _read(client, runtime, vendor, "?" + _other_page(vendor))
    assert len(runtime.state(vendor).recall) == 2  # another query is another answer


def _other_page(vendor: str) -> str:
    return {"b3os": "offset=5", "dograh": "page=2", "dynamiq": "page=2", "stackai": "page=1"}[
        vendor
    ]


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_recalled_read_follows_the_clock(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    await call(client, "PUT", "/_emulator/clock", {"advance_seconds": -WEEK})
    before = await _read(client, runtime, vendor)
    await call(client, "PUT", "/_emulator/clock", {"advance_seconds": WEEK})
    after = await _read(client, runtime, vendor)
    assert after == await _fresh(client, runtime, vendor)
    assert after != before  # a week of runs arrived: the recall did not answer with the old page


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_recalled_read_follows_the_store(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    before = await _read(client, runtime, vendor)
    run_id = _first_listed(vendor, before)
    await call(client, "DELETE", f"/_emulator/vendors/{vendor}/runs/{run_id}", expect=204)
    after = await _read(client, runtime, vendor)
    assert after == await _fresh(client, runtime, vendor)
    assert after != before
    await call(client, "POST", "/_emulator/reset")
    assert await _read(client, runtime, vendor) == before


async def test_a_token_issued_by_a_detail_shows_in_the_recalled_list(
    client: Client, runtime: Runtime
) -> None:
    """Dograh's single-run GET issues the run's public token, which the list then shows: a
    change of vendor memory, not of the store, that the recall must see (`State.edited`)."""
    listed = await _read(client, runtime, "dograh")
    run = next(r for r in listed["runs"] if r["public_access_token"] is None and _has_artifact(r))
    _, headers = list_request(runtime, "dograh", two_tenants(runtime, "dograh")[0])
    path = f"/dograh/api/v1/workflow/{run['workflow_id']}/runs/{run['id']}"
    detail = await client.get(path, headers=headers)
    assert detail.status == 200, await detail.text()
    relisted = await _read(client, runtime, "dograh")
    assert relisted == await _fresh(client, runtime, "dograh")
    assert next(r for r in relisted["runs"] if r["id"] == run["id"])["public_access_token"]


def _has_artifact(run: dict[str, Any]) -> bool:
    return any(run.get(k) for k in ("recording_url", "transcript_url"))


async def test_a_reply_cache_of_zero_computes_every_read(client: Client, runtime: Runtime) -> None:
    for vendor in VENDORS:
        runtime.state(vendor).recall.size = 0
        await _read(client, runtime, vendor)
        assert len(runtime.state(vendor).recall) == 0
