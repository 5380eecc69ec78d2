"""EmulatorClient and AsyncEmulatorClient against a threaded emulator, as a user's suite runs."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from emulator.client import (
    AsyncEmulatorClient,
    ControlRefused,
    EmulatorClient,
    drop,
    empty,
    error,
    latency,
    rate_limit,
    truncate,
)
from emulator.generate import FixtureError
from emulator.respond import ResponseCheck
from emulator.server import ThreadedEmulator
from emulator.settings import Settings
from tests.control.control_api import ACME, GLOBEX, dograh_record

USAGE = "/dograh/api/v1/organizations/usage/runs"


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedEmulator]:
    # Every answer checked against the specs (the control plane's too), as in-process tests do.
    check = ResponseCheck(is_enabled=True)
    with ThreadedEmulator(Settings(port=0, runs=20, vendors=("dograh",)), check=check) as running:
        yield running
    assert check.failures == [], check.failures


@pytest.fixture
def control(server: ThreadedEmulator) -> EmulatorClient:
    client = EmulatorClient(server.base_url)
    client.reset()
    return client


def fetch(control: EmulatorClient, path: str) -> int:
    key = control.vendors()["dograh"].tenants[0].test_key
    request = urllib.request.Request(control.base_url + path, headers={"X-API-Key": key})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as failure:
        with failure:
            return failure.code


def test_runs_are_injected_listed_and_deleted(control: EmulatorClient) -> None:
    stored = control.inject_runs("dograh", ACME, [dograh_record(), dograh_record(id=7_000_002)])
    assert [r["id"] for r in stored] == [7_000_001, 7_000_002]
    assert (
        control.inject_run("dograh", GLOBEX, dograh_record(id=7_000_003, workflow_id=2301))[
            "tenant"
        ]
        == GLOBEX
    )
    page = control.runs("dograh", injected=True)
    assert page.count == 3 and [r["id"] for r in page.runs] == [7_000_001, 7_000_002, 7_000_003]
    assert control.count_runs("dograh", tenant=GLOBEX, injected=True) == 1
    assert control.run("dograh", 7_000_002)["name"] == "WR-TEL-OUT-12345678"
    control.delete_run("dograh", 7_000_002)
    acme = control.count_runs("dograh", tenant=ACME)
    assert control.delete_runs("dograh", tenant=ACME) == acme
    assert control.count_runs("dograh", tenant=ACME) == 0


def test_a_run_copied_from_a_response_is_injected_as_served(control: EmulatorClient) -> None:
    key = control.vendors()["dograh"].tenants[0].test_key
    request = urllib.request.Request(
        f"{control.base_url}{USAGE}?limit=1", headers={"X-API-Key": key}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        [item] = json.load(response)["runs"]
    control.delete_run("dograh", item["id"])
    stored = control.inject_run("dograh", ACME, item, shape="served")
    assert stored["usage_info"] == {"call_duration_seconds": float(item["call_duration_seconds"])}
    with pytest.raises(ControlRefused) as refusal:
        control.inject_runs("dograh", ACME, [{**item, "id": 1, "name": 7}], shape="served")
    assert [e["field"] for e in refusal.value.errors] == ["runs[0].name"]


def test_a_refusal_carries_the_problem(control: EmulatorClient) -> None:
    with pytest.raises(ControlRefused) as refused:
        control.inject_runs("dograh", ACME, [{"id": 1}])
    assert refused.value.status == 422
    assert "runs[0].workflow_id" in [e["field"] for e in refused.value.errors]
    with pytest.raises(ControlRefused, match="404"):
        control.delete_fault("nope")


def test_faults_and_the_journal(control: EmulatorClient) -> None:
    fault = control.add_fault(error(503), vendor="dograh", path="/api/*", times=1, fault_id="x")
    assert (fault.id, fault.times, fault.remaining) == ("x", 1, 1)
    assert [fetch(control, USAGE), fetch(control, USAGE)] == [503, 200]
    assert [f.fired for f in control.faults()] == [1]
    assert control.count_requests(vendor="dograh", status="5xx") == 1
    assert control.count_requests(query={"limit": "*"}) == 0
    [newest, oldest] = control.requests(vendor="dograh")
    assert (newest.status, oldest.status, oldest.faults) == (200, 503, ["x"])
    sent = {name.lower(): value for name, value in newest.headers.items()}
    assert sent["x-api-key"].startswith("dgr_…")
    control.clear_requests()
    assert control.requests() == []
    control.delete_fault("x")
    control.add_fault(rate_limit(2), probability=0.0)
    control.clear_faults()
    assert control.faults() == []


def test_every_effect_helper_is_accepted(control: EmulatorClient) -> None:
    effects = [latency(5), latency(min_ms=1, max_ms=2), drop(), empty(204), truncate(3), error(418)]
    added = [control.add_fault(effect, operation="none") for effect in effects]
    assert [f.effect["type"] for f in added] == [
        "latency", "latency", "drop", "empty", "truncate", "status",
    ]  # fmt: skip


def test_the_clock(control: EmulatorClient) -> None:
    frozen = control.freeze(datetime(2026, 10, 1, tzinfo=UTC))
    assert frozen.is_frozen and frozen.now == datetime(2026, 10, 1, tzinfo=UTC)
    assert control.advance(timedelta(hours=1)).now == datetime(2026, 10, 1, 1, tzinfo=UTC)
    assert control.advance(60).now == datetime(2026, 10, 1, 1, 1, tzinfo=UTC)
    assert not control.travel("2027-01-01T00:00:00Z").is_frozen
    assert control.clock().now.year == 2027
    released = control.release()
    assert released.is_frozen and released.mode == "epoch" and released.now.month == 11
    assert control.freeze().is_frozen


def test_state_is_saved_as_fixture_files(control: EmulatorClient, tmp_path: Path) -> None:
    control.inject_run("dograh", ACME, dograh_record())
    [written] = control.save_state(tmp_path / "fixtures")
    assert written.name == "dograh.yaml" and "7000001" in written.read_text(encoding="utf-8")
    assert control.state()["dograh"]["runs"][-1]["id"] == 7_000_001


def test_reset_with_a_seed(control: EmulatorClient) -> None:
    assert control.reset(seed=3, runs=4)["runs_per_tenant"] == 4
    assert control.health()["seed"] == 3


def test_many_threads_inject_and_list_without_losing_a_run(control: EmulatorClient) -> None:
    def worker(index: int) -> list[int]:
        client = EmulatorClient(control.base_url)
        records = [dograh_record(id=8_000_000 + index * 10 + n) for n in range(5)]
        stored = client.inject_runs("dograh", ACME, records)
        client.runs("dograh", tenant=ACME, limit=5)
        return [int(r["id"]) for r in stored]

    with ThreadPoolExecutor(max_workers=16) as pool:
        ids = [i for batch in pool.map(worker, range(32)) for i in batch]
    assert len(set(ids)) == len(ids) == 160
    assert control.count_runs("dograh", injected=True) == 160


async def test_the_async_client_has_the_same_calls(server: ThreadedEmulator) -> None:
    async with AsyncEmulatorClient(server.base_url) as control:
        await control.reset()
        await control.inject_runs("dograh", ACME, [dograh_record()])
        assert (await control.runs("dograh", injected=True)).count == 1
        assert (await control.inject_run("dograh", ACME, dograh_record(id=2)))["id"] == 2
        assert await control.count_runs("dograh", injected=True) == 2
        assert (await control.run("dograh", 2))["id"] == 2
        await control.delete_run("dograh", 2)
        fault = await control.add_fault(error(500), tenant=ACME)
        assert [f.id for f in await control.faults()] == [fault.id]
        await control.delete_fault(fault.id)
        await control.clear_faults()
        assert await control.count_requests() == 0
        assert await control.requests() == []
        await control.clear_requests()
        assert (await control.freeze("2026-01-01T00:00:00Z")).is_frozen
        assert (await control.advance(1)).now.second == 1
        assert not (await control.travel("2026-02-01T00:00:00Z")).is_frozen
        assert (await control.release()).now == (await control.clock()).now
        assert (await control.clock()).mode == "epoch"
        assert "dograh" in await control.vendors()
        assert (await control.health())["status"] == "ok"
        assert list(await control.state()) == ["dograh"]
        assert await control.delete_runs("dograh", tenant=GLOBEX) > 0
        with pytest.raises(ControlRefused):
            await control.reset(runs=-1)


async def test_the_async_client_saves_state(server: ThreadedEmulator, tmp_path: Path) -> None:
    control = AsyncEmulatorClient(server.base_url)
    try:
        assert [p.name for p in await control.save_state(tmp_path)] == ["dograh.yaml"]
    finally:
        await control.close()


def test_a_token_is_sent_as_bearer() -> None:
    settings = Settings(port=0, runs=2, vendors=("dograh",), admin_token="t0k")
    with ThreadedEmulator(settings) as guarded:
        with pytest.raises(ControlRefused, match="401"):
            EmulatorClient(guarded.base_url).faults()
        assert EmulatorClient(guarded.base_url, token="t0k").faults() == []


def test_a_bad_fixture_fails_the_start(tmp_path: Path) -> None:
    (tmp_path / "dograh.yaml").write_text("runs: [{tenant: nobody}]", encoding="utf-8")
    with pytest.raises(FixtureError), ThreadedEmulator(Settings(port=0, fixtures=tmp_path)):
        pass


def test_stopping_twice_is_harmless() -> None:
    server = ThreadedEmulator(replace(Settings(), port=0, runs=1, vendors=("dograh",)))
    server.start()
    server.stop()
    server.stop()
