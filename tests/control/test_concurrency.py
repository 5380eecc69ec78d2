"""Many clients injecting and listing at once: no run is lost or stored twice."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.control.control_api import ACME, GLOBEX, RUNS, Client, call, dograh_record, inject

CLIENTS = 40
PER_CLIENT = 5


def records(client_index: int) -> list[dict[str, Any]]:
    """Half with ids of their own, half to be minted."""
    found = []
    for n in range(PER_CLIENT):
        record = dograh_record(id=8_000_000 + client_index * 100 + n, name=f"WR-C{client_index}")
        if n % 2:
            del record["id"]
        found.append(record)
    return found


async def test_concurrent_injections_and_listings_agree_exactly(client: Client) -> None:
    before = (await call(client, "GET", RUNS, tenant=ACME, limit=0))["count"]

    async def one_client(index: int) -> list[Any]:
        tenant = ACME if index % 2 else GLOBEX
        batch = [dict(r, workflow_id=1207 if tenant == ACME else 2301) for r in records(index)]
        stored = await inject(client, *batch, tenant=tenant)
        await call(client, "GET", RUNS, tenant=tenant, limit=10)
        return [run["id"] for run in stored]

    results = await asyncio.gather(*(one_client(i) for i in range(CLIENTS)))
    ids = [ident for batch in results for ident in batch]
    assert len(ids) == len(set(ids)) == CLIENTS * PER_CLIENT
    injected = await call(client, "GET", RUNS, origin="injected", limit=10_000)
    assert injected["count"] == CLIENTS * PER_CLIENT
    assert sorted(run["id"] for run in injected["runs"]) == sorted(ids)
    acme = (await call(client, "GET", RUNS, tenant=ACME, limit=0))["count"]
    assert acme == before + CLIENTS // 2 * PER_CLIENT


async def test_concurrent_duplicates_store_exactly_one(client: Client) -> None:
    responses = await asyncio.gather(
        *(client.post(RUNS, json={"tenant": ACME, "run": dograh_record()}) for _ in range(20))
    )
    assert sorted(r.status for r in responses) == [201] + [409] * 19
    assert (await call(client, "GET", RUNS, origin="injected"))["count"] == 1
