"""Runs as the Runs API writes them (docs: listRuns, getRun): Go structs with `omitempty`.

Field order follows the docs' example; `ended_at`, `output`, `error`, `user_id` and
`session_id` are left out when the run has none, and `started_at` until the run starts. The
single-run view adds `app_id` (shown in the create/get examples) and, while a run awaits a
human, its pending `input_requests`.
"""

from __future__ import annotations

from typing import Any

from emulator.vendors.dynamiq.model import AWAITING, DynamiqRun, request_record, to_record


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


# The record's fields that the API shows too, in its order (the record already leaves out
# what a run does not have, as `omitempty` does).
_SHOWN = ("started_at", "ended_at", "input", "output", "error", "user_id", "session_id")


def _rest(run: DynamiqRun) -> dict[str, Any]:
    record = to_record(run)
    return {name: record[name] for name in _SHOWN if name in record}
