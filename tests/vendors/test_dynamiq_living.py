"""Dynamiq's runs live on the emulator's clock, over HTTP: a run is no run before it is created,
then queued (`created`), working (`started`), waiting for a human (`awaiting_input`, with the
request it waits on), working again, and finished with the outcome and events it was always
going to have; every status total moves with it. A user's sync job polling an app's runs
newest first while the clock advances sees every run once and every completion once, and its
tallies end equal to the API's totals. The same instant gives the same bytes."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.store import micros
from emulator.vendor import discover
from emulator.vendors.dynamiq.model import REPORTED, TERMINAL, DynamiqRun, as_of, place
from emulator.vendors.dynamiq.tenancy import Organization

Client = TestClient[web.Request, web.Application]
KEY = {"Authorization": "Bearer dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"}
RETURNS = "f0d1ab56-e02f-4a72-a9d6-25c966692158"
RUNS = f"/dynamiq/apps/{RETURNS}/v1/runs"
TICK = timedelta(microseconds=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def world() -> Runtime:
    """A busier organisation than the default: 6,000 runs in its 90 days."""
    return Runtime.start(Settings(runs=6000), discover(("dynamiq",)))


@pytest.fixture
def live(world: Runtime) -> Runtime:
    return world.fork()


@pytest.fixture
async def client(aiohttp_client: AiohttpClient, live: Runtime) -> AsyncIterator[Client]:
    checker = ResponseCheck(is_enabled=True)
    yield await aiohttp_client(build_app(live, checker))
    assert checker.failures == []


@pytest.fixture(scope="module")
def lives(world: Runtime) -> list[tuple[int, DynamiqRun]]:
    """The reference: every run of the app created before the epoch, with the instant (µs) it
    appears at (its place on the timeline)."""
    runs = world.state("dynamiq").store.tenant("helios")
    found = []
    for run in world.state("dynamiq").store.runs("helios"):
        position = runs.generator.position_of(run.id)
        appears = place(run)[0] if position is None else runs.place_of(position)[0]
        found += [(appears, run)] if run.app_id == RETURNS else []
    return found


def reported_totals(lives: list[tuple[int, DynamiqRun]], instant: datetime) -> Counter[str]:
    """The app's runs as of `instant`, counted by the status each reports."""
    now = micros(instant)
    return Counter(as_of(run, instant).reported_status for appears, run in lives if appears <= now)


async def at(client: Client, instant: datetime) -> None:
    response = await client.put("/_emulator/clock", json={"freeze": instant.isoformat()})
    assert response.status == 200, await response.text()


async def get(client: Client, path: str, expect: int = 200, /, **query: str) -> Any:
    response = await client.get(path, params=query, headers=KEY)
    assert response.status == expect, await response.text()
    return await response.json()


def waiting_run(world: Runtime) -> DynamiqRun:
    """A generated run of the Returns app, days before the epoch, that sat queued, then paused
    for an approval."""
    epoch = world.settings.epoch
    runs = world.state("dynamiq").store.runs("helios", "generated")
    found: DynamiqRun = next(r for r in runs if r.app_id == RETURNS and r.input_requests
                             and r.input_requests[0].is_pausing and r.started_at != r.created_at
                             and r.created_at < epoch - timedelta(days=5))  # fmt: skip
    return found


async def served_totals(client: Client) -> Counter[str]:
    found = Counter[str]()
    for status in REPORTED:
        found[status] = (await get(client, RUNS, status=status))["pagination"]["total_count"]
    return +found


async def test_a_run_lives_from_queued_to_finished(
    client: Client, world: Runtime, lives: list[tuple[int, DynamiqRun]]
) -> None:
    run = waiting_run(world)
    (request,) = run.input_requests
    assert run.started_at and run.ended_at and request.asked_at and request.answered_at
    detail = f"{RUNS}/{run.id}"
    # It appears at its start to the microsecond; its stamps are whole seconds (truncated).
    appears = EPOCH + timedelta(microseconds=next(us for us, life in lives if life.id == run.id))
    steps = [
        (appears - TICK, None), (appears, "created"),
        (run.started_at, "started"), (request.asked_at, "awaiting_input"),
        (request.answered_at, "started"), (run.ended_at - TICK, "started"),
        (run.ended_at, run.status),
    ]  # fmt: skip
    for instant, status in steps:
        await at(client, instant)
        assert await served_totals(client) == +reported_totals(lives, instant)
        page = await get(client, RUNS, page_size="100", status=status or "created")
        listed = [item for item in page["data"] if item["id"] == run.id]
        if status is None:
            assert await get(client, detail, 404) == await get(client, f"{detail}/events", 404)
            assert not listed
            continue
        shown = (await get(client, detail))["data"]
        assert shown["status"] == status and listed == [
            {k: v for k, v in shown.items() if k not in ("app_id", "input_requests")}
        ]
        await assert_in_its_state(client, run, shown, instant)


async def assert_in_its_state(
    client: Client, run: DynamiqRun, shown: dict[str, Any], instant: datetime
) -> None:
    events = (await get(client, f"{RUNS}/{run.id}/events", page_size="100"))["data"]
    types = [e["type"] for e in events]
    if shown["status"] == "created":
        assert "started_at" not in shown and events == []
        return
    assert types[0] == "run.started" and all(e["timestamp"] <= shown.get("ended_at", "~")
                                              for e in events)  # fmt: skip
    if shown["status"] == "awaiting_input":
        request = run.input_requests[0]
        assert [r["id"] for r in shown["input_requests"]] == [request.id]
        assert types[-2:] == ["approval_request.created", "run.paused"]
    elif shown["status"] in TERMINAL:
        assert types[-1] == f"run.{shown['status']}" and "ended_at" in shown
        assert ("output" in shown) == (shown["status"] == "completed")
    else:
        assert "ended_at" not in shown and "output" not in shown and "error" not in shown
        assert ("run.resumed" in types) == (instant >= (run.input_requests[0].answered_at or
                                                        instant))  # fmt: skip


async def test_the_switch_finds_a_waiting_run_under_its_stored_status(
    client: Client, live: Runtime, world: Runtime
) -> None:
    run = waiting_run(world)
    await at(client, run.input_requests[0].asked_at or run.created_at)

    async def paused() -> set[str]:
        return {r["id"] for r in (await get(client, RUNS, status="paused"))["data"]}

    assert run.id not in await paused()
    state = live.state("dynamiq")
    for slug, organization in list(state.tenants.items()):
        assert isinstance(organization, Organization)
        switched = replace(organization.behaviour, is_awaiting_in_underlying_status=True)
        state.tenants[slug] = replace(organization, behaviour=switched)
    assert run.id in await paused()
    assert run.id not in {r["id"] for r in (await get(client, RUNS, status="started"))["data"]}


# -- a user's sync job ------------------------------------------------------------------------
class SyncJob:
    """Polls the app's runs newest first (`sort=-started_at`), page by page, down to the runs
    started before its last poll; re-reads the runs it saw unfinished. It keeps what it saw."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}  # id -> the status last seen
        self.completions: list[str] = []
        self.last_poll: str | None = None

    async def poll(self, client: Client, now: datetime) -> None:
        await at(client, now)
        for page in range(1, 10_000):
            body = await get(client, RUNS, sort="-started_at", page=str(page), page_size="50")
            items = body["data"]
            for item in items:
                self._saw(item)
            older = [i for i in items if i.get("started_at") and self.last_poll
                     and i["started_at"] < self.last_poll]  # fmt: skip
            if older or page >= body["pagination"]["page_count"]:
                break
        for run_id, status in list(self.seen.items()):
            if status not in TERMINAL:
                self._saw((await get(client, f"{RUNS}/{run_id}"))["data"])
        self.last_poll = now.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _saw(self, item: dict[str, Any]) -> None:
        before = self.seen.get(item["id"])
        if before in TERMINAL:
            assert item["status"] == before, "a finished run changed"
            return
        self.seen[item["id"]] = item["status"]
        if item["status"] in TERMINAL:
            self.completions.append(item["id"])


async def test_a_sync_job_sees_every_run_and_completion_once(
    client: Client, world: Runtime, lives: list[tuple[int, DynamiqRun]]
) -> None:
    start = waiting_run(world).created_at - timedelta(hours=6)
    job = SyncJob()
    for step in range(int(timedelta(days=2) / timedelta(minutes=20))):
        await job.poll(client, start + step * timedelta(minutes=20))
    assert len(job.completions) == len(set(job.completions))
    totals = await served_totals(client)
    assert totals == reported_totals(lives, start + (step) * timedelta(minutes=20))
    assert len(job.seen) == sum(totals.values())
    assert len(job.completions) == sum(totals[s] for s in TERMINAL)
    assert Counter(job.seen.values()) == totals


async def test_an_instant_gives_the_same_bytes_in_a_fresh_emulator(
    aiohttp_client: AiohttpClient, client: Client, world: Runtime
) -> None:
    """Two emulators of one seed at one instant (the core compares two processes too)."""
    run = waiting_run(world)
    instant = run.input_requests[0].asked_at or run.created_at
    fresh = await aiohttp_client(build_app(Runtime.start(Settings(runs=6000), discover(
        ("dynamiq",))), ResponseCheck(is_enabled=True)))  # fmt: skip
    for served in (client, fresh):
        await at(served, instant)
    for path in (RUNS, f"{RUNS}?status=awaiting_input&sort=status,-ended_at", f"{RUNS}/{run.id}",
                 f"{RUNS}/{run.id}/events"):  # fmt: skip
        first = await (await client.get(path, headers=KEY)).read()
        assert first == await (await fresh.get(path, headers=KEY)).read()
