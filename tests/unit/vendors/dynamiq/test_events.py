"""Events made from the run: opened, tool calls, pending requests, closed by the outcome."""

from __future__ import annotations

import pytest

from emulator.runtime import Runtime
from emulator.vendors.dynamiq.events import events_of
from emulator.vendors.dynamiq.model import DynamiqRun
from emulator.vendors.dynamiq.payload import TOOLS


def stored(runtime: Runtime) -> list[DynamiqRun]:
    store = runtime.state("dynamiq").store
    return [r for slug in store.tenants() for r in store.runs(slug)]


CLOSING = {"completed": "run.completed", "failed": "run.failed", "canceled": "run.canceled",
           "paused": "run.paused"}  # fmt: skip


def test_every_stored_runs_events(runtime: Runtime) -> None:
    for run in stored(runtime):
        events = events_of(run, "catalog")
        if run.started_at is None:
            assert events == []
            continue
        assert [e.sequence for e in events] == list(range(1, len(events) + 1))
        assert events[0].type == "run.started" and events[0].timestamp == run.started_at
        assert [e.timestamp for e in events] == sorted(e.timestamp for e in events)
        if run.ended_at is not None:
            assert events[-1].timestamp == run.ended_at
        if run.status in CLOSING:
            assert events[-1].type == CLOSING[run.status]
        requested = [e.data["input_request"]["id"] for e in events if e.type.endswith(".requested")]
        assert requested == [r.id for r in run.input_requests]


@pytest.mark.parametrize("kind", sorted(TOOLS))
def test_tool_calls_come_in_pairs_of_the_apps_tools(runtime: Runtime, kind: str) -> None:
    for run in stored(runtime)[:50]:
        calls = [e for e in events_of(run, kind) if e.type.startswith("agent.tool_call")]
        assert len(calls) % 2 == 0
        for started, completed in zip(calls[::2], calls[1::2], strict=True):
            assert (started.type, completed.type) == (
                "agent.tool_call.started", "agent.tool_call.completed",
            )  # fmt: skip
            assert started.data["tool_call_id"] == completed.data["tool_call_id"]
            assert started.data["tool"] in TOOLS[kind]


def test_events_are_the_same_every_time(runtime: Runtime) -> None:
    for run in stored(runtime)[:20]:
        assert events_of(run, "research") == events_of(run, "research")
