"""A B3OS run as the emulator stores it, and its record form (fixtures, control plane).

A run carries its charges (node type, executions); its CU is priced from the cost list, so a
run, its day, its month and its workflow's usage can never disagree (the spec's CU routes).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulator.flaws import Flaw, RecordRefused, refused
from emulator.vendors.b3os.costs import price
from emulator.vendors.b3os.tenancy import Organization
from emulator.vendors.b3os.xid import xid

STATUSES = ("running", "waiting", "success", "partial", "failure", "cancelled")
# Not finished yet, so no finish time (inferred: a Go omitempty pointer).
UNFINISHED = frozenset({"running", "waiting"})
RUN_ID = re.compile(r"run_[0-9a-v]{20}")


@dataclass(frozen=True, slots=True)
class Charge:
    kind: str  # "trigger" or "action"
    node_type: str
    count: int
    cu: float


@dataclass(frozen=True, slots=True)
class B3osRun:
    id: str
    workflow_id: str
    status: str
    trigger_source: str
    started_at: datetime
    finished_at: datetime | None
    charges: tuple[Charge, ...]
    total_cu: float


def charge(kind: str, node_type: str, count: int) -> Charge:
    return Charge(kind, node_type, count, count * price(kind, node_type).cost)


def new_run(
    run_id: str, workflow_id: str, status: str, trigger_source: str,
    started_at: datetime, finished_at: datetime | None, charges: tuple[Charge, ...],
) -> B3osRun:  # fmt: skip
    total = sum((c.cu for c in charges), 0.0)
    return B3osRun(run_id, workflow_id, status, trigger_source, started_at, finished_at,
                   charges, total)  # fmt: skip


def identity(run: B3osRun) -> str:
    return run.id


def mint_id(state: Any, tenant: Any, attempt: int) -> dict[str, str]:
    """The id of a run injected without one: an xid stamped with the epoch, whose machine bytes
    come from the seed and tenant and whose counter is the attempt."""
    machine = hashlib.sha256(f"b3os:{state.settings.seed}:{tenant.slug}".encode()).digest()
    return {"id": "run_" + xid(state.settings.epoch, machine[:3], 0, attempt)}


def default_order(run: B3osRun) -> tuple[float, int]:
    """Most recent first: startedAt desc, then run id desc (inferred from the docs' "recent
    runs"). Run ids are xids, whose base32hex digits are Python's base-32 digits."""
    return (-run.started_at.timestamp(), -int(run.id[4:], 32))


def rfc3339(stamp: datetime) -> str:
    """Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed, `Z`)."""
    text = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{stamp.microsecond:06d}".rstrip("0")
    return f"{text}.{fraction}Z" if fraction else f"{text}Z"


def parse_stamp(text: str) -> datetime:
    stamp = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def from_record(record: Mapping[str, Any], organization: Any) -> B3osRun:
    if not isinstance(organization, Organization):
        raise TypeError("not a B3OS organization")
    if organization.workflow(str(record["workflow_id"])) is None:
        known = [w.id for w in organization.workflows]
        raise refused("workflow_id", f"workflow_id {record['workflow_id']} is not one of {known}")
    started = parse_stamp(record["started_at"])
    finished = None if record.get("finished_at") is None else parse_stamp(record["finished_at"])
    _check_times(str(record["status"]), started, finished)
    charges = tuple(_charge(index, c) for index, c in enumerate(record["charges"]))
    return new_run(str(record["id"]), str(record["workflow_id"]), str(record["status"]),
                   str(record["trigger_source"]), started, finished, charges)  # fmt: skip


def _charge(index: int, entry: Mapping[str, Any]) -> Charge:
    try:
        return charge(entry["type"], entry["node_type"], int(entry["count"]))
    except ValueError as error:  # a node type the price list lacks
        raise RecordRefused(Flaw(("charges", index, "node_type"), str(error))) from None


def _check_times(status: str, started: datetime, finished: datetime | None) -> None:
    if (finished is None) != (status in UNFINISHED):
        message = "finished_at must be null exactly when the status is running/waiting"
        raise refused("finished_at", message)
    if finished is not None and finished < started:
        raise refused("finished_at", "finished_at is before started_at")


def to_record(run: B3osRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "status": run.status,
        "trigger_source": run.trigger_source,
        "started_at": rfc3339(run.started_at),
        "finished_at": None if run.finished_at is None else rfc3339(run.finished_at),
        "charges": [
            {"type": c.kind, "node_type": c.node_type, "count": c.count} for c in run.charges
        ],
    }


def list_item(run: B3osRun) -> dict[str, Any]:
    """The `/cu/runs` item; keys in the order of the vendor's published example."""
    item: dict[str, Any] = {}
    if run.finished_at is not None:
        item["finishedAt"] = rfc3339(run.finished_at)
    item.update(
        runId=run.id,
        startedAt=rfc3339(run.started_at),
        status=run.status,
        totalCu=run.total_cu,
        triggerSource=run.trigger_source,
        workflowId=run.workflow_id,
    )
    return item
