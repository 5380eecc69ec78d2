"""A Dynamiq run as the emulator stores it, and its record form (fixtures, control plane).

`status` is the stored one (`created`, `started`, `paused`, `completed`, `failed`,
`canceled`); clients see `awaiting_input` instead for a started or paused run with an
unresolved input request (docs: listRuns, getRun). Timestamps are whole seconds, as the vendor
shows them.

A run holds its whole life: a generated run its final outcome and the instants its input
request was asked and answered, a record what it says. `as_of` shows it at an instant: queued
(`created`) before `started_at`, in progress (`started`, or waiting for a human) until
`ended_at`, then as it ended; a record without `ended_at` stays as it says.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from emulator.flaws import refused
from emulator.store import micros
from emulator.vendors.dynamiq.tenancy import Organization

STORED = ("created", "started", "paused", "completed", "failed", "canceled")
TERMINAL = frozenset({"completed", "failed", "canceled"})
WAITING = frozenset({"started", "paused"})
AWAITING = "awaiting_input"
REPORTED = (*STORED, AWAITING)
STAMP = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True, slots=True)
class InputRequest:
    id: str
    type: str
    prompt: str
    params: Mapping[str, Any]
    editable_params: tuple[str, ...] | None = None
    # When a generated run asked and was answered (a record's requests are pending for good),
    # and whether the run paused meanwhile (else it stays started).
    asked_at: datetime | None = None
    answered_at: datetime | None = None
    is_pausing: bool = True

    def is_pending(self, now: datetime) -> bool:
        asked = self.asked_at is None or self.asked_at <= now
        return asked and (self.answered_at is None or now < self.answered_at)


@dataclass(frozen=True, slots=True)
class DynamiqRun:
    id: str
    app_id: str
    status: str
    created_at: datetime
    started_at: datetime | None
    ended_at: datetime | None
    input: Mapping[str, Any]
    output: Mapping[str, Any] | None
    error: Mapping[str, Any] | None
    user_id: str | None
    session_id: str | None
    input_requests: tuple[InputRequest, ...] = ()
    # The life a client's cancel cut short (emulator/vendors/dynamiq/changes.py): the run's
    # events up to the cancel are that life's, so nothing already served changes.
    interrupted: DynamiqRun | None = None

    @property
    def reported_status(self) -> str:
        if self.status in WAITING and self.input_requests:
            return AWAITING
        return self.status


def as_of(run: DynamiqRun, now: datetime) -> DynamiqRun:
    """The run as served at `now`: the same object once it is over, and for a record without
    `ended_at` (it stays as it says) once it has started."""
    if run.started_at is None or (run.ended_at is not None and now >= run.ended_at):
        return run
    if now < run.started_at:  # still queued: nothing of its life shows yet
        return replace(run, status="created", started_at=None, ended_at=None, output=None,
                       error=None, input_requests=())  # fmt: skip
    if run.ended_at is None:  # as the record says, less the requests a client answered
        pending = tuple(r for r in run.input_requests if r.is_pending(now))
        return run if pending == run.input_requests else replace(run, input_requests=pending)
    pending = tuple(r for r in run.input_requests if r.is_pending(now))
    status = "paused" if pending and pending[0].is_pausing else "started"
    return replace(run, status=status, ended_at=None, output=None, error=None,
                   input_requests=pending)  # fmt: skip


def identity(run: DynamiqRun) -> str:
    return run.id


def tiebreak(run_id: str) -> int:
    """The id's order as Postgres orders uuids: its 128-bit value (records hold canonical
    UUIDs: the record schema says so)."""
    return int(run_id.replace("-", ""), 16)


def place(run: DynamiqRun) -> tuple[int, int]:
    """On the timeline from its creation (it exists, queued, from then), then by id."""
    return micros(run.created_at), tiebreak(run.id)


def mint_id(state: Any, tenant: Any, attempt: int) -> dict[str, str]:
    """The id of a run injected without one: a UUID that depends on the seed, tenant and attempt."""
    digest = hashlib.sha256(f"dynamiq:{state.settings.seed}:{tenant.slug}:{attempt}".encode())
    return {"id": str(uuid.UUID(bytes=digest.digest()[:16], version=4))}


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, STAMP).replace(tzinfo=UTC)


def from_record(record: Mapping[str, Any], organization: Any) -> DynamiqRun:
    if not isinstance(organization, Organization):
        raise TypeError("not a Dynamiq organization")
    app = organization.app(str(record["app_id"]))
    if app is None:
        raise refused("app_id", f"app_id {record['app_id']} is not an app of {organization.slug}")
    run = DynamiqRun(
        id=record["id"],
        app_id=app.id,
        status=record["status"],
        created_at=parse_stamp(record["created_at"]),
        started_at=_optional_stamp(record.get("started_at")),
        ended_at=_optional_stamp(record.get("ended_at")),
        input=record["input"],
        output=record.get("output"),
        error=record.get("error"),
        user_id=record.get("user_id"),
        session_id=record.get("session_id"),
        input_requests=tuple(_request(r) for r in record.get("input_requests", ())),
    )
    check_consistency(run)
    return run


def _optional_stamp(text: str | None) -> datetime | None:
    return None if text is None else parse_stamp(text)


def _request(entry: Mapping[str, Any]) -> InputRequest:
    editable = entry.get("editable_params")
    return InputRequest(
        id=entry["id"],
        type=entry["type"],
        prompt=entry["prompt"],
        params=entry.get("params", {}),
        editable_params=None if editable is None else tuple(editable),
    )


def check_consistency(run: DynamiqRun) -> None:
    """What the record schema cannot say: the fields a status implies, and time order."""
    is_terminal = run.status in TERMINAL
    if is_terminal != (run.ended_at is not None):
        raise refused("ended_at", "ended_at is set exactly when the run is over")
    if (run.status == "created") != (run.started_at is None):
        raise refused("started_at", "started_at is missing exactly when status is created")
    if run.output is not None and run.status != "completed":
        raise refused("output", "only a completed run has an output")
    if (run.error is not None) != (run.status == "failed"):
        raise refused("error", "error is set exactly when the run failed")
    if any(r.answered_at is None for r in run.input_requests) and run.status not in WAITING:
        raise refused("input_requests", "only started or paused runs wait for input")
    moments = [m for m in (run.created_at, run.started_at, run.ended_at) if m is not None]
    if moments != sorted(moments):
        raise refused("created_at", "created_at <= started_at <= ended_at")


def to_record(run: DynamiqRun) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": run.id,
        "app_id": run.app_id,
        "status": run.status,
        "created_at": stamp(run.created_at),
        "started_at": None if run.started_at is None else stamp(run.started_at),
        "ended_at": None if run.ended_at is None else stamp(run.ended_at),
        "input": dict(run.input),
        "output": None if run.output is None else dict(run.output),
        "error": None if run.error is None else dict(run.error),
        "user_id": run.user_id,
        "session_id": run.session_id,
        # Requests already answered are history, not pending: a record lists pending ones.
        "input_requests": [request_record(r) for r in run.input_requests if r.answered_at is None],
    }
    return {k: v for k, v in record.items() if v is not None and v != []}


def request_record(request: InputRequest) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": request.id,
        "type": request.type,
        "prompt": request.prompt,
        "params": dict(request.params),
    }
    if request.editable_params is not None:
        record["editable_params"] = list(request.editable_params)
    return record
