"""One function per operationId of openapi/dynamiq.yaml; all of them read one app's runs."""

from __future__ import annotations

from collections.abc import Callable

from emulator.fragments import RawJson, json_array, json_object
from emulator.vendor import Call, Reply
from emulator.vendors.dynamiq import query, view
from emulator.vendors.dynamiq.auth import Principal, not_found
from emulator.vendors.dynamiq.dialect import DIALECT
from emulator.vendors.dynamiq.events import Event, events_of
from emulator.vendors.dynamiq.model import DynamiqRun


def list_runs(call: Call) -> Reply:
    principal: Principal = call.principal
    params = call.params
    filters = query.Filters(
        frozenset(params["status"] or ()),
        params["user_id"] or "",
        (params["session_id"] or "").lower(),
    )
    keys = query.parse_sort(params["sort"] or "", query.RUN_SORTS)
    runs = call.state.store.runs(principal.organization.slug)
    chosen = query.select(runs, principal.app.id, filters, principal.organization.behaviour)
    page = query.Page(params["page"], params["page_size"], len(chosen))
    shown = page.cut(query.sort_runs(chosen, keys))
    items = [call.state.fragments.get(run, "list", _encoder(run)) for run in shown]
    body = json_object(
        [("data", json_array(items)), ("pagination", DIALECT.encode(page.as_json()))]
    )
    return Reply(RawJson(body))


def _encoder(run: DynamiqRun) -> Callable[[], bytes]:
    return lambda: DIALECT.encode(view.list_item(run))


def get_run(call: Call) -> Reply:
    return Reply({"data": view.detail(_own_run(call))})


def list_run_events(call: Call) -> Reply:
    principal: Principal = call.principal
    params = call.params
    keys = query.parse_sort(params["sort"] or "", query.EVENT_SORTS)
    events = events_of(_own_run(call), principal.app.kind)
    ordered = query.sort_by(events, keys, _event_value, lambda e: e.sequence)
    page = query.Page(params["page"], params["page_size"], len(events))
    data = [event.as_json() for event in page.cut(ordered)]
    return Reply({"data": data, "pagination": page.as_json()})


def _event_value(event: Event, field: str) -> tuple[bool, float]:
    value = event.sequence if field == "sequence" else event.timestamp.timestamp()
    return (False, float(value))


def _own_run(call: Call) -> DynamiqRun:
    """The run, if it is one of this app's: another app's run is as unknown as no run."""
    principal: Principal = call.principal
    found = call.state.store.find(call.params["run_id"])
    if found is None or found[0] != principal.organization.slug:
        raise not_found()
    run: DynamiqRun = found[1]
    if run.app_id != principal.app.id:
        raise not_found()
    return run
