"""A Dograh run as the emulator stores it, and its record form (fixtures, control plane).

Fields mirror the columns the vendor's usage route reads (api/routes/organization_usage.py):
`duration` is the raw float of usage_info.call_duration_seconds, which filters compare and the
list rounds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from emulator.engine.mix import Draw, key_of
from emulator.flaws import refused
from emulator.store import micros
from emulator.vendors.dograh.tenancy import Organization

ARTIFACTS = ("recording", "transcript", "user_recording", "bot_recording")


@dataclass(frozen=True, slots=True)
class DograhRun:
    id: int
    organization_id: int
    workflow_id: int
    workflow_name: str | None
    name: str
    created_at: datetime
    call_type: str
    mode: str
    campaign_id: int | None
    is_completed: bool
    usage_info: Mapping[str, Any] | None
    dograh_token_usage: float
    artifacts: Mapping[str, str | None]
    public_access_token: str | None
    initial_context: Mapping[str, Any] | None
    gathered_context: Mapping[str, Any] | None
    charge_usd: float | None
    definition_id: int | None
    # When the run ends (generated runs, and records that say so); before then it is served in
    # progress. None: it stays as the record says.
    ended_at: datetime | None = None

    @property
    def duration(self) -> float | None:
        """The raw duration, or None where usage_info has none (in-progress runs)."""
        value = (self.usage_info or {}).get("call_duration_seconds")
        return None if value is None else float(value)

    @property
    def shown_duration(self) -> int:
        # Python's round(): half to even, as the vendor's int(round(...)) does.
        return round(self.duration or 0)

    @property
    def disposition(self) -> str | None:
        value = (self.gathered_context or {}).get("mapped_call_disposition")
        return None if value is None else str(value)

    @property
    def has_artifact(self) -> bool:
        return any(self.artifacts.values())

    def context_text(self, context: str, key: str) -> str | None:
        """Postgres `->>`: the JSON value as text (strings bare, other scalars as JSON)."""
        source = self.initial_context if context == "initial" else self.gathered_context
        value = (source or {}).get(key)
        if value is None or isinstance(value, (dict, list)):
            return None
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    def with_token(self, token: str) -> DograhRun:
        return replace(self, public_access_token=token)


def as_of(run: DograhRun, now: datetime) -> DograhRun:
    """The run as served at `now`: until it ends it is in progress, as the vendor stores one
    (usage_info {} until the pipeline ends, no outcome, no artifacts, not completed)."""
    if run.ended_at is None or now >= run.ended_at:
        return run
    return replace(run, is_completed=False, usage_info={}, dograh_token_usage=0.0,
                   artifacts=dict.fromkeys(ARTIFACTS), gathered_context=None)  # fmt: skip


def identity(run: DograhRun) -> int:
    return run.id


def place(run: DograhRun) -> tuple[int, int]:
    """Served created_at DESC, id DESC (api/db/organization_usage_client.py get_usage_history
    at dograh-hq/dograh@058c540c): on the timeline by start, then id."""
    return micros(run.created_at), run.id


# Injected runs without an id get one from this block: above every generated block (tenant
# index x 1,000,000 + 40,000) and the curated fixtures (900,001+), like a later autoincrement.
MINTED_IDS = 9_000_001


def mint_id(_state: Any, _organization: Any, n: int) -> dict[str, Any]:
    return {"id": MINTED_IDS + n}


def lazy_token(seed: int, run_id: int) -> str:
    """The token the single-run GET creates, a uuid4 as the vendor's `str(uuid.uuid4())`, but
    fixed per (seed, run) so that it does not depend on when a client first asked."""
    return Draw(key_of(seed, "dograh", "token"), run_id).uuid4()


def from_record(record: Mapping[str, Any], organization: Any) -> DograhRun:
    if not isinstance(organization, Organization):
        raise TypeError("not a Dograh organization")
    workflow = organization.workflow(int(record["workflow_id"]))
    if workflow is None:
        known = [w.id for w in organization.workflows]
        raise refused("workflow_id", f"workflow_id {record['workflow_id']} is not one of {known}")
    created = datetime.fromisoformat(str(record["created_at"]).replace("Z", "+00:00"))
    return DograhRun(
        id=int(record["id"]),
        organization_id=organization.id,
        workflow_id=workflow.id,
        workflow_name=workflow.name,
        name=record["name"],
        created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
        call_type=record.get("call_type", "outbound"),
        mode=record.get("mode", "twilio"),
        campaign_id=record.get("campaign_id"),
        is_completed=record.get("is_completed", True),
        usage_info=record.get("usage_info", {}),
        dograh_token_usage=float(record.get("dograh_token_usage", 0)),
        artifacts={a: record.get(f"{a}_url") for a in ARTIFACTS},
        public_access_token=record.get("public_access_token"),
        initial_context=record.get("initial_context"),
        gathered_context=record.get("gathered_context"),
        charge_usd=record.get("charge_usd"),
        definition_id=record.get("definition_id"),
    )


def to_record(run: DograhRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "name": run.name,
        "created_at": run.created_at.astimezone(UTC).isoformat(),
        "call_type": run.call_type,
        "mode": run.mode,
        "campaign_id": run.campaign_id,
        "is_completed": run.is_completed,
        "usage_info": _plain(run.usage_info),
        "dograh_token_usage": run.dograh_token_usage,
        **{f"{a}_url": run.artifacts.get(a) for a in ARTIFACTS},
        "public_access_token": run.public_access_token,
        "initial_context": _plain(run.initial_context),
        "gathered_context": _plain(run.gathered_context),
        "charge_usd": run.charge_usd,
        "definition_id": run.definition_id,
    }


def _plain(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if value is None else dict(value)
