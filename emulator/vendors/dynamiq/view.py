"""Runs as the Runs API writes them (FACTS.md 4.6): Go structs with `omitempty`.

Field order follows the docs' example; `ended_at`, `output`, `error`, `user_id` and
`session_id` are left out when the run has none, and `started_at` until the run starts. The
single-run view adds `app_id` (shown in the create/get examples) and, while a run awaits a
human, its pending `input_requests`.
"""

from __future__ import annotations

from typing import Any

from emulator.vendors.dynamiq.model import AWAITING, DynamiqRun, request_record, stamp


def list_item(run: DynamiqRun) -> dict[str, Any]:
    item: dict[str, Any] = {"id": run.id, "status": run.reported_status}
    item.update(_rest(run))
    return item


def detail(run: DynamiqRun) -> dict[str, Any]:
    item: dict[str, Any] = {"id": run.id, "app_id": run.app_id, "status": run.reported_status}
    item.update(_rest(run))
    if run.reported_status == AWAITING:
        item["input_requests"] = [request_record(r) for r in run.input_requests]
    return item


def _rest(run: DynamiqRun) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "started_at": None if run.started_at is None else stamp(run.started_at),
        "ended_at": None if run.ended_at is None else stamp(run.ended_at),
        "input": dict(run.input),
        "output": None if run.output is None else dict(run.output),
        "error": None if run.error is None else dict(run.error),
        "user_id": run.user_id,
        "session_id": run.session_id,
    }
    return {k: v for k, v in fields.items() if v is not None}
