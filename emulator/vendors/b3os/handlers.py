"""One function per operationId of openapi/b3os.yaml: the CU routes here, the runs and
organisation routes in emulator/vendors/b3os/runs_routes.py.

Every CU success is `{code: 0, data, message: "successfully", requestId}` (success.py); the
request id is also sent as `X-Request-Id`. A JSON body on a GET (the vendor's own examples
send `{}`) is ignored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from emulator.fragments import RawJson, json_array, json_object
from emulator.vendor import Call, Reply, recalled
from emulator.vendors.b3os import costs, query, usage
from emulator.vendors.b3os.auth import Principal, require_write
from emulator.vendors.b3os.body import min_threshold
from emulator.vendors.b3os.dialect import DIALECT
from emulator.vendors.b3os.generator import HISTORY
from emulator.vendors.b3os.ledger import snapshot
from emulator.vendors.b3os.organizations import THRESHOLDS, threshold
from emulator.vendors.b3os.run import B3osRun, as_of, is_finished, list_item
from emulator.vendors.b3os.runs_routes import (  # noqa: F401
    cancel_run,
    get_run,
    list_organizations,
    list_runs,
    retry_run,
    run_workflow,
)
from emulator.vendors.b3os.success import CU, success
from emulator.vendors.b3os.tenancy import Organization


def get_cu_runs(call: Call) -> Reply:
    # The envelope's request id is per request; the page inside it is recalled.
    return _success(call, recalled(call, lambda: _cu_runs(call)))


def _cu_runs(call: Call) -> RawJson:
    runs = call.state.store.runs(_organization(call).slug)
    page = query.page(runs, call.params["limit"], call.params["offset"])
    now = call.state.clock.now()
    data = json_object([
        ("hasMore", DIALECT.encode(page.has_more)),
        ("items", json_array([_encoded_item(call, run, now) for run in page.items])),
        ("limit", DIALECT.encode(page.limit)),
        ("offset", DIALECT.encode(page.offset)),
    ])  # fmt: skip
    return RawJson(data)


def _encoded_item(call: Call, run: B3osRun, now: datetime) -> bytes:
    if not is_finished(run, now):  # in progress: a view of this instant only
        return DIALECT.encode(list_item(as_of(run, now)))
    return call.state.fragments.get(run, "cu-run", lambda: DIALECT.encode(list_item(run)))


def get_cu_balance(call: Call) -> Reply:
    organization = _organization(call)
    at_epoch = _account(call, organization, call.state.settings.epoch)
    now = _account(call, organization, call.state.clock.now())
    data = {"balance": usage.balance(at_epoch, now),
            "minThreshold": _threshold(call, organization)}  # fmt: skip
    return _ok(call, data)


def get_cu_usage(call: Call) -> Reply:
    organization = _organization(call)
    year_month = call.params["yearMonth"]
    month = usage.month_index(*query.month_of(year_month))
    account = _account(call, organization, call.state.clock.now())
    data = json_object([("daily", usage.daily(account.snap, month)),
                        ("summary", DIALECT.encode(account.summary(month))),
                        ("yearMonth", DIALECT.encode(year_month))])  # fmt: skip
    return _success(call, RawJson(data))


def get_cu_usage_by_workflow(call: Call) -> Reply:
    organization = _organization(call)
    start, end = query.window(call.params["from"], call.params["to"])
    snap = snapshot(call.state.store.tenant(organization.slug), call.state.clock.now())
    return _ok(call, {"workflows": usage.by_workflow(organization, snap, start, end)})


def _account(call: Call, organization: Organization, instant: datetime) -> usage.Account:
    """The organisation's account seen from `instant`; it opens with the generated history."""
    snap = snapshot(call.state.store.tenant(organization.slug), instant)
    first = usage.month_of(call.state.settings.epoch - HISTORY)
    return usage.Account(organization.cu, first, snap, instant)


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
    return threshold(call.state, organization)


def _ok(call: Call, data: Any) -> Reply:
    return _success(call, RawJson(DIALECT.encode(data)))


def _success(call: Call, data: RawJson) -> Reply:
    return success(call, data, CU)
