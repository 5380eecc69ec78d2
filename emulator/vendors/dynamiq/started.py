"""Runs a client starts with `POST /v1/runs`, made whole at the instant they are created and
stored in the tenant's overlay (origin "started"): until they end they are served queued or in
progress (model.as_of), then finished with the outcome they were always going to have.

What a run turns out to be (its queue, working time, whether it asks a human, its outcome,
output or error) is drawn from the emulator's seed and the run's own id, so the same runs
created at the same instants end the same way in any process. Ids are UUIDs drawn from the
seed and a count of the runs created since the last reset.

A background run waits in the queue as generated background runs do, works, may ask a human
(as often as the app's generated runs ask), and ends. A synchronous run takes no virtual time:
the emulator answers at once, so it is created, started and ended at the request's instant
(the clock does not move by itself, and a run's times never lie before its request or after
its answer); it never asks a human, as a blocking call cannot wait for one (inferred).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from emulator.engine.mix import Draw, key_of
from emulator.vendor import State
from emulator.vendors.dynamiq import payload
from emulator.vendors.dynamiq.model import DynamiqRun, InputRequest
from emulator.vendors.dynamiq.tenancy import App
from emulator.vendors.dynamiq.timing import ASKING, Timing, one

COUNTER = "started"  # state.memory: runs created since the last reset
# A client's run is canceled only when the client cancels it (inferred), so not drawn.
OUTCOMES = ("completed",) * 23 + ("failed",) * 2
_INSTANT = Timing(0, 0, -1, 0, False)


@dataclass(frozen=True, slots=True)
class Starting:
    """A run about to be created: the app it runs on and what the request said."""

    app: App
    input: Mapping[str, Any]
    user_id: str | None
    session_id: str | None
    is_background: bool


def next_id(state: State) -> str:
    created: int = state.memory.get(COUNTER, 0)
    state.memory[COUNTER] = created + 1
    digest = hashlib.sha256(f"dynamiq:started:{state.settings.seed}:{created}".encode())
    return str(uuid.UUID(bytes=digest.digest()[:16], version=4))


def start(state: State, starting: Starting, run_id: str, now: datetime) -> DynamiqRun:
    """The whole run created at `now`."""
    draw = Draw(key_of(state.settings.seed, "dynamiq", "started", run_id), 0)
    kind = starting.app.kind
    timing = one(draw, ASKING[kind]) if starting.is_background else _INSTANT
    status = OUTCOMES[draw.below(len(OUTCOMES))]
    _, output = payload.payload(kind, draw, timing.asked >= 0)
    started = now + timedelta(seconds=timing.queue)
    requests = _requests(draw, starting, output, timing, started)
    return DynamiqRun(
        id=run_id,
        app_id=starting.app.id,
        status=status,
        created_at=now,
        started_at=started,
        ended_at=started + timedelta(seconds=timing.length),
        input=dict(starting.input),
        output=output if status == "completed" else None,
        error=payload.error(draw, kind) if status == "failed" else None,
        user_id=starting.user_id,
        session_id=starting.session_id,
        input_requests=requests,
    )


def _requests(
    draw: Draw, starting: Starting, output: Mapping[str, Any], timing: Timing, started: datetime
) -> tuple[InputRequest, ...]:
    if timing.asked < 0:
        return ()
    asked = started + timedelta(seconds=timing.asked)
    request = payload.input_request(draw, starting.input, output)
    answered = asked + timedelta(seconds=timing.wait)
    return (replace(request, asked_at=asked, answered_at=answered, is_pausing=timing.pauses),)
