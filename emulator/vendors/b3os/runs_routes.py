"""The run and organisation routes (`/v1/runs...`, `/v1/organizations`): the same runs as
`cu/runs`, as of now, of the key's organisation (the key names it: no org in the path, no
`X-Org-ID` needed). Successes are `{code: 200, data, message: "success", requestId}`
(success.py). Writes (cancel, retry) need a read-write key (403), then the run (404: another
organisation's, a later one or an unknown id), then a state that allows them (409).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from emulator.errors import ApiError
from emulator.fragments import RawJson, json_array, json_object
from emulator.vendor import Call, Reply
from emulator.vendors.b3os import lifecycle, organizations, query, select, triggered, views
from emulator.vendors.b3os.auth import Principal, require_write
from emulator.vendors.b3os.dialect import DIALECT, failure
from emulator.vendors.b3os.run import STATUSES, B3osRun, as_of, is_finished
from emulator.vendors.b3os.run_params import run_params
from emulator.vendors.b3os.success import RUNS, success
from emulator.vendors.b3os.tenancy import Organization

# A client's own run id (to subscribe to the run before it starts): `run_` and an xid.
XID_RUN = re.compile(r"run_[0-9a-v]{20}")


def list_organizations(call: Call) -> Reply:
    """The organisations the key reaches: its own (one organisation per key)."""
    organization = _organization(call)
    limit, offset = min(call.params["limit"], query.MAX_LIMIT), call.params["offset"]
    every = [organizations.item(call.state, organization, call.state.settings.epoch)]
    items = every[offset : offset + limit]
    return _paged([DIALECT.encode(i) for i in items], limit, offset,
                  offset + len(items) < len(every), call)  # fmt: skip


def list_runs(call: Call) -> Reply:
    organization = _organization(call)
    status = call.params["status"] or None
    if status is not None and status not in STATUSES:
        raise failure(400, ["status: must be one of " + " ".join(STATUSES)])
    now = call.state.clock.now()
    found = select.select(call.state.store.tenant(organization.slug), now, status)
    limit, offset = min(call.params["limit"], query.MAX_LIMIT), call.params["offset"]
    shown = select.page(found, offset, limit)
    items = [_encoded_item(call, run, organization) for run in shown]
    return _paged(items, limit, offset, offset + len(shown) < len(found), call)


def _encoded_item(call: Call, run: B3osRun, organization: Organization) -> bytes:
    now = call.state.clock.now()
    if not is_finished(run, now):  # in progress: a view of this instant only
        return DIALECT.encode(views.list_item(as_of(run, now), organization))
    return call.state.fragments.get(
        run, "v1-run", lambda: DIALECT.encode(views.list_item(run, organization))
    )


def get_run(call: Call) -> Reply:
    organization = _organization(call)
    run = lifecycle.found(call.state, organization, call.params["id"])
    wanted = call.params["nodeIds"]
    node_ids = None if not wanted else {part for part in wanted.split(",") if part}
    return _run(call, run, organization, is_summary=call.params["summary"], node_ids=node_ids)


def cancel_run(call: Call) -> Reply:
    organization, run = _writable(call)
    return _run(call, lifecycle.cancel(call.state, run), organization)


def retry_run(call: Call) -> Reply:
    organization, run = _writable(call)
    return _run(call, lifecycle.retry(call.state, organization, run), organization)


def run_workflow(call: Call) -> Reply:
    """A run of one of the organisation's workflows, started now (draft, active and paused
    workflows run; an archived one is a 400); the answer is its id."""
    principal: Principal = call.principal
    require_write(principal)
    organization = principal.organization
    workflow = organization.workflow(call.params["id"])
    if workflow is None:
        raise failure(404, ["workflow not found"])
    asked = run_params(call.body).run_id
    if workflow.status == "archived":
        raise failure(400, ["workflow is archived"])
    if asked is not None and XID_RUN.fullmatch(asked) is None:
        raise ApiError(400, "bad_request", "Bad Request", ["invalid run ID"], number=400078)
    now = call.state.clock.now()
    run_id = asked or triggered.next_id(call.state, organization, now)
    run = triggered.start(call.state, organization, workflow, run_id)
    return success(call, RawJson(DIALECT.encode({"runId": run.id})), RUNS)


def _writable(call: Call) -> tuple[Organization, B3osRun]:
    principal: Principal = call.principal
    require_write(principal)
    organization = principal.organization
    return organization, lifecycle.found(call.state, organization, call.params["id"])


def _run(
    call: Call, run: B3osRun, organization: Organization, *, is_summary: bool = False,
    node_ids: set[str] | None = None,
) -> Reply:  # fmt: skip
    shown = as_of(run, call.state.clock.now())
    data = views.detail(run, shown, organization, is_summary=is_summary, node_ids=node_ids)
    return success(call, RawJson(DIALECT.encode(data)), RUNS)


def _paged(items: Sequence[bytes], limit: int, offset: int, has_more: bool, call: Call) -> Reply:
    data = json_object([
        ("hasMore", DIALECT.encode(has_more)),
        ("items", json_array(list(items))),
        ("limit", DIALECT.encode(limit)),
        ("offset", DIALECT.encode(offset)),
    ])  # fmt: skip
    return success(call, RawJson(data), RUNS)


def _organization(call: Call) -> Organization:
    principal: Principal = call.principal
    return principal.organization
