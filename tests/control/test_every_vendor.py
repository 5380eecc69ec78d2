"""What the core promises, held for each vendor over HTTP: the journal names the tenant whose
key a request carried, a tenant-matched fault fires for that tenant only, and a reset gives
the same bytes again (B3OS request ids included)."""

from __future__ import annotations

import pytest

from emulator.runtime import Runtime
from tests.control.control_api import Client, call
from tests.every_vendor import VENDORS, list_request, two_tenants


@pytest.mark.parametrize("vendor", VENDORS)
async def test_the_journal_names_the_tenant_of_the_key(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    for slug in two_tenants(runtime, vendor):
        path, headers = list_request(runtime, vendor, slug)
        assert (await client.get(path, headers=headers)).status == 200
    journal = await call(client, "GET", f"/_emulator/requests?vendor={vendor}")
    assert [entry["tenant"] for entry in journal["requests"]] == list(
        reversed(two_tenants(runtime, vendor))
    )


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_tenant_matched_fault_fires_for_that_tenant_only(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    mine, theirs = two_tenants(runtime, vendor)
    fault = {"match": {"vendor": vendor, "tenant": mine},
             "effect": {"type": "status", "status": 503}}  # fmt: skip
    await call(client, "POST", "/_emulator/faults", fault, expect=201)
    for slug, status in ((mine, 503), (theirs, 200)):
        path, headers = list_request(runtime, vendor, slug)
        assert (await client.get(path, headers=headers)).status == status, slug
    journal = await call(client, "GET", f"/_emulator/requests?vendor={vendor}&tenant={mine}")
    assert [e["faults"] for e in journal["requests"]] == [["fault-1"]]


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_reset_gives_the_same_bytes_again(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    path, headers = list_request(runtime, vendor, two_tenants(runtime, vendor)[0])

    async def session() -> list[tuple[bytes, str | None]]:
        answers = []
        for _ in range(3):
            response = await client.get(path, headers=headers)
            answers.append((await response.read(), response.headers.get("X-Request-Id")))
        return answers

    first = await session()
    await call(client, "POST", "/_emulator/reset")
    assert await session() == first
