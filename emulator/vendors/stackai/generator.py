"""Seeded StackAI runs that add up: who started a run matches how (API runs carry the key's id
and name, builder runs the member's), failed runs have an error, open runs no latency or
outputs, tokens follow the LLM calls, and sub-workflow runs sit inside a real parent run.

Everything comes from one `random.Random` and one seeded Faker: a pure function of Generation.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from faker import Faker

from emulator.vendor import Generation
from emulator.vendors.stackai import catalog
from emulator.vendors.stackai.model import SUCCESS, LlmUsage, StackRun, llms_of
from emulator.vendors.stackai.tenancy import Flow, Organization

HISTORY = timedelta(days=60)
IN_FLIGHT = timedelta(minutes=30)


@dataclass(frozen=True, slots=True)
class Weights:
    """Names with their weights, cumulated once: a pick is one `random.choices` call."""

    names: tuple[str, ...]
    cumulated: tuple[int, ...]

    @classmethod
    def of(cls, *pairs: tuple[str, int]) -> Weights:
        return cls(tuple(p[0] for p in pairs), tuple(accumulate(p[1] for p in pairs)))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cumulated)[0]


RUN_TYPES = {
    "workflow": Weights.of(("api", 45), ("workflow_builder", 15), ("form", 15), ("batch", 8),
                           ("trigger", 9), ("scheduled", 8)),
    "chat_assistant": Weights.of(("chat_assistant", 60), ("api", 25), ("workflow_builder", 15)),
    "agent_assistant": Weights.of(("agent_assistant", 60), ("api", 25), ("workflow_builder", 15)),
}  # fmt: skip
SUB_FLOW_RUN_TYPES = Weights.of(("workflow_builder", 1), ("api", 1))
SETTLED = Weights.of(("COMPLETED", 82), ("FAILED", 10), ("CANCELLED", 3), ("PAUSED", 5))
RECENT = Weights.of(("PENDING", 25), ("RESUMED", 10), ("COMPLETED", 55), ("FAILED", 10))
# How many LLM calls a run in each state got through, at most.
CALLS = {"COMPLETED": 3, "FAILED": 2, "CANCELLED": 1, "PAUSED": 1, "RESUMED": 1, "PENDING": 0}
INTERFACES = frozenset({"form", "chat_assistant", "agent_assistant"})
SUB_FLOW_SHARE = 0.4
# Faker draws are the slow part of generation: each organisation draws these texts once and its
# runs pick from them (as Dograh's generator does), so generation stays linear and cheap.
POOL = 300


@dataclass(frozen=True, slots=True)
class _Who:
    run_type: str
    ran_by_type: str | None
    ran_by_id: str | None
    ran_by_display_name: str | None
    user_id: str | None


@dataclass(slots=True)
class _Draw:
    rng: random.Random
    organization: Organization
    epoch: datetime
    connections: tuple[str, ...]
    end_users: tuple[str, ...]
    conversations: tuple[str, ...]
    # Encoded node values (`{"in-0": ...}`), drawn once per organisation.
    questions: tuple[str, ...]
    passages: tuple[str, ...]
    answers: tuple[str, ...]


def generate(organization: Any, generation: Generation) -> list[StackRun]:
    """`generation.count` runs, sub-workflow runs included, spread over the last 60 days."""
    if not isinstance(organization, Organization):
        raise TypeError("not a StackAI organization")
    draw = _draw(organization, generation)
    # Sub-flows mostly run as steps of their callers, so they are picked less often directly.
    weights = Weights.of(
        *((f.id, 1 if organization.is_sub_flow(f) else 4) for f in organization.flows)
    )
    runs: list[StackRun] = []
    while len(runs) < generation.count:
        flow = _flow(organization, weights.pick(draw.rng))
        ago = _span(draw.rng.uniform(1.0, HISTORY.total_seconds()))
        runs.append(_run(draw, flow, generation.epoch - ago))
        for callee in flow.calls:
            if len(runs) < generation.count and draw.rng.random() < SUB_FLOW_SHARE:
                _add_sub_run(draw, runs, _flow(organization, callee))
    return runs


def _draw(organization: Organization, generation: Generation) -> _Draw:
    rng = random.Random(generation.seed)
    fake = Faker("en_US")
    fake.seed_instance(int.from_bytes(generation.seed[:8], "big"))
    connections = tuple(_uuid(rng) for _ in range(2))
    end_users = tuple(
        f"cust_{rng.randint(10000, 99999)}" if n % 2 else f"{fake.user_name()}@example.com"
        for n in range(8)
    )
    conversations = tuple(_uuid(rng) for _ in range(15))
    texts = (
        tuple(catalog.encoded({"in-0": catalog.question(fake)}) for _ in range(POOL)),
        tuple(catalog.encoded({"in-0": catalog.passage(fake, 3)}) for _ in range(POOL)),
        tuple(catalog.encoded({"out-0": catalog.passage(fake, 2)}) for _ in range(POOL)),
    )
    return _Draw(rng, organization, generation.epoch, connections, end_users, conversations, *texts)


def _run(draw: _Draw, flow: Flow, date: datetime) -> StackRun:
    rng = draw.rng
    weights = SUB_FLOW_RUN_TYPES if draw.organization.is_sub_flow(flow) else RUN_TYPES[flow.type]
    who = _who(draw, flow, weights.pick(rng))
    state = (RECENT if draw.epoch - date < IN_FLIGHT else SETTLED).pick(rng)
    usage = catalog.llm_calls(rng, draw.connections, CALLS[state])
    latency = None
    if state in SUCCESS:
        spent = rng.lognormvariate(1.4, 0.8) + 1.5 * len(usage)
        latency = round(min(spent, (draw.epoch - date).total_seconds()), 3)
    return _assemble(draw, flow, date, who, state, usage, latency)


def _who(draw: _Draw, flow: Flow, run_type: str) -> _Who:
    rng = draw.rng
    if run_type == "api":
        key = rng.choice(draw.organization.api_keys)
        end_user = rng.choice(draw.end_users) if rng.random() < 0.7 else None
        return _Who(run_type, key.type, key.id, key.name, end_user)
    if run_type in ("trigger", "scheduled"):
        return _Who(run_type, "system", None, None, None)
    if run_type in INTERFACES and flow.public_ui is not None and rng.random() < 0.4:
        return _Who(run_type, None, None, None, None)  # a visitor of the published interface
    member = rng.choice(draw.organization.users)
    return _Who(run_type, "user", member.id, member.email, member.email)


def _add_sub_run(draw: _Draw, runs: list[StackRun], flow: Flow) -> None:
    """The run `flow` makes as a step of the last run; a failing step fails its parent."""
    rng, parent = draw.rng, runs[-1]
    if parent.state not in SUCCESS and parent.state != "PAUSED":
        return
    budget = parent.latency or rng.uniform(1.0, 5.0)
    date = parent.date + _span(budget * rng.uniform(0.1, 0.5))
    if date >= draw.epoch:
        return
    states = {"COMPLETED": ("COMPLETED",), "PAUSED": ("COMPLETED",),
              "CANCELLED": ("CANCELLED",), "FAILED": ("FAILED", "COMPLETED")}  # fmt: skip
    state = rng.choice(states[str(parent.state)])
    usage = catalog.llm_calls(rng, draw.connections, CALLS[state])
    who = _Who("sub_workflow", parent.ran_by_type, parent.ran_by_id,
               parent.ran_by_display_name, parent.user_id)  # fmt: skip
    latency = round(budget * rng.uniform(0.2, 0.5), 3)
    child = _assemble(draw, flow, date, who, state, usage, latency, parent)
    if state == "FAILED":
        runs[-1] = replace(parent, error=f"Sub-workflow '{flow.name}' failed: {child.error}")
    runs.append(child)


def _assemble(
    draw: _Draw, flow: Flow, date: datetime, who: _Who, state: str, usage: list[LlmUsage],
    latency: float | None, parent: StackRun | None = None,
) -> StackRun:  # fmt: skip
    is_chat = flow.type != "workflow" and who.run_type != "sub_workflow"
    return StackRun(
        run_id=_uuid(draw.rng),
        flow_id=flow.id,
        date=date,
        state=state,
        is_flow_successful=SUCCESS.get(state),
        latency=latency,
        total_tokens=sum(u.tokens or 0 for u in usage),
        user_id=who.user_id,
        llms=llms_of(tuple(usage)),
        llm_usage=tuple(usage),
        run_type=who.run_type,
        ran_by_type=who.ran_by_type,
        ran_by_id=who.ran_by_id,
        ran_by_display_name=who.ran_by_display_name,
        **_texts(draw, state, who.run_type, is_chat),
        **_lineage(draw.organization, parent),
    )


def _texts(draw: _Draw, state: str, run_type: str, is_chat: bool) -> dict[str, Any]:
    """What went in and came out: inputs always, outputs once completed, an error if failed."""
    rng = draw.rng
    inputs = rng.choice(draw.questions if is_chat else draw.passages)
    error = rng.choice(catalog.ERRORS) if state == "FAILED" else None
    outputs = rng.choice(draw.answers) if state == "COMPLETED" else None
    is_rated = state == "COMPLETED" and run_type in INTERFACES and rng.random() < 0.1
    return {
        "inputs": inputs,
        "outputs": outputs,
        "error": error,
        "feedback": rng.choice(catalog.FEEDBACK) if is_rated else None,
        "conversation_id": rng.choice(draw.conversations) if is_chat else None,
    }


def _lineage(organization: Organization, parent: StackRun | None) -> dict[str, str | None]:
    if parent is None:
        return dict.fromkeys(("parent_run_id", "parent_project_id", "parent_project_name"))
    caller = _flow(organization, parent.flow_id)
    return {"parent_run_id": parent.run_id, "parent_project_id": caller.id,
            "parent_project_name": caller.name}  # fmt: skip


def _flow(organization: Organization, flow_id: str) -> Flow:
    found = organization.flow(flow_id)
    assert found is not None, flow_id
    return found


def _span(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
