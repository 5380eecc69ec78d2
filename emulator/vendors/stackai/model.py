"""A StackAI run as the emulator stores it, as it is at an instant (`as_of`), its served form
(`ProjectRunSummary` of its spec) and its record form (fixtures, control plane).

Every field of the summary is served, optional ones included, since FastAPI writes a response
model's defaults too. Derived values are derived once, here: `total_tokens` and `llms` follow
`llm_usage` unless a record says otherwise, and `is_flow_successful` follows `state`. A run
may also say how it got to its state (`ended_at`, `paused_at`, `resumed_at`): until it ends it
is served in progress (docs/fidelity.md, StackAI, Living runs).
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from emulator.flaws import refused
from emulator.generate import derive_seed
from emulator.store import micros
from emulator.vendor import State, Tenant
from emulator.vendors.stackai.tenancy import Organization

# WorkflowState, in the spec's order: a generated run's state column is an index into it.
STATES = ("PENDING", "PAUSED", "RESUMED", "COMPLETED", "FAILED", "CANCELLED")
SUCCESS = {"COMPLETED": True, "FAILED": False, "CANCELLED": False}
# Origins whose tokens the customer pays its provider for, not StackAI (inferred).
EXTERNAL = frozenset({"external_db", "external_ephemeral"})


@dataclass(frozen=True, slots=True)
class LlmUsage:
    provider: str
    model_id: str
    tokens: int | None
    input_tokens: int | None
    output_tokens: int | None
    connection_id: str | None
    connection_origin: str | None

    @property
    def is_local_model(self) -> bool:
        return self.provider == "Local"

    @property
    def should_charge(self) -> bool:
        return not self.is_local_model and self.connection_origin not in EXTERNAL

    def served(self) -> dict[str, Any]:
        return {**self.record(), "is_local_model": self.is_local_model,
                "should_charge": self.should_charge}  # fmt: skip

    def record(self) -> dict[str, Any]:
        return {
            "provider": self.provider,
            "model_id": self.model_id,
            "tokens": self.tokens,
            "input_tokens": self.input_tokens,
            "output_tokens": self.output_tokens,
            "connection_id": self.connection_id,
            "connection_origin": self.connection_origin,
        }


@dataclass(frozen=True, slots=True)
class StackRun:
    run_id: str
    flow_id: str
    date: datetime
    state: str | None
    is_flow_successful: bool | None
    error: str | None
    latency: float | None
    total_tokens: int
    user_id: str | None
    inputs: str | None
    outputs: str | None
    llms: str | None
    feedback: str | None
    conversation_id: str | None
    llm_usage: tuple[LlmUsage, ...]
    run_type: str | None
    ran_by_type: str | None
    ran_by_id: str | None
    ran_by_display_name: str | None
    parent_run_id: str | None
    parent_project_id: str | None
    parent_project_name: str | None
    # When the run reaches the state above; before then it is in progress. None: it is as
    # recorded from its `date` on.
    ended_at: datetime | None = None
    # A run that waited for input on its way: PAUSED from `paused_at`, RESUMED from
    # `resumed_at`, showing the first `calls_before_pause` LLM calls meanwhile.
    paused_at: datetime | None = None
    resumed_at: datetime | None = None
    calls_before_pause: int = 0


def as_of(run: StackRun, now: datetime) -> StackRun:
    """The run as served at `now`: until it ends, PENDING (nothing spent yet), or PAUSED and
    then RESUMED with the calls made before the pause; no outcome, latency or outputs."""
    if run.ended_at is None or now >= run.ended_at:
        return run
    phase, usage = "PENDING", run.llm_usage[:0]
    if run.paused_at is not None and now >= run.paused_at:
        is_resumed = run.resumed_at is not None and now >= run.resumed_at
        phase, usage = (
            ("RESUMED" if is_resumed else "PAUSED"),
            run.llm_usage[: run.calls_before_pause],
        )
    return replace(
        run, state=phase, is_flow_successful=None, error=None, latency=None,
        total_tokens=sum(u.tokens or 0 for u in usage), outputs=None, llms=llms_of(usage),
        feedback=None, llm_usage=usage,
    )  # fmt: skip


def identity(run: StackRun) -> str:
    return run.run_id


def place(run: StackRun) -> tuple[int, int]:
    """date DESC, then run_id DESC (inferred: the vendor documents no order): on the timeline
    by date, then by the id as a 128-bit number."""
    return micros(run.date), id_order(uuid.UUID(run.run_id).int)


def id_order(value: int) -> int:
    """A run id's 128-bit value, shifted below zero (the same order; generated runs' tie-breaks
    are compared with it, so the shift stays)."""
    return value - (1 << 128)


def mint_id(state: State, tenant: Tenant, attempt: int) -> dict[str, str]:
    """The run id of an injected record that has none: a UUID v4 fixed by seed and attempt."""
    digest = derive_seed(state.settings.seed, "stackai", tenant.slug, "minted", str(attempt))
    return {"run_id": str(uuid.UUID(bytes=digest[:16], version=4))}


def zulu(stamp: datetime) -> str:
    """pydantic v2's JSON form of a UTC datetime: `Z`, microseconds only when non-zero."""
    return stamp.astimezone(UTC).isoformat().replace("+00:00", "Z")


def item(run: StackRun) -> dict[str, Any]:
    """The run as the list serves it, fields in the vendor's declaration order."""
    return {
        "run_id": run.run_id,
        "conversation_id": run.conversation_id,
        "date": zulu(run.date),
        "is_flow_successful": run.is_flow_successful,
        "state": run.state,
        "error": run.error,
        "latency": run.latency,
        "total_tokens": run.total_tokens,
        "user_id": run.user_id,
        "inputs": run.inputs,
        "outputs": run.outputs,
        "llms": run.llms,
        "feedback": run.feedback,
        "llm_usage": [u.served() for u in run.llm_usage],
        "run_type": run.run_type,
        "ran_by_type": run.ran_by_type,
        "ran_by_id": run.ran_by_id,
        "ran_by_display_name": run.ran_by_display_name,
        "parent_run_id": run.parent_run_id,
        "parent_project_id": run.parent_project_id,
        "parent_project_name": run.parent_project_name,
    }


def to_record(run: StackRun) -> dict[str, Any]:
    served = item(run)
    served["llm_usage"] = [u.record() for u in run.llm_usage]
    progress = {name: None if getattr(run, name) is None else zulu(getattr(run, name))
                for name in _PROGRESS}  # fmt: skip
    return {"flow_id": run.flow_id, **served, **progress,
            "calls_before_pause": run.calls_before_pause}  # fmt: skip


def llms_of(usage: tuple[LlmUsage, ...]) -> str | None:
    """The models a run called, in order of first use, comma-separated (inferred encoding)."""
    models = list(dict.fromkeys(u.model_id for u in usage))
    return ", ".join(models) if models else None


def from_record(record: Mapping[str, Any], organization: Any) -> StackRun:
    if not isinstance(organization, Organization):
        raise TypeError("not a StackAI organization")
    flow = organization.flow(str(record["flow_id"]))
    if flow is None:
        message = f"flow_id {record['flow_id']} is not one of the organization's flows"
        raise refused("flow_id", message)
    usage = tuple(_usage(u) for u in record.get("llm_usage", ()))
    state = record.get("state", "COMPLETED")
    derived = {
        "is_flow_successful": SUCCESS.get(state) if state else None,
        "total_tokens": sum(u.tokens or 0 for u in usage),
        "llms": llms_of(usage),
        "parent_project_name": _parent_name(organization, record.get("parent_project_id")),
    }
    fields = {name: record.get(name, derived.get(name)) for name in _OPTIONAL}
    # pydantic makes a float field of an integer: 3 is served as 3.0.
    fields["latency"] = None if fields["latency"] is None else float(fields["latency"])
    date = _stamp(str(record["date"]))
    return StackRun(
        run_id=str(uuid.UUID(str(record["run_id"]))),
        flow_id=flow.id,
        date=date,
        state=state,
        llm_usage=usage,
        **fields,
        **_progress(record, date, len(usage)),
    )


_OPTIONAL = (
    "is_flow_successful", "error", "latency", "total_tokens", "user_id", "inputs", "outputs",
    "llms", "feedback", "conversation_id", "run_type", "ran_by_type", "ran_by_id",
    "ran_by_display_name", "parent_run_id", "parent_project_id", "parent_project_name",
)  # fmt: skip
_PROGRESS = ("paused_at", "resumed_at", "ended_at")


def _progress(record: Mapping[str, Any], date: datetime, calls: int) -> dict[str, Any]:
    """The run's way to its state, each instant no earlier than the one before: a pause needs
    an end (a run paused for good says `state: PAUSED`), a resumption a pause."""
    paused, resumed, ended = (_stamp_or_none(record.get(n)) for n in _PROGRESS)
    steps = [("date", date), ("paused_at", paused), ("resumed_at", resumed), ("ended_at", ended)]
    given = [(name, stamp) for name, stamp in steps if stamp is not None]
    for (before, earlier), (name, later) in itertools.pairwise(given):
        if later < earlier:
            raise refused(name, f"{name} is before {before}")
    if paused is not None and ended is None:
        raise refused("paused_at", "a pause needs ended_at, when the run ends")
    if resumed is not None and paused is None:
        raise refused("resumed_at", "a run resumes only after paused_at")
    count = record.get("calls_before_pause", 0)
    if count > calls:
        raise refused("calls_before_pause", f"the run has {calls} LLM calls")
    return {"ended_at": ended, "paused_at": paused, "resumed_at": resumed,
            "calls_before_pause": count}  # fmt: skip


def _stamp_or_none(text: Any) -> datetime | None:
    return None if text is None else _stamp(str(text))


def _parent_name(organization: Organization, flow_id: Any) -> str | None:
    flow = organization.flow(str(flow_id)) if flow_id else None
    return None if flow is None else flow.name


def _stamp(text: str) -> datetime:
    stamp = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    return stamp.astimezone(UTC) if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _usage(record: Mapping[str, Any]) -> LlmUsage:
    inputs, outputs = record.get("input_tokens"), record.get("output_tokens")
    both = None if inputs is None or outputs is None else inputs + outputs
    return LlmUsage(
        provider=record["provider"],
        model_id=record["model_id"],
        tokens=record.get("tokens", both),
        input_tokens=inputs,
        output_tokens=outputs,
        connection_id=record.get("connection_id"),
        connection_origin=record.get("connection_origin"),
    )
