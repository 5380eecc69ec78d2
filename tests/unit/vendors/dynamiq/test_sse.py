"""Event frames as the docs show them: the type on `event:`, the event's JSON on `data:`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from emulator.vendors.dynamiq.events import Event
from emulator.vendors.dynamiq.sse import frames

AT = datetime(2026, 6, 10, 9, 15, 24, 500_000, tzinfo=UTC)


def test_each_event_is_one_frame() -> None:
    events = [
        Event("d1a2", "agent.reasoning.delta", 3, AT, {"delta": "<a & b>", "iteration": 1}),
        Event("f5c6", "run.completed", 4, AT, {"status": "completed"}),
    ]
    text = frames(events).decode()
    first, second, end = text.split("\n\n")
    assert end == ""
    assert first.split("\n")[0] == "event: agent.reasoning.delta"
    data = first.split("\n")[1]
    assert data.startswith("data: {") and "\\u003ca \\u0026 b\\u003e" in data  # as Go writes it
    assert json.loads(data.removeprefix("data: ")) == events[0].as_json()
    assert second.startswith("event: run.completed\ndata: ")


def test_no_events_is_an_empty_stream() -> None:
    assert frames([]) == b""
