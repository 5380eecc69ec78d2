"""B3OS runs for the core: identity, place on the timeline, and the record form (fixtures,
control plane).

A record's `finished_at` is its end: a record that finishes after "now" is served in progress
until then (emulator/vendors/b3os/run.py), its charges executed in the order given, evenly
spaced between its start and its finish, the trigger's first. A record without a finish time
(`running`, `waiting`) stays as it says.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from emulator.flaws import Flaw, RecordRefused, refused
from emulator.store import micros
from emulator.vendors.b3os.run import UNFINISHED, B3osRun, Charge, Progress, charge, new_run
from emulator.vendors.b3os.run import rfc3339 as rfc3339
from emulator.vendors.b3os.tenancy import Organization
from emulator.vendors.b3os.xid import xid

# The low 68 of a run id's 100 bits: its machine, process and counter (and 4 padding bits).
LOW_BITS = (1 << 68) - 1


def identity(run: B3osRun) -> str:
    return run.id


def place(run: B3osRun) -> tuple[int, int]:
    """Served startedAt desc, then run id desc (inferred from the docs' "recent runs"). Runs
    that start in the same microsecond share their id's leading seconds (every generated and
    fixture id is an xid of its start), so the rest of the id decides between them."""
    return micros(run.started_at), id_number(run.id) & LOW_BITS


def id_number(run_id: str) -> int:
    """An xid's base32hex digits are Python's base-32 digits: ids compare as these numbers."""
    return int(run_id[4:], 32)


def mint_id(state: Any, tenant: Any, attempt: int) -> dict[str, str]:
    """The id of a run injected without one: an xid stamped with the epoch, whose machine bytes
    come from the seed and tenant and whose counter is the attempt."""
    machine = hashlib.sha256(f"b3os:{state.settings.seed}:{tenant.slug}".encode()).digest()
    return {"id": "run_" + xid(state.settings.epoch, machine[:3], 0, attempt)}


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
    progress = None if finished is None else evenly(charges, micros(finished) - micros(started))
    run = new_run(str(record["id"]), str(record["workflow_id"]), str(record["status"]),
                  str(record["trigger_source"]), started, finished, charges,
                  progress)  # fmt: skip
    source = record.get("source_run_id")
    return run if source is None else replace(run, source_run_id=str(source))


def evenly(charges: tuple[Charge, ...], span_us: int) -> Progress:
    """A record's progress: triggers at the start, then its actions in the order given, one
    execution every span / executions."""
    steps = tuple((c.node_type, c.count) for c in charges if c.kind == "action")
    executed = sum(count for _, count in steps)
    opening = tuple(c for c in charges if c.kind == "trigger")
    return Progress(opening, steps, executed, span_us // executed if executed else 0)


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
        **({} if run.source_run_id is None else {"source_run_id": run.source_run_id}),
    }
