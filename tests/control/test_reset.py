"""Reset over HTTP: back to the seeded data, with nothing of the previous test left."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.runtime import Runtime
from tests.control.control_api import RUNS, Client, call, dograh_record, inject, problem
from tests.vendors.dograh_api import ACME, USAGE, get_json, usage

RESET = "/_emulator/reset"


async def test_a_reset_undoes_everything_a_test_did(client: Client, runtime: Runtime) -> None:
    pristine = await usage(client, limit=100)
    await inject(client, dograh_record())
    await call(client, "DELETE", f"{RUNS}/900001", expect=204)
    await call(client, "POST", "/_emulator/faults", {"effect": {"type": "drop"}}, expect=201)
    await call(client, "PUT", "/_emulator/clock", {"freeze": "2020-01-01T00:00:00Z"})
    runtime.state("dograh").memory["threshold"] = 3
    report = await call(client, "POST", RESET)
    assert report["seed"] == runtime.settings.seed and report["status"] == "ok"
    assert await call(client, "GET", "/_emulator/faults") == {"faults": []}
    assert (await call(client, "GET", "/_emulator/requests"))["count"] == 0
    assert (await call(client, "GET", "/_emulator/clock"))["now"] == "2026-11-01T00:00:00+00:00"
    assert (await call(client, "GET", RUNS, origin="injected"))["count"] == 0
    assert runtime.state("dograh").memory == {}
    assert await usage(client, limit=100) == pristine


async def test_a_new_seed_and_size_give_other_data(client: Client) -> None:
    before = await usage(client, limit=5)
    report = await call(client, "POST", RESET, {"seed": 7, "runs": 12})
    assert (report["seed"], report["runs_per_tenant"]) == (7, 12)
    after = await usage(client, limit=5)
    assert after["runs"] != before["runs"]
    fixtures = (await call(client, "GET", "/_emulator/state"))["dograh"]["runs"]
    acme = sum(1 for r in fixtures if r["tenant"] == "acme-health")
    assert after["total_count"] == 12 + acme


async def test_a_reset_to_millions_of_runs_builds_none_until_a_page_asks(
    client: Client, runtime: Runtime
) -> None:
    report = await call(client, "POST", RESET, {"runs": 10**7})
    assert report["runs_per_tenant"] == 10**7
    for vendor in runtime.vendors:
        state = runtime.state(vendor.name)
        assert all(state.store.tenant(slug).timeline.size == 0 for slug in state.tenants)


async def test_a_plain_reset_returns_to_the_start_up_seed(client: Client) -> None:
    first = await usage(client, limit=5)
    await call(client, "POST", RESET, {"seed": 7})
    await call(client, "POST", RESET)
    assert await usage(client, limit=5) == first


async def test_the_same_seed_serves_the_same_bytes_after_a_reset(client: Client) -> None:
    await call(client, "POST", RESET, {"seed": 99, "runs": 30})
    one = await client.get(USAGE, params={"limit": "100"}, headers=ACME)
    await call(client, "POST", RESET, {"seed": 5})
    await call(client, "POST", RESET, {"seed": 99, "runs": 30})
    two = await client.get(USAGE, params={"limit": "100"}, headers=ACME)
    assert await one.read() == await two.read()


async def test_an_unchanged_dataset_is_copied_not_rebuilt(runtime: Runtime) -> None:
    pristine = runtime.pristine
    runtime.reset(runtime.settings)
    assert runtime.pristine is pristine
    assert runtime.state("dograh").store is not pristine.states["dograh"].store  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"seed": "seven"}, "seed"),
        ({"seed": -1}, "seed"),
        ({"runs": 10**7 + 1}, "runs"),
        ({"runs": 1.5}, "runs"),
        ({"seed": True}, "seed"),
        ({"colour": "red"}, "colour"),
        ([1], "(body)"),
    ],
)
async def test_a_bad_reset_is_refused_and_changes_nothing(
    client: Client, body: Any, field: str
) -> None:
    await inject(client, dograh_record())
    response = await client.post(RESET, json=body)
    assert field in [e["field"] for e in (await problem(response, 422))["errors"]]
    assert (await call(client, "GET", RUNS, origin="injected"))["count"] == 1
    await get_json(client, "/dograh/api/v1/workflow/1207/runs/7000001")
