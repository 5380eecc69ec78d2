"""One function per operationId of openapi/dograh.yaml."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from emulator.errors import ApiError
from emulator.fragments import RawJson, json_array, json_object
from emulator.generate import derive_seed
from emulator.vendor import Call, Reply
from emulator.vendors.dograh import artifact, query
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.dialect import DIALECT
from emulator.vendors.dograh.model import ARTIFACTS, DograhRun, lazy_token
from emulator.vendors.dograh.tenancy import Organization


def get_usage_history(call: Call) -> Reply:
    organization = _organization(call)
    params = call.params
    window = query.Window(
        query.parse_date(params["start_date"]), query.parse_date(params["end_date"])
    )
    predicates = query.parse_filters(params["filters"])
    runs = query.select(call.state.store.runs(organization.slug), window, predicates)
    runs = query.ordered(runs, params["sort_by"], params["sort_order"])
    page, limit = params["page"], params["limit"]
    shown = runs[(page - 1) * limit : page * limit]
    totals = {
        # Totals cover the returned page only (organization_usage.py sums the page).
        "total_dograh_tokens": 0.0,
        "total_duration_seconds": sum(run.shown_duration for run in shown),
        "total_count": len(runs),
        "page": page,
        "limit": limit,
        "total_pages": (len(runs) + limit - 1) // limit,
    }
    items = [_encoded_item(call, run) for run in shown]
    fields = [("runs", json_array(items)), *((k, DIALECT.encode(v)) for k, v in totals.items())]
    return Reply(RawJson(json_object(fields)))


def _encoded_item(call: Call, run: DograhRun) -> bytes:
    base = call.base_url
    return call.state.fragments.get(run, base, lambda: DIALECT.encode(list_item(run, base)))


def get_workflow_run(call: Call) -> Reply:
    organization = _organization(call)
    found = call.state.store.find(call.params["run_id"])
    if found is None or found[0] != organization.slug:
        raise ApiError(404, "not_found", "Workflow run not found")
    run: DograhRun = found[1]
    if run.has_artifact and run.public_access_token is None:
        run = run.with_token(lazy_token(call.state.settings.seed, run.id))
        call.state.store.replace(run)
    return Reply(detail(run, call.base_url))


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
    if found is None or not found[1].artifacts.get(kind):
        raise ApiError(404, "not_found", "Not Found")
    run: DograhRun = found[1]
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
    for slug in call.state.store.tenants():
        for run in call.state.store.runs(slug):
            if run.public_access_token == token:
                return run  # type: ignore[no-any-return]
    raise ApiError(404, "not_found", "Invalid or expired token")


def _secret(call: Call) -> bytes:
    return derive_seed(call.state.settings.seed, "dograh", "storage-signing")


def _public_urls(run: DograhRun, base_url: str) -> dict[str, str | None]:
    """`*_public_url`: recording/transcript whenever a token exists; tracks only if present."""
    token = run.public_access_token
    root = f"{base_url}/api/v1/public/download/workflow/{token}"
    return {
        "recording_public_url": f"{root}/recording" if token else None,
        "transcript_public_url": f"{root}/transcript" if token else None,
        "user_recording_public_url": f"{root}/user_recording"
        if token and run.artifacts.get("user_recording")
        else None,
        "bot_recording_public_url": f"{root}/bot_recording"
        if token and run.artifacts.get("bot_recording")
        else None,
    }


def _storage_keys(run: DograhRun, kinds: tuple[str, ...]) -> dict[str, str | None]:
    """`<kind>_url`: the artifact's storage key (not a URL: organization_usage.py), in `kinds`
    order."""
    return {f"{kind}_url": run.artifacts.get(kind) for kind in kinds}


def _numbers(run: DograhRun) -> dict[str, str | None]:
    """The list's number fields, derived from initial_context as the vendor derives them."""
    caller = run.context_text("initial", "caller_number")
    phone = run.context_text("initial", "phone_number")
    return {
        # Deprecated at the vendor: the caller for inbound runs, else the dialled number.
        "phone_number": caller if run.call_type == "inbound" else phone,
        "caller_number": caller,
        "called_number": run.context_text("initial", "called_number") or phone,
    }


def list_item(run: DograhRun, base_url: str) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "workflow_name": run.workflow_name,
        "name": run.name,
        "created_at": run.created_at.astimezone(UTC).isoformat(),
        "dograh_token_usage": 0.0,  # hard-coded 0 at 058c540c (organization_usage.py)
        "call_duration_seconds": run.shown_duration,
        **_storage_keys(run, ("recording", "transcript", "user_recording", "bot_recording")),
        **_public_urls(run, base_url),
        "public_access_token": run.public_access_token,
        **_numbers(run),
        "call_type": run.call_type,
        "mode": run.mode,
        "disposition": run.disposition,
        "initial_context": _plain(run.initial_context),
        "gathered_context": _plain(run.gathered_context),
        "charge_usd": run.charge_usd,
    }


def detail(run: DograhRun, base_url: str) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "name": run.name,
        "mode": run.mode,
        "created_at": zulu(run),
        "is_completed": run.is_completed,
        **_storage_keys(run, ("transcript", "recording", "user_recording", "bot_recording")),
        **_public_urls(run, base_url),
        "public_access_token": run.public_access_token,
        "cost_info": None
        if run.duration is None
        else {
            "dograh_token_usage": run.dograh_token_usage,
            "call_duration_seconds": run.shown_duration,
        },
        "usage_info": _plain(run.usage_info),
        "definition_id": run.definition_id,
        "initial_context": _plain(run.initial_context),
        "gathered_context": _plain(run.gathered_context),
        "call_type": run.call_type,
        "logs": None,
        "annotations": None,
    }


def zulu(run: DograhRun) -> str:
    """pydantic v2's datetime form: `Z`, microseconds only when non-zero."""
    return run.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _plain(value: Any) -> Any:
    return None if value is None else dict(value)
