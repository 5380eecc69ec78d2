"""`GET /api/v1/organizations/usage/runs/report`: the usage list's runs as CSV
(api/routes/organization_usage.py `download_usage_runs_report`, api/db/organization_usage_client.py
`get_usage_runs_for_report`, api/services/reports/run_report.py at dograh-hq/dograh@058c540c).

The same dates and filters as the list (filters.USAGE_REPORT: outside any try, so a Python error
is an unhandled 500), `created_at DESC` (the emulator puts the higher id first between equal
instants), every matching run, in progress or not, no paging. Columns: the fixed eight, one per
key of `gathered_context.extracted_variables` in first-seen order, then tags and the public
links, which exist whenever the run has a token. Python's csv writer: `\\r\\n` line ends,
minimal quoting, None as an empty field.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from emulator.vendor import Call, Reply
from emulator.vendors.dograh import filters, query, select, tokens
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.model import DograhRun

HEADERS = ("Run ID", "Campaign ID", "Agent ID", "Agent Definition ID", "Created At",
           "Phone Number", "Call Disposition", "Call Duration (s)")  # fmt: skip
TRAILERS = ("Call Tags", "Transcript URL", "Recording URL")
_CHUNK = 500


def download_usage_runs_report(call: Call) -> Reply:
    caller: Caller = call.principal
    params, now = call.params, call.state.clock.now()
    window = query.Window(
        query.parse_date(params["start_date"]), query.parse_date(params["end_date"])
    )
    conditions = filters.parse(params["filters"], filters.USAGE_REPORT).conditions
    found = select.select(call.state.store.tenant(caller.tenant), now, window, conditions)
    runs = list(_every(found))
    name = f"usage_runs_{now.strftime('%Y%m%d_%H%M%S')}.csv"
    text = csv_of(runs, lambda run: _link_root(call, run))
    disposition = (("Content-Disposition", f'attachment; filename="{name}"'),)
    return Reply(text.encode(), 200, "text/csv; charset=utf-8", disposition)


def _every(found: select.Found) -> Iterator[DograhRun]:
    for offset in range(0, len(found), _CHUNK):
        yield from select.page(found, None, "desc", offset, _CHUNK)


def _link_root(call: Call, run: DograhRun) -> str | None:
    token = tokens.issued(call.state, run)
    return None if token is None else f"{call.base_url}/api/v1/public/download/workflow/{token}"


def csv_of(runs: list[DograhRun], link_root: Any) -> str:
    extracted: dict[str, None] = {}
    for run in runs:
        found = (run.gathered_context or {}).get("extracted_variables", {})
        if isinstance(found, dict):
            extracted.update((key, None) for key in found if key not in extracted)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([*HEADERS, *extracted, *TRAILERS])
    for run in runs:
        writer.writerow(_row(run, list(extracted), link_root(run)))
    return output.getvalue()


def _row(run: DograhRun, extracted: list[str], root: str | None) -> list[Any]:
    initial, gathered = run.initial_context or {}, run.gathered_context or {}
    variables = gathered.get("extracted_variables", {})
    variables = variables if isinstance(variables, dict) else {}
    tags = gathered.get("call_tags", [])
    return [
        run.id,
        "" if run.campaign_id is None else run.campaign_id,
        run.workflow_id,
        "" if run.definition_id is None else run.definition_id,
        run.created_at.isoformat(),
        initial.get("phone_number", ""),
        gathered.get("mapped_call_disposition", ""),
        (run.usage_info or {}).get("call_duration_seconds", ""),
        *(variables.get(key, "") for key in extracted),
        ", ".join(str(t) for t in tags) if isinstance(tags, list) else tags,
        "" if root is None else f"{root}/transcript",
        "" if root is None else f"{root}/recording",
    ]
