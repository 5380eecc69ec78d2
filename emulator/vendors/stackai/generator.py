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
from typing import Any

from faker import Faker

from emulator.vendor import Generation
from emulator.vendors.stackai import catalog
from emulator.vendors.stackai.model import SUCCESS, LlmUsage, StackRun, llms_of
from emulator.vendors.stackai.tenancy import Flow, Organization

HISTORY = timedelta(days=60)
IN_FLIGHT = timedelta(minutes=30)
Weights = tuple[tuple[str, int], ...]
RUN_TYPES: dict[str, Weights] = {
    "workflow": (("api", 45), ("workflow_builder", 15), ("form", 15), ("batch", 8),
                 ("trigger", 9), ("scheduled", 8)),
    "chat_assistant": (("chat_assistant", 60), ("api", 25), ("workflow_builder", 15)),
    "agent_assistant": (("agent_assistant", 60), ("api", 25), ("workflow_builder", 15)),
}  # fmt: skip
SUB_FLOW_RUN_TYPES: Weights = (("workflow_builder", 1), ("api", 1))
SETTLED: Weights = (("COMPLETED", 82), ("FAILED", 10), ("CANCELLED", 3), ("PAUSED", 5))
RECENT: Weights = (("PENDING", 25), ("RESUMED", 10), ("COMPLETED", 55), ("FAILED", 10))
# How many LLM calls a run in each state got through, at most.
CALLS = {"COMPLETED": 3, "FAILED": 2, "CANCELLED": 1, "PAUSED": 1, "RESUMED": 1, "PENDING": 0}
INTERFACES = frozenset({"form", "chat_assistant", "agent_assistant"})
SUB_FLOW_SHARE = 0.4


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
    fake: Any
    organization: Organization
    epoch: datetime
    connections: tuple[str, ...]
    end_users: tuple[str, ...]
    conversations: tuple[str, ...]


def generate(organization: Any, generation: Generation) -> list[StackRun]:
    """`generation.count` runs, sub-workflow runs included, spread over the last 60 days."""
    if not isinstance(organization, Organization):
        raise TypeError("not a StackAI organization")
    draw = _draw(organization, generation)
    # Sub-flows mostly run as steps of their callers, so they are picked less often directly.
    weights = tuple((f.id, 1 if organization.is_sub_flow(f) else 4) for f in organization.flows)
    runs: list[StackRun] = []
    while len(runs) < generation.count:
        flow = _flow(organization, _weighted(draw.rng, weights))
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
    return _Draw(rng, fake, organization, generation.epoch, connections, end_users, conversations)


def _run(draw: _Draw, flow: Flow, date: datetime) -> StackRun:
    rng = draw.rng
    weights = SUB_FLOW_RUN_TYPES if draw.organization.is_sub_flow(flow) else RUN_TYPES[flow.type]
    who = _who(draw, flow, _weighted(rng, weights))
    state = _weighted(rng, RECENT if draw.epoch - date < IN_FLIGHT else SETTLED)
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
    rng, fake = draw.rng, draw.fake
    is_chat = flow.type != "workflow" and who.run_type != "sub_workflow"
    prompt = catalog.question(fake) if is_chat else catalog.passage(fake, 3)
    parent_flow = None if parent is None else _flow(draw.organization, parent.flow_id)
    return StackRun(
        run_id=_uuid(rng),
        flow_id=flow.id,
        date=date,
        state=state,
        is_flow_successful=SUCCESS.get(state),
        error=rng.choice(catalog.ERRORS) if state == "FAILED" else None,
        latency=latency,
        total_tokens=sum(u.tokens or 0 for u in usage),
        user_id=who.user_id,
        inputs=catalog.encoded({"in-0": prompt}),
        outputs=catalog.encoded({"out-0": catalog.passage(fake, 2)})
        if state == "COMPLETED" else None,
        llms=llms_of(tuple(usage)),
        feedback=rng.choice(catalog.FEEDBACK)
        if state == "COMPLETED" and who.run_type in INTERFACES and rng.random() < 0.1 else None,
        conversation_id=rng.choice(draw.conversations) if is_chat else None,
        llm_usage=tuple(usage),
        run_type=who.run_type,
        ran_by_type=who.ran_by_type,
        ran_by_id=who.ran_by_id,
        ran_by_display_name=who.ran_by_display_name,
        parent_run_id=None if parent is None else parent.run_id,
        parent_project_id=None if parent_flow is None else parent_flow.id,
        parent_project_name=None if parent_flow is None else parent_flow.name,
    )  # fmt: skip


def _weighted(rng: random.Random, weights: Weights) -> str:
    return rng.choices([w[0] for w in weights], [w[1] for w in weights])[0]


def _flow(organization: Organization, flow_id: str) -> Flow:
    found = organization.flow(flow_id)
    assert found is not None, flow_id
    return found


def _span(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
