"""Runs clients start through the inference API (`POST /inference/v0/run/{org_id}/{flow_id}`),
made whole at the instant they start and stored in the overlay (origin "started").

The vendor's call is synchronous: it answers with the flow's outputs once the flow has run.
The emulator's request takes no virtual time, so the run is finished at once: dated the
instant of the request, ended then, with the latency it would have taken (docs/fidelity.md).
Its outcome (COMPLETED or FAILED, its LLM calls and tokens, its answer or error) is drawn from
the seed and the run's own id, so the same calls at the same instants end the same way in any
process. Ids are UUID v4 drawn from the seed and a counter of their own since the last reset.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emulator.engine import words
from emulator.engine.mix import Draw, key_of
from emulator.vendor import State
from emulator.vendors.stackai import catalog
from emulator.vendors.stackai.columns import WORK
from emulator.vendors.stackai.inputs import MEMORY
from emulator.vendors.stackai.model import SUCCESS, StackRun, llms_of
from emulator.vendors.stackai.tenancy import ApiKey, Flow

COUNTER = "started"  # state.memory: runs started since the last reset
# Of the generated outcomes, the ones a synchronous call can end in: COMPLETED 82, FAILED 10.
FAILS = 10 / 92
# The flow's answer node; the emulator's flows have one.
OUTPUT = "out-0"


@dataclass(frozen=True, slots=True)
class Starting:
    """A run about to start: which flow, with which key, on which inputs."""

    flow: Flow
    key: ApiKey
    inputs: Mapping[str, Any]
    # The organisation's saved provider connections, which some calls use.
    connections: tuple[str, ...]


def next_id(state: State) -> str:
    started: int = state.memory.get(COUNTER, 0)
    state.memory[COUNTER] = started + 1
    return Draw(key_of(state.settings.seed, "stackai", "started id", started), 0).uuid4()


def start(state: State, starting: Starting, run_id: str, now: datetime) -> StackRun:
    """The run started at `now`, finished at once."""
    key = key_of(state.settings.seed, "stackai", "started", run_id)
    draw = Draw(key, 0)
    state_name = "FAILED" if draw.chance(FAILS) else "COMPLETED"
    calls = draw.between(0 if state_name == "FAILED" else 1, 2 if state_name == "FAILED" else 3)
    usage = catalog.llm_calls(draw, key, 0, calls, starting.connections)
    user_id = starting.inputs.get(MEMORY)
    is_chat = starting.flow.type != "workflow"
    return StackRun(
        run_id=run_id,
        flow_id=starting.flow.id,
        date=now,
        state=state_name,
        is_flow_successful=SUCCESS[state_name],
        error=draw.choice(catalog.ERRORS) if state_name == "FAILED" else None,
        latency=(round(WORK.of1(draw.unit()) * 1000) + 1500 * calls) / 1000,
        total_tokens=sum(u.tokens or 0 for u in usage),
        user_id=user_id,
        inputs=catalog.encoded({k: v for k, v in starting.inputs.items() if k != MEMORY}),
        outputs=catalog.encoded(answer_of(draw)) if state_name == "COMPLETED" else None,
        llms=llms_of(usage),
        feedback=None,
        conversation_id=_conversation(state, starting, user_id) if is_chat else None,
        llm_usage=usage,
        run_type="api",
        ran_by_type=starting.key.type,
        ran_by_id=starting.key.id,
        ran_by_display_name=starting.key.name,
        parent_run_id=None,
        parent_project_id=None,
        parent_project_name=None,
        ended_at=now,
    )


def answer_of(draw: Draw) -> dict[str, str]:
    return {OUTPUT: words.paragraph(draw, 2)}


def outputs(run: StackRun) -> dict[str, Any]:
    """The output nodes' values, as the run's log keeps them (none when it failed)."""
    if run.outputs is None:
        return {}
    found: dict[str, Any] = json.loads(run.outputs)
    return found


def answer(run: StackRun, *, is_verbose: bool) -> dict[str, Any]:
    """The call's answer: the run response, or only the outputs when not verbose."""
    if not is_verbose:
        return {"outputs": outputs(run)}
    return {
        "outputs": outputs(run),
        "citations": None,
        "run_id": run.run_id,
        "metadata": None,
        "progress_data": None,
        "state": run.state,
        "pause": None,
        "error": run.error,
    }


def _conversation(state: State, starting: Starting, user_id: Any) -> str | None:
    """An assistant keeps one conversation per user of the flow (the docs' LLM memory); a
    call without a user (or with an empty one, as the docs' examples send) has none."""
    if not user_id:
        return None
    return Draw(key_of(state.settings.seed, "stackai", starting.flow.id, str(user_id)), 0).uuid4()
