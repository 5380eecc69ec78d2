"""One function per operationId of openapi/stackai.yaml."""

from __future__ import annotations

from datetime import datetime

from emulator.errors import ApiError
from emulator.fragments import RawJson, json_array
from emulator.vendor import Call, Reply
from emulator.vendors.stackai import model, query, select, summary
from emulator.vendors.stackai.auth import Caller
from emulator.vendors.stackai.dialect import DIALECT
from emulator.vendors.stackai.model import StackRun
from emulator.vendors.stackai.tenancy import Organization

# Neither answer is documented; FastAPI HTTPExceptions raised by the route body,
# so they come after query validation (docs/fidelity.md).
NOT_YOUR_ORGANIZATION = "You do not have access to this organization"
NO_SUCH_FLOW = "Flow not found"


def list_flow_runs(call: Call) -> Reply:
    caller: Caller = call.principal
    params = call.params
    flow = _flow(caller.organization, params["org_id"], params["flow_id"])
    rule = query.RunFilter(
        window=query.Window.of(params["start_date"], params["end_date"]),
        flow_id=caller.organization.flows[flow].id,
        user_id=params["user_id"] or None,
        states=query.parse_states(params["state"]),
    )
    now = call.state.clock.now()
    runs = call.state.store.tenant(caller.organization.slug)
    found = select.select(runs, now, flow, rule)
    shown = select.page(found, params["page"] * params["page_size"], params["page_size"])
    return Reply(RawJson(json_array([_encoded(call, run, now) for run in shown])))


def list_project_run_summaries(call: Call) -> Reply:
    caller: Caller = call.principal
    params = call.params
    window = query.Window.of(params["start_date"], params["end_date"])
    runs = call.state.store.tenant(caller.organization.slug)
    rows = summary.project_rows(runs, caller.organization, call.state.clock.now(), window)
    return Reply(query.page_of(rows, params["page"], params["page_size"], len(rows)))


def _encoded(call: Call, run: StackRun, now: datetime) -> bytes:
    """A finished run's item is the same bytes on every request: encoded once, then cached.
    A run in progress is a view of this instant only, not worth keeping."""
    if run.ended_at is not None and now < run.ended_at:
        return DIALECT.encode(model.item(run))
    return call.state.fragments.get(run, "item", lambda: DIALECT.encode(model.item(run)))


def _flow(organization: Organization, org_id: str, flow_id: str) -> int:
    """The flow's index among the organisation's."""
    if org_id != organization.id:
        raise ApiError(403, "forbidden", NOT_YOUR_ORGANIZATION)
    index = next((n for n, f in enumerate(organization.flows) if f.id == flow_id), None)
    if index is None:
        raise ApiError(404, "not_found", NO_SUCH_FLOW)
    return index
