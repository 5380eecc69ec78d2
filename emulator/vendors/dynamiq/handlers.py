"""One function per operationId of openapi/dynamiq.yaml: one app's runs as of the emulator's
clock (a run not created yet is no run; one in progress shows so), the runs a client creates
(started.py) and what it changes in them (changes.py), each kept by the store from then on."""

from __future__ import annotations

from collections.abc import Iterable

from emulator.fragments import RawJson, json_array, json_object
from emulator.store import micros
from emulator.vendor import Call, Reply, recalled
from emulator.vendors.dynamiq import body, changes, management, query, select, sse, started, view
from emulator.vendors.dynamiq.auth import Principal, not_found
from emulator.vendors.dynamiq.dialect import DIALECT
from emulator.vendors.dynamiq.events import Event, events_of
from emulator.vendors.dynamiq.model import DynamiqRun, as_of
from emulator.vendors.dynamiq.order import normalized


def list_runs(call: Call) -> Reply:
    return recalled(call, lambda: _runs(call))


def _runs(call: Call) -> Reply:
    principal: Principal = call.principal
    params, organization = call.params, principal.organization
    filters = query.Filters(
        frozenset(params["status"] or ()),
        params["user_id"] or "",
        (params["session_id"] or "").lower(),
    )
    spec = normalized(query.parse_sort(params["sort"] or "", query.RUN_SORTS))
    app = organization.live_apps.index(principal.app)
    ask = select.Ask(app, principal.app.id, filters, organization.behaviour, spec)
    number, size = params["page"], params["page_size"]
    runs = call.state.store.tenant(organization.slug)
    total, shown = select.page(runs, ask, call.state.clock.now(), (number - 1) * size, size)
    items = [_encoded(call, run) for run in shown]
    pagination = query.Page(number, size, total).as_json()
    body = json_object([("data", json_array(items)), ("pagination", DIALECT.encode(pagination))])
    return Reply(RawJson(body))


def _encoded(call: Call, run: DynamiqRun) -> bytes:
    shown = as_of(run, call.state.clock.now())
    if shown is not run:  # in progress: a view of this instant only, not worth keeping
        return DIALECT.encode(view.list_item(shown))
    return call.state.fragments.get(run, "list", lambda: DIALECT.encode(view.list_item(run)))


def get_run(call: Call) -> Reply:
    return Reply({"data": view.detail(as_of(_own_run(call), call.state.clock.now()))})


def list_run_events(call: Call) -> Reply:
    principal: Principal = call.principal
    params = call.params
    keys = query.parse_sort(params["sort"] or "", query.EVENT_SORTS)
    events = events_of(_own_run(call), principal.app.kind, call.state.clock.now())
    ordered = query.sort_by(events, keys, _event_value, lambda e: e.sequence)
    page = query.Page(params["page"], params["page_size"], len(events))
    data = [event.as_json() for event in page.cut(ordered)]
    return Reply({"data": data, "pagination": page.as_json()})


def _event_value(event: Event, field: str) -> tuple[bool, int]:
    # Timestamps compare as served and stored, in whole seconds (ties by sequence).
    return (False, event.sequence if field == "sequence" else micros(event.timestamp) // 10**6)


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


def create_run(call: Call) -> Reply:
    principal: Principal = call.principal
    request = body.create_run(call.body, call.headers.get("Content-Type"))
    now, app = call.state.clock.now(), principal.app
    starting = started.Starting(
        app, request.input, request.user_id, request.session_id, request.background
    )
    run = started.start(call.state, starting, started.next_id(call.state), now)
    call.state.store.load(principal.organization.slug, [run], origin="started")
    if request.stream:
        return _streamed(events_of(run, app.kind, now))
    if request.background:
        return Reply({"data": view.detail(as_of(run, now))}, 202)
    return Reply({"data": view.detail(run)})


def cancel_run(call: Call) -> Reply:
    now = call.state.clock.now()
    canceled = changes.cancel(_own_run(call), now)
    if canceled is not None:
        call.state.store.replace(canceled)
    return Reply({"message": "canceled"})


def send_run_input(call: Call) -> Reply:
    run = _own_run(call)  # an unknown run is a 404 before its body is read
    answer = body.run_input(call.body, call.headers.get("Content-Type"))
    call.state.store.replace(changes.answered(run, answer, call.state.clock.now()))
    return Reply({"message": "ok"})


def stream_run_events(call: Call) -> Reply:
    principal: Principal = call.principal
    after = call.params["after_sequence"] or 0
    events = events_of(_own_run(call), principal.app.kind, call.state.clock.now())
    return _streamed(e for e in events if e.sequence > after)


def _streamed(events: Iterable[Event]) -> Reply:
    return Reply(sse.frames(events), content_type=sse.CONTENT_TYPE,
                 headers=(("Cache-Control", "no-cache"),))  # fmt: skip


def get_app(call: Call) -> Reply:
    return management.app_reply(call)
