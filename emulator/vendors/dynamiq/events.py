"""A run's events, made on demand from the run itself (seeded by its id), never stored.

`run.started` opens, tool calls follow, a pending input request shows as its request event,
and a terminal run ends with `run.completed`, `run.failed` or `run.canceled` at `ended_at`
(the docs' run-api page names `run.started`, `agent.tool_call.completed`,
`run.completed`/`run.failed` and `agent.human_feedback.requested`; the rest of the vocabulary
is inferred). Sequences
count from 1; every timestamp lies inside the run's window.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from emulator.vendors.dynamiq.model import DynamiqRun, InputRequest, request_record, stamp
from emulator.vendors.dynamiq.payload import TOOLS, new_uuid

# How long a run that is not over was active before it paused or was last seen.
ACTIVE_SPAN = timedelta(seconds=40)
REQUESTED = {
    "approval_request": "agent.approval.requested",
    "human_feedback_request": "agent.human_feedback.requested",
}


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    sequence: int
    timestamp: datetime
    data: Mapping[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "sequence": self.sequence,
            "timestamp": stamp(self.timestamp),
            "data": dict(self.data),
        }


def events_of(run: DynamiqRun, kind: str) -> list[Event]:
    """Every event of the run in sequence order; none for a run that has not started."""
    if run.started_at is None:
        return []
    rng = random.Random(f"dynamiq-events:{run.id}")
    steps = [("run.started", {"input": dict(run.input)})]
    steps += _tool_calls(rng, TOOLS[kind], run.output is not None)
    steps += [(REQUESTED[r.type], _request(r))
              for r in run.input_requests]  # fmt: skip
    steps += _closing(run)
    moments = _moments(rng, run.started_at, _last_moment(run), len(steps))
    return [
        Event(new_uuid(rng), kind_, number, moment, data)
        for number, ((kind_, data), moment) in enumerate(zip(steps, moments, strict=True), 1)
    ]


def _tool_calls(
    rng: random.Random, tools: tuple[str, ...], is_complete: bool
) -> list[tuple[str, dict[str, Any]]]:
    steps: list[tuple[str, dict[str, Any]]] = []
    for tool in rng.sample(tools, rng.randint(1, len(tools)) if is_complete else 1):
        call = f"call_{rng.getrandbits(96):024x}"
        steps.append(("agent.tool_call.started", {"tool": tool, "tool_call_id": call}))
        result = {"tool": tool, "tool_call_id": call, "duration_ms": rng.randint(40, 4000)}
        steps.append(("agent.tool_call.completed", result))
    return steps


def _request(request: InputRequest) -> dict[str, Any]:
    return {"input_request": request_record(request)}


def _closing(run: DynamiqRun) -> list[tuple[str, dict[str, Any]]]:
    if run.status == "completed":
        return [("run.completed", {"output": dict(run.output or {})})]
    if run.status == "failed":
        return [("run.failed", {"error": dict(run.error or {})})]
    if run.status == "canceled":
        return [("run.canceled", {})]
    if run.status == "paused":
        return [("run.paused", {})]
    return []


def _last_moment(run: DynamiqRun) -> datetime:
    assert run.started_at is not None
    return run.ended_at or run.started_at + ACTIVE_SPAN


def _moments(rng: random.Random, first: datetime, last: datetime, count: int) -> list[datetime]:
    """Whole seconds from `first` to `last`, rising; the first and last events sit on the ends."""
    span = int((last - first).total_seconds())
    inner = sorted(rng.randint(0, span) for _ in range(max(0, count - 2)))
    offsets = [0, *inner, span][:count] if count > 1 else [0]
    return [first + timedelta(seconds=offset) for offset in offsets]
