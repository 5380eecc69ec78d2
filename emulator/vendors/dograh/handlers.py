"""One function per operationId of openapi/dograh.yaml."""

from __future__ import annotations

from emulator.errors import ApiError
from emulator.fragments import RawJson, json_array, json_object
from emulator.generate import derive_seed
from emulator.vendor import Call, Reply
from emulator.vendors.dograh import artifact, filters, query, select, tokens
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.dialect import DIALECT
from emulator.vendors.dograh.model import ARTIFACTS, DograhRun, as_of
from emulator.vendors.dograh.tenancy import Organization
from emulator.vendors.dograh.view import detail, list_item


def get_usage_history(call: Call) -> Reply:
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
    items = [_encoded_item(call, run) for run in shown]
    fields = [("runs", json_array(items)), *((k, DIALECT.encode(v)) for k, v in totals.items())]
    return Reply(RawJson(json_object(fields)))


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
