"""Events planned from the run: opened, iterations of reasoning and tool calls, a request and
its answer, closed by the outcome; consistent with each other and with the run's instants, and
at an instant exactly those that have happened by then."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover
from emulator.vendors.dynamiq.events import REQUESTED, Event, events_of
from emulator.vendors.dynamiq.model import DynamiqRun, as_of
from emulator.vendors.dynamiq.tenancy import Organization
from emulator.vendors.dynamiq.tools import AFTER_APPROVAL, TOOLS

CLOSING = {"completed": "run.completed", "failed": "run.failed", "canceled": "run.canceled",
           "paused": "run.paused"}  # fmt: skip


@pytest.fixture(scope="module")
def world() -> Runtime:
    return Runtime.start(Settings(runs=3000), discover(("dynamiq",)))


def every_run(runtime: Runtime) -> list[tuple[DynamiqRun, str]]:
    """Each run with its app's kind (generated and fixture runs of every organisation)."""
    state = runtime.state("dynamiq")
    found = []
    for slug in state.store.tenants():
        organization = state.tenants[slug]
        assert isinstance(organization, Organization)
        kinds = {app.id: app.kind for app in organization.apps}
        found += [(run, kinds[run.app_id]) for run in state.store.runs(slug)]
    return found


def test_every_runs_events_agree_with_the_run(world: Runtime) -> None:
    for run, kind in every_run(world):
        events = events_of(run, kind)
        if run.started_at is None:
            assert events == []
            continue
        assert [e.sequence for e in events] == list(range(1, len(events) + 1))
        assert events[0].type == "run.started" and events[0].timestamp == run.started_at
        assert events[0].data == {"id": run.id, "object": "run", "status": "started"}
        assert [e.timestamp for e in events] == sorted(e.timestamp for e in events)
        if run.ended_at is not None:
            assert events[-1].timestamp == run.ended_at and max_of(events) == run.ended_at
        if run.status in CLOSING:
            assert events[-1].type == CLOSING[run.status]
        assert_calls_are_paired_and_timed(events, kind)
        assert_requests_come_before_what_needs_them(events, run)


def max_of(events: list[Event]) -> Any:
    return max(e.timestamp for e in events)


def assert_calls_are_paired_and_timed(events: list[Event], kind: str) -> None:
    started = {e.data["id"]: e for e in events if e.type == "agent.tool_call.started"}
    for done in (e for e in events if e.type == "agent.tool_call.completed"):
        begun = started.pop(done.data["id"])
        assert begun.sequence < done.sequence and done.data["tool"] == begun.data["tool"]
        elapsed = (done.timestamp - begun.timestamp) / timedelta(milliseconds=1)
        assert elapsed == done.data["duration_ms"] >= 0
        assert done.data["tool"]["name"] in TOOLS[kind] and isinstance(done.data["result"], str)
    # Only a failing call is left open, and only as the last call of a failed run.
    assert len(started) <= 1
    if started:
        assert events[-1].type == "run.failed"
        assert next(iter(started.values())).data["tool"]["name"] in events[-1].data["error"][
            "message"
        ]  # fmt: skip


def assert_requests_come_before_what_needs_them(events: list[Event], run: DynamiqRun) -> None:
    asked = [e for e in events if e.type in REQUESTED.values()]
    assert [e.data["id"] for e in asked] == [r.id for r in run.input_requests]
    for request, event in zip(run.input_requests, asked, strict=True):
        assert request.asked_at is None or event.timestamp == request.asked_at
        needing = [e for e in events if e.type.startswith("agent.tool_call")
                   and e.data["tool"]["name"] in AFTER_APPROVAL]  # fmt: skip
        assert all(e.sequence > event.sequence for e in needing)
        if request.answered_at is not None:
            assert all(e.timestamp >= request.answered_at for e in needing)


def test_at_an_instant_the_events_are_those_that_happened(world: Runtime) -> None:
    checked = 0
    for run, kind in every_run(world)[:400]:
        whole = events_of(run, kind)
        for event in whole:
            for now in (event.timestamp, event.timestamp - timedelta(milliseconds=1)):
                so_far = events_of(run, kind, now)
                assert so_far == [e for e in whole if e.timestamp <= now]
                assert so_far == whole[: len(so_far)]
                checked += 1
        if run.started_at is not None:
            assert events_of(run, kind, run.started_at - timedelta(seconds=1)) == []
            assert as_of(run, run.started_at).reported_status != "created"
    assert checked > 1000


def test_events_are_the_same_every_time(world: Runtime) -> None:
    for run, kind in every_run(world)[:50]:
        assert events_of(run, kind) == events_of(run, kind)
