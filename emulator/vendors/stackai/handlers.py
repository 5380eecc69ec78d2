"""One function per operationId of openapi/stackai.yaml."""

from __future__ import annotations

import uuid
from datetime import datetime

from emulator.errors import ApiError
from emulator.fragments import RawJson, json_array
from emulator.store import DuplicateRun
from emulator.vendor import Call, Reply, recalled
from emulator.vendors.stackai import (
    groups,
    inputs,
    model,
    query,
    select,
    started,
    stream,
    summary,
)
from emulator.vendors.stackai.auth import Caller
from emulator.vendors.stackai.dialect import DIALECT
from emulator.vendors.stackai.model import StackRun, as_of
from emulator.vendors.stackai.tenancy import Flow, Organization

# None of these answers is documented; FastAPI HTTPExceptions raised by the route body,
# so they come after query (and body) validation (docs/fidelity.md).
NOT_YOUR_ORGANIZATION = "You do not have access to this organization"
NO_SUCH_FLOW = "Flow not found"
NO_SUCH_RUN = "Run not found"


def list_flow_runs(call: Call) -> Reply:
    return recalled(call, lambda: _flow_runs(call))


def _flow_runs(call: Call) -> Reply:
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


def get_run_from_id(call: Call) -> Reply:
    """One run of the flow, as its analytics row is at this instant."""
    caller: Caller = call.principal
    organization, params = caller.organization, call.params
    flow = organization.flows[_flow(organization, params["org_id"], params["flow_id"])]
    now = call.state.clock.now()
    return Reply(RawJson(_encoded(call, _run(call, organization, flow, params["run_id"]), now)))


def run_deployed_flow(call: Call) -> Reply:
    """Runs the flow on the caller's inputs; the run is finished when the call answers."""
    return Reply(started.answer(_start(call), is_verbose=call.params["verbose"]))


def stream_deployed_flow(call: Call) -> Reply:
    """The same run, answered as the frames of its steps."""
    params = call.params
    framing = stream.Framing(
        params["delta"], params["verbose"], has_prefix=params["prefix"], is_sse=params["sse"]
    )
    return Reply(stream.encoded(_start(call), framing), content_type=framing.content_type)


def _start(call: Call) -> StackRun:
    """A run of the flow on the caller's inputs, started and finished now, in the store."""
    caller: Caller = call.principal
    organization, params = caller.organization, call.params
    given = inputs.parse(call.body, call.headers.get("Content-Type"))
    flow = organization.flows[_flow(organization, params["org_id"], params["flow_id"])]
    connections = groups.generator_of(call.state.store.tenant(organization.slug)).connections
    starting, now = started.Starting(flow, caller.key, given, connections), call.state.clock.now()
    while True:  # an id a client injected first is skipped, as a database would retry
        run = started.start(call.state, starting, started.next_id(call.state), now)
        try:
            call.state.store.load(organization.slug, [run], origin="started")
        except DuplicateRun:
            continue
        return run


def _run(call: Call, organization: Organization, flow: Flow, run_id: str | None) -> StackRun:
    """The flow's run of that id started by now, as it is now. Any form of a UUID names it."""
    try:
        ident = None if run_id is None else str(uuid.UUID(run_id))
    except ValueError:
        ident = None
    runs = call.state.store.tenant(organization.slug)
    run = None if ident is None else runs.find(ident, call.state.store.now_us)
    if run is None or run.flow_id != flow.id:
        raise ApiError(404, "not_found", NO_SUCH_RUN)
    return as_of(run, call.state.clock.now())


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
