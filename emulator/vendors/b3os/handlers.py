"""One function per operationId of openapi/b3os.yaml: the CU routes.

Every success is `{code: 0, data, message: "successfully", requestId}`; the request id is also
sent as `X-Request-Id`. A JSON body on a GET (the vendor's own examples send `{}`) is ignored.
"""

from __future__ import annotations

from typing import Any

from emulator.fragments import RawJson, json_array, json_object
from emulator.vendor import Call, Reply
from emulator.vendors.b3os import costs, query, usage
from emulator.vendors.b3os.auth import Principal, require_write
from emulator.vendors.b3os.body import min_threshold
from emulator.vendors.b3os.dialect import DIALECT, JSON_TYPE
from emulator.vendors.b3os.model import B3osRun, list_item
from emulator.vendors.b3os.requestid import HEADER, request_id
from emulator.vendors.b3os.tenancy import Organization

THRESHOLDS = "thresholds"  # call.state.memory: org slug -> the minThreshold a PUT set


def get_cu_runs(call: Call) -> Reply:
    runs = call.state.store.runs(_organization(call).slug)
    page = query.page(runs, call.params["limit"], call.params["offset"])
    data = json_object([
        ("hasMore", DIALECT.encode(page.has_more)),
        ("items", json_array([_encoded_item(call, run) for run in page.items])),
        ("limit", DIALECT.encode(page.limit)),
        ("offset", DIALECT.encode(page.offset)),
    ])  # fmt: skip
    return _success(call, RawJson(data))


def _encoded_item(call: Call, run: B3osRun) -> bytes:
    return call.state.fragments.get(run, "cu-run", lambda: DIALECT.encode(list_item(run)))


def get_cu_balance(call: Call) -> Reply:
    organization = _organization(call)
    runs = call.state.store.runs(organization.slug)
    balance = usage.balance(organization.cu, runs, call.state.settings.epoch)
    return _ok(call, {"balance": balance, "minThreshold": _threshold(call, organization)})


def get_cu_usage(call: Call) -> Reply:
    organization = _organization(call)
    year_month = call.params["yearMonth"]
    year, month = query.month_of(year_month)
    days = usage.daily(call.state.store.runs(organization.slug), year, month)
    now = call.state.clock.now()
    has_begun = (year, month) <= (now.year, now.month)
    totals = usage.summary(organization.cu, year_month, days, has_begun)
    return _ok(call, {"daily": days, "summary": totals, "yearMonth": year_month})


def get_cu_usage_by_workflow(call: Call) -> Reply:
    organization = _organization(call)
    window = query.Window.of(call.params["from"], call.params["to"])
    runs = call.state.store.runs(organization.slug)
    return _ok(call, {"workflows": usage.by_workflow(organization, runs, window)})


def update_cu_threshold(call: Call) -> Reply:
    principal: Principal = call.principal
    require_write(principal)
    new = min_threshold(call.body)
    organization = principal.organization
    old = _threshold(call, organization)
    call.state.memory.setdefault(THRESHOLDS, {})[organization.slug] = new
    return _ok(call, {"newThreshold": new, "oldThreshold": old})


def get_cu_costs(call: Call) -> Reply:
    return _ok(call, costs.cost_list())


def _organization(call: Call) -> Organization:
    principal: Principal = call.principal
    return principal.organization


def _threshold(call: Call, organization: Organization) -> float:
    changed: dict[str, float] = call.state.memory.get(THRESHOLDS, {})
    return changed.get(organization.slug, organization.cu.min_threshold)


def _ok(call: Call, data: Any) -> Reply:
    return _success(call, RawJson(DIALECT.encode(data)))


def _success(call: Call, data: RawJson) -> Reply:
    identifier = request_id(call.number)
    body = json_object([
        ("code", b"0"),
        ("data", data.data),
        ("message", b'"successfully"'),
        ("requestId", DIALECT.encode(identifier)),
    ])  # fmt: skip
    return Reply(RawJson(body), content_type=JSON_TYPE, headers=((HEADER, identifier),))
