"""The clock over HTTP: frozen at the epoch by default (or the wall clock in live mode), moved,
released, and followed by the vendors' "now"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from yarl import URL

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import DEFAULT_EPOCH, Settings
from tests.control.control_api import Client, call, problem

CLOCK = "/_emulator/clock"
DOWNLOAD = "/dograh/api/v1/public/download/workflow/0c6a3f4e-8d2b-4e1f-a7c9-3b5d2e1f0a9b/recording"


async def put(client: Client, change: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = await call(client, "PUT", CLOCK, change)
    return body


EPOCH = {"now": "2026-11-01T00:00:00+00:00", "is_frozen": True, "offset_seconds": 0.0,
         "mode": "epoch"}  # fmt: skip


async def test_the_clock_stands_at_the_epoch_by_default(client: Client) -> None:
    assert await call(client, "GET", CLOCK) == EPOCH
    assert datetime.fromisoformat(EPOCH["now"]) == DEFAULT_EPOCH  # type: ignore[arg-type]


async def test_live_mode_runs_on_the_wall_clock_and_releases_to_it(
    aiohttp_client: Any, runtime: Runtime
) -> None:
    live = Runtime.start(Settings(clock="wall", runs=5), runtime.vendors)
    client = await aiohttp_client(build_app(live, ResponseCheck(True)))
    body = await call(client, "GET", CLOCK)
    now = datetime.fromisoformat(body["now"])
    assert not body["is_frozen"] and body["mode"] == "wall"
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=5)
    await put(client, {"freeze": "2026-10-15T08:30:00Z"})
    released = await put(client, {"release": True})
    assert not released["is_frozen"] and released["offset_seconds"] == 0.0


async def test_freeze_advance_travel_release(client: Client, runtime: Runtime) -> None:
    frozen = await put(client, {"freeze": "2026-10-15T08:30:00Z"})
    assert frozen == {**EPOCH, "now": "2026-10-15T08:30:00+00:00"}
    moved = await put(client, {"advance_seconds": 90.5})
    assert moved["now"] == "2026-10-15T08:31:30.500000+00:00"
    assert (await call(client, "GET", "/_emulator/health"))["clock"]["now"] == moved["now"]
    back = await put(client, {"advance_seconds": -3600})
    assert back["now"] == "2026-10-15T07:31:30.500000+00:00"
    travelled = await put(client, {"travel": "2030-01-01T00:00:00+00:00"})
    assert not travelled["is_frozen"] and travelled["now"].startswith("2030-01-01T00:00")
    assert runtime.clock.now() >= datetime(2030, 1, 1, tzinfo=UTC)
    assert await put(client, {"release": True}) == EPOCH


async def test_freeze_now_and_naive_instants_are_utc(client: Client) -> None:
    await put(client, {"travel": "2026-11-03T00:00:00Z"})
    now = datetime.fromisoformat((await put(client, {"freeze": "now"}))["now"])
    assert timedelta(0) <= now - datetime(2026, 11, 3, tzinfo=UTC) < timedelta(minutes=5)
    assert (await put(client, {"freeze": "2026-01-02T03:04:05"}))["now"] == (
        "2026-01-02T03:04:05+00:00"
    )


async def test_signed_urls_follow_the_frozen_clock(client: Client) -> None:
    await put(client, {"freeze": "2026-10-31T08:30:00Z"})  # the run was made on the 30th
    response = await client.get(DOWNLOAD, allow_redirects=False)
    location = URL(response.headers["Location"])
    expires = datetime(2026, 10, 31, 9, 30, tzinfo=UTC).timestamp()
    assert int(location.query["expires"]) == int(expires)
    assert (await client.get(location.path_qs)).status == 200
    await put(client, {"advance_seconds": 3601})
    expired = await client.get(location.path_qs)
    assert expired.status == 403 and "<Code>AccessDenied</Code>" in await expired.text()


async def test_a_reset_releases_the_clock(client: Client) -> None:
    await put(client, {"travel": "2026-12-15T08:30:00Z"})
    await call(client, "POST", "/_emulator/reset")
    assert await call(client, "GET", CLOCK) == EPOCH


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({}, "(body)"),
        ({"freeze": "now", "release": True}, "(body)"),
        ({"freeze": "tomorrow"}, "freeze"),
        ({"travel": 5}, "travel"),
        ({"advance_seconds": "10"}, "advance_seconds"),
        ({"advance_seconds": 1e12}, "advance_seconds"),
        ({"release": False}, "release"),
        ({"rewind": True}, "rewind"),
        ([], "(body)"),
    ],
)
async def test_a_bad_change_is_refused_and_changes_nothing(
    client: Client, change: Any, field: str
) -> None:
    body = await problem(await client.put(CLOCK, json=change), 422)
    assert field in [e["field"] for e in body["errors"]]
    assert await call(client, "GET", CLOCK) == EPOCH


async def test_moving_past_the_calendar_is_refused(client: Client) -> None:
    await put(client, {"freeze": "9999-12-31T00:00:00Z"})
    body = await problem(await client.put(CLOCK, json={"advance_seconds": 86_400 * 2}), 422)
    assert [e["field"] for e in body["errors"]] == ["advance_seconds"]
    assert (await call(client, "GET", CLOCK))["now"].startswith("9999-12-31")


async def test_a_body_that_is_not_json_is_a_400(client: Client) -> None:
    body = await problem(await client.put(CLOCK, data=b"freeze!"), 400)
    assert [e["field"] for e in body["errors"]] == ["(body)"]


async def test_a_token_of_a_run_not_made_yet_opens_nothing(client: Client) -> None:
    await put(client, {"freeze": "2026-10-15T08:30:00Z"})  # the run is made on the 30th
    response = await client.get(DOWNLOAD, allow_redirects=False)
    assert (response.status, await response.json()) == (404, {"detail": "Invalid or expired token"})
