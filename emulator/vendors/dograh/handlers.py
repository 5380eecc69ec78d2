"""One function per operationId of openapi/dograh.yaml: the run routes here, the others from
the modules named below (handlers_in finds them all in this module)."""

from __future__ import annotations

from emulator.errors import ApiError
from emulator.fragments import RawJson, json_array
from emulator.generate import derive_seed
from emulator.vendor import Call, Reply, recalled
from emulator.vendors.dograh import artifact, filters, query, select, telephony, tokens
from emulator.vendors.dograh.agent_runs import get_workflow_runs  # noqa: F401
from emulator.vendors.dograh.agents import (  # noqa: F401
    get_workflow_count,
    get_workflows,
    get_workflows_summary,
)
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.calls import (  # noqa: F401
    initiate_call,
    initiate_call_by_trigger,
    initiate_call_by_workflow_uuid,
    initiate_call_test_by_trigger,
    initiate_call_test_by_workflow_uuid,
)
from emulator.vendors.dograh.dialect import DIALECT
from emulator.vendors.dograh.key_routes import (  # noqa: F401
    archive_api_key,
    create_api_key,
    get_api_keys,
    reactivate_api_key,
)
from emulator.vendors.dograh.model import ARTIFACTS, DograhRun, as_of
from emulator.vendors.dograh.report import download_usage_runs_report  # noqa: F401
from emulator.vendors.dograh.tenancy import Organization
from emulator.vendors.dograh.usage import (  # noqa: F401
    get_current_period_usage,
    get_daily_usage_breakdown,
)
from emulator.vendors.dograh.view import detail, list_item

APP_VERSION = "1.45.0"  # api/pyproject.toml at 058c540c


def get_usage_history(call: Call) -> Reply:
    return recalled(call, lambda: _usage_history(call))


def _usage_history(call: Call) -> Reply:
    organization = _organization(call)
    params = call.params
    window = query.Window(
        query.parse_date(params["start_date"]), query.parse_date(params["end_date"])
    )
    conditions = filters.parse(params["filters"], filters.USAGE_LIST).conditions
    now = call.state.clock.now()
    found = select.select(call.state.store.tenant(organization.slug), now, window, conditions)
    page, limit = params["page"], params["limit"]
    shown = select.page(found, params["sort_by"], params["sort_order"], (page - 1) * limit, limit)
    total = len(found)
    totals = {
        # Totals cover the returned page only (organization_usage.py sums the page).
        "total_dograh_tokens": 0.0,
        "total_duration_seconds": select.totals_of(shown),
        "total_count": total,
        "page": page,
        "limit": limit,
        "total_pages": (total + limit - 1) // limit,
    }
    items = json_array([_encoded_item(call, run) for run in shown])
    # The totals encoded as one object and joined after the runs: one encoder call, not six.
    return Reply(RawJson(b'{"runs":' + items + b"," + DIALECT.encode(totals)[1:]))


def _encoded_item(call: Call, run: DograhRun) -> bytes:
    base, token = call.base_url, tokens.issued(call.state, run)
    if not run.is_completed:  # in progress: a view of this instant only, not worth keeping
        return DIALECT.encode(list_item(run, base, token))
    encode = lambda: DIALECT.encode(list_item(run, base, token))  # noqa: E731
    return call.state.fragments.get(run, f"{base} {token}", encode)


def get_workflow_run(call: Call) -> Reply:
    organization = _organization(call)
    found = call.state.store.find(call.params["run_id"])
    if found is None or found[0] != organization.slug:
        raise ApiError(404, "not_found", "Workflow run not found")
    run = as_of(found[1], call.state.clock.now())
    token = tokens.issued(call.state, run)
    if run.has_artifact and token is None:
        token = tokens.issue(call.state, run)
    return Reply(detail(run, call.base_url, token))


def download_artifact(call: Call) -> Reply:
    token, kind = call.params["token"], call.params["artifact_type"]
    run = _by_token(call, token)
    if kind not in ARTIFACTS:
        raise ApiError(400, "bad_request", "Unsupported artifact type")
    if not run.artifacts.get(kind):
        raise ApiError(404, "not_found", f"No {kind} available for this workflow run")
    path = artifact.signed_path(
        _secret(call), run, kind, call.state.clock.now(), call.params["inline"]
    )
    return Reply(status=302, headers=(("Location", call.base_url + path),))


def read_storage_object(call: Call) -> Reply:
    run_id, kind = call.params["run_id"], call.params["artifact_type"]
    found = call.state.store.find(run_id)
    is_signed = artifact.is_valid(
        _secret(call), run_id, kind, call.params["expires"], call.params["signature"]
    )
    if not is_signed:
        return _storage_denied(
            "SignatureDoesNotMatch", "The request signature we calculated does not match."
        )
    if call.params["expires"] < call.state.clock.now().timestamp():
        return _storage_denied("AccessDenied", "Request has expired")
    run: DograhRun | None = None if found is None else as_of(found[1], call.state.clock.now())
    if run is None or not run.artifacts.get(kind):
        raise ApiError(404, "not_found", "Not Found")
    disposition = "inline" if call.params["inline"] else "attachment"
    name = str(run.artifacts[kind]).rsplit("/", 1)[-1]
    headers = (("Content-Disposition", f'{disposition}; filename="{name}"'),)
    if kind == "transcript":
        return Reply(artifact.transcript(run), 200, "text/plain; charset=utf-8", headers)
    return Reply(artifact.wav(run, kind), 200, "audio/wav", headers)


def health(call: Call) -> Reply:
    """`GET /api/v1/health` (api/routes/main.py): no credentials; the deployment's settings."""
    organizations = [t for t in call.state.tenants.values() if isinstance(t, Organization)]
    is_saas = not organizations or organizations[0].deployment == "saas"
    return Reply({
        "status": "ok",
        "version": APP_VERSION,
        "backend_api_endpoint": call.base_url,
        "tunnel_url": None,
        "deployment_mode": "saas" if is_saas else "oss",
        "auth_provider": "stack" if is_saas else "local",
        "turn_enabled": False,
        "force_turn_relay": False,
        "signup_enabled": True,
        "stack_project_id": None,
        "stack_publishable_client_key": None,
    })  # fmt: skip


def list_telephony_configurations(call: Call) -> Reply:
    configs = sorted(_organization(call).telephony, key=lambda c: (c.created_at, c.id))
    return Reply({"configurations": [telephony.list_item(c) for c in configs]})


def _organization(call: Call) -> Organization:
    caller: Caller = call.principal
    return caller.organization


def _storage_denied(code: str, message: str) -> Reply:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return Reply(body, 403, "application/xml")


def _by_token(call: Call, token: str) -> DograhRun:
    # The vendor looks the token up across all organizations: the link is public.
    run = tokens.run_of(call.state, token)
    if run is None:
        raise ApiError(404, "not_found", "Invalid or expired token")
    return as_of(run, call.state.clock.now())


def _secret(call: Call) -> bytes:
    return derive_seed(call.state.settings.seed, "dograh", "storage-signing")
