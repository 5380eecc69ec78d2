"""A run's events, planned from the run itself (its start, end, outcome and input request,
the draws seeded by its id), never stored; at an instant, those that have happened by then.

`run.started` opens at `started_at`; each iteration of the agent reasons, then calls a tool of
the app (`agent.tool_call.started`, then `.completed` with its `duration_ms`, the difference of
the two instants); a request for a human is made when the run asks (`approval_request.created`
or `agent.human_feedback.requested`), the run pausing (`run.paused`) or not, and the work after
the answer (`run.resumed`) comes after it, a refund included; a finished run closes with
`run.completed`, `run.failed` or `run.canceled` at `ended_at`. Data shapes follow the docs'
examples where they show one (run.started, agent.tool_call.completed, agent.reasoning.delta,
run.completed: the listRunEvents and streamRunEvents pages); the rest is inferred.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from emulator.engine.mix import Draw, key_of
from emulator.store import micros
from emulator.vendors.dynamiq.model import DynamiqRun, InputRequest, request_record, stamp
from emulator.vendors.dynamiq.tools import AFTER_APPROVAL, call_of, failing_tool, planned

# How long a run that a record leaves going (no `ended_at`) was active before it was recorded.
ACTIVE_SPAN = timedelta(seconds=40)
REQUESTED = {
    "approval_request": "approval_request.created",
    "human_feedback_request": "agent.human_feedback.requested",
}
Step = tuple[int, str, dict[str, Any]]  # (instant in ms, type, data)
CLOSING = frozenset({"run.completed", "run.failed", "run.canceled"})


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    sequence: int
    timestamp: datetime  # to the millisecond; served in whole seconds
    data: Mapping[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, "sequence": self.sequence,
                "timestamp": stamp(self.timestamp), "data": dict(self.data)}  # fmt: skip


def events_of(run: DynamiqRun, kind: str, now: datetime | None = None) -> list[Event]:
    """The run's events in sequence order, those by `now` if given; none before it starts."""
    if run.interrupted is not None:
        return _cut_short(run, run.interrupted, kind, now)
    if run.started_at is None:
        return []
    draw = Draw(key_of("dynamiq", "events", run.id), 0)
    steps = _steps(run, kind, draw)
    ids = [draw.uuid4() for _ in steps]  # drawn for every step, so a prefix keeps its ids
    last = None if now is None else micros(now) // 1000
    return [Event(ident, kind_, number, _at(moment), data)
            for number, (ident, (moment, kind_, data)) in enumerate(zip(ids, steps, strict=True), 1)
            if last is None or moment <= last]  # fmt: skip


def _cut_short(run: DynamiqRun, life: DynamiqRun, kind: str, now: datetime | None) -> list[Event]:
    """A canceled run's events: those of the life it cut short up to the cancel, then its own
    `run.canceled` (a life that had not started yet has none before it)."""
    assert run.ended_at is not None
    end = _ms(run.ended_at)
    cut = end if now is None else min(end, micros(now) // 1000)
    before = [e for e in events_of(life, kind, _at(cut)) if e.type not in CLOSING]
    if cut < end:
        return before
    ident = Draw(key_of("dynamiq", "canceled", run.id), 0).uuid4()
    closing = Event(ident, "run.canceled", len(before) + 1, _at(end),
                    _run_data(run, "canceled"))  # fmt: skip
    return [*before, closing]


def _steps(run: DynamiqRun, kind: str, draw: Draw) -> list[Step]:
    assert run.started_at is not None
    start = _ms(run.started_at)
    end = _ms(run.ended_at) if run.ended_at else start + ACTIVE_SPAN // timedelta(milliseconds=1)
    tools = planned(kind, run.status, run.output, run.error)
    failing = failing_tool(run.error) in tools[-1:]
    steps: list[Step] = [(start, "run.started", _run_data(run, "started"))]
    timed = [r for r in run.input_requests if r.asked_at is not None]
    if timed:  # generated: work, ask, wait for the answer, work on
        asked, answered = _ms(timed[0].asked_at), _ms(timed[0].answered_at)
        split = _split(tools, failing)
        steps += _calls(draw, run, tools[:split], start, asked, 1, False)
        steps += _asking(run, timed[0], asked, answered)
        steps += _calls(draw, run, tools[split:], answered, end, split + 1, failing)
    else:  # a record: its pending requests, if any, come last
        steps += _calls(draw, run, tools, start, end, 1, failing)
        steps += [(end, REQUESTED[r.type], request_record(r)) for r in run.input_requests]
    return steps + _closing(run, end)


def _split(tools: list[str], failing: bool) -> int:
    """How many calls come before the request: what needs the answer waits for it (a refund,
    a failing call), else the second half of the work."""
    later = [i for i, tool in enumerate(tools) if tool in AFTER_APPROVAL]
    split = later[0] if later else (len(tools) + 1) // 2
    return min(split, len(tools) - 1) if failing else split


def _calls(draw: Draw, run: DynamiqRun, tools: list[str], low: int, high: int, first: int,
           failing: bool) -> list[Step]:  # fmt: skip
    """One iteration per tool, each in its share of [low, high]: reasoning, then the call;
    the failing call (last) never completes."""
    steps: list[Step] = []
    share = (high - low) // max(1, len(tools))
    for offset, tool in enumerate(tools):
        iteration, begin = first + offset, low + offset * share
        called = begin + share // 10 + draw.below(max(1, share // 5))
        took = draw.below(max(1, begin + share - called))
        arguments, result = call_of(tool, run.input, run.output)
        call = {"id": draw.uuid4(), "object": "agent.tool_call"}
        tool_ref = {"name": tool, "type": "http-api-call"}
        steps.append((begin, "agent.reasoning.delta", {
            "object": "agent.reasoning.delta", "delta": f"Next I call {tool}.",
            "iteration": iteration}))  # fmt: skip
        steps.append(
            (
                called,
                "agent.tool_call.started",
                {**call, "input": arguments, "iteration": iteration, "tool": tool_ref},
            )
        )
        if not (failing and offset == len(tools) - 1):
            steps.append((called + took, "agent.tool_call.completed", {
                **call, "result": result, "input": arguments, "iteration": iteration,
                "tool": tool_ref, "duration_ms": took}))  # fmt: skip
    return steps


def _asking(run: DynamiqRun, request: InputRequest, asked: int, answered: int) -> list[Step]:
    steps: list[Step] = [(asked, REQUESTED[request.type], request_record(request))]
    if request.is_pausing:
        steps.append((asked, "run.paused", _run_data(run, "paused")))
        steps.append((answered, "run.resumed", _run_data(run, "started")))
    return steps


def _closing(run: DynamiqRun, end: int) -> list[Step]:
    data = _run_data(run, run.status)
    if run.status == "completed" and run.output is not None:
        data["output"] = dict(run.output)
    if run.status == "failed":
        data["error"] = dict(run.error or {})
    if run.status in ("completed", "failed", "canceled", "paused"):
        return [(end, f"run.{run.status}", data)]
    return []


def _run_data(run: DynamiqRun, status: str) -> dict[str, Any]:
    return {"id": run.id, "object": "run", "status": status}


def _ms(moment: datetime | None) -> int:
    assert moment is not None
    return micros(moment) // 1000


def _at(milliseconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=milliseconds)
