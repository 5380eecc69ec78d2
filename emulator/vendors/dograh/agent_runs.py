"""`GET /api/v1/workflow/{workflow_id}/runs`: one agent's runs (api/routes/workflow.py
`get_workflow_runs`, api/db/workflow_run_client.py `get_workflow_runs_by_workflow_id` at
dograh-hq/dograh@058c540c).

The runs of the workflow within the caller's organisation (another organisation's workflow, or
none, is an empty 200, not a 404), in the run-details model with what the list does not select
left null: no public links or token, no usage_info, logs or annotations. Its own filters
(emulator/vendors/dograh/filters.py AGENT_RUNS), echoed back as `applied_filters`; `sort_order`
sorts ascending only when exactly `asc`. The vendor orders by the one column alone; between
equal values the emulator puts the higher id first, as the usage list does.
"""

from __future__ import annotations

from typing import Any

from emulator.vendor import Call, Reply
from emulator.vendors.dograh import filters, select
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.model import DograhRun
from emulator.vendors.dograh.query import Equals, Window
from emulator.vendors.dograh.view import DETAIL_ARTIFACTS, cost_info, heading


def get_workflow_runs(call: Call) -> Reply:
    caller: Caller = call.principal
    params, organization = call.params, caller.organization
    parsed = filters.parse(params["filters"], filters.AGENT_RUNS)
    page, limit = params["page"], params["limit"]
    shown: list[DograhRun] = []
    total = 0
    if organization.workflow(params["workflow_id"]) is not None:
        conditions = [Equals("workflow_id", params["workflow_id"]), *parsed.conditions]
        runs = call.state.store.tenant(organization.slug)
        found = select.select(runs, call.state.clock.now(), Window(None, None), conditions)
        total = len(found)
        shown = select.page(
            found, params["sort_by"], params["sort_order"], (page - 1) * limit, limit
        )
    return Reply(
        {
            "runs": [listed(run) for run in shown],
            "total_count": total,
            "page": page,
            "limit": limit,
            "total_pages": (total + limit - 1) // limit,
            "applied_filters": parsed.applied,
        }
    )


def listed(run: DograhRun) -> dict[str, Any]:
    """`WorkflowRunResponseSchema` of the columns the list selects."""
    return {
        **heading(run),
        **{f"{kind}_url": run.artifacts.get(kind) for kind in DETAIL_ARTIFACTS},
        **{f"{kind}_public_url": None for kind in DETAIL_ARTIFACTS},
        "public_access_token": None,
        "cost_info": cost_info(run),
        "usage_info": None,
        "definition_id": run.definition_id,
        "initial_context": None if run.initial_context is None else dict(run.initial_context),
        "gathered_context": None if run.gathered_context is None else dict(run.gathered_context),
        "call_type": run.call_type,
        "logs": None,
        "annotations": None,
    }
