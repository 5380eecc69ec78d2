"""Runs as Dograh serves them: the usage list's item and the run details, in each model's field
order (api/routes/organization_usage.py `WorkflowRunUsageResponse` and
api/schemas/workflow.py `WorkflowRunResponseSchema` at dograh-hq/dograh@058c540c). The two
models order the artifact pairs oppositely: the list names the recording first, the details
the transcript.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from emulator.vendors.dograh.model import DograhRun

LIST_ARTIFACTS = ("recording", "transcript", "user_recording", "bot_recording")
DETAIL_ARTIFACTS = ("transcript", "recording", "user_recording", "bot_recording")


def list_item(run: DograhRun, base_url: str, token: str | None) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "workflow_name": run.workflow_name,
        "name": run.name,
        "created_at": run.created_at.astimezone(UTC).isoformat(),
        "dograh_token_usage": 0.0,  # hard-coded 0 at 058c540c
        "call_duration_seconds": run.shown_duration,
        **_storage_keys(run, LIST_ARTIFACTS),
        **_public_urls(run, base_url, token, LIST_ARTIFACTS),
        "public_access_token": token,
        **_numbers(run),
        "call_type": run.call_type,
        "mode": run.mode,
        "disposition": run.disposition,
        "initial_context": _plain(run.initial_context),
        "gathered_context": _plain(run.gathered_context),
        "charge_usd": run.charge_usd,
    }


def heading(run: DograhRun) -> dict[str, Any]:
    """The fields `WorkflowRunResponseSchema` opens with (the details and one agent's runs)."""
    return {
        "id": run.id,
        "workflow_id": run.workflow_id,
        "name": run.name,
        "mode": run.mode,
        "created_at": zulu(run),
        "is_completed": run.is_completed,
    }


def detail(run: DograhRun, base_url: str, token: str | None) -> dict[str, Any]:
    return {
        **heading(run),
        **_storage_keys(run, DETAIL_ARTIFACTS),
        **_public_urls(run, base_url, token, DETAIL_ARTIFACTS),
        "public_access_token": token,
        "cost_info": cost_info(run),
        "usage_info": public_usage_info(run.usage_info),
        "definition_id": run.definition_id,
        "initial_context": _plain(run.initial_context),
        "gathered_context": _plain(run.gathered_context),
        "call_type": run.call_type,
        "logs": None,
        "annotations": None,
    }


def cost_info(run: DograhRun) -> dict[str, Any] | None:
    """`format_public_cost_info`: the duration rounded, the tokens (`... or 0`: the integer 0
    when there are none); null when it has neither (api/services/workflow/run_usage_response.py).
    """
    tokens = run.dograh_token_usage or 0
    if run.duration is None and tokens == 0:
        return None
    shown = None if run.duration is None else run.shown_duration
    return {"dograh_token_usage": tokens, "call_duration_seconds": shown}


def public_usage_info(usage: Any) -> dict[str, Any] | None:
    """`format_public_usage_info`: null while empty (in progress), else the three usage maps
    (each {} when absent) and the raw duration (api/services/workflow/run_usage_response.py)."""
    if not usage:
        return None
    return {"llm": dict(usage.get("llm") or {}), "tts": dict(usage.get("tts") or {}),
            "stt": dict(usage.get("stt") or {}),
            "call_duration_seconds": usage.get("call_duration_seconds")}  # fmt: skip


def _storage_keys(run: DograhRun, kinds: tuple[str, ...]) -> dict[str, str | None]:
    """`<kind>_url`: the artifact's storage key (not a URL), in `kinds` order."""
    return {f"{kind}_url": run.artifacts.get(kind) for kind in kinds}


def _public_urls(
    run: DograhRun, base_url: str, token: str | None, kinds: tuple[str, ...]
) -> dict[str, str | None]:
    """`*_public_url`: recording and transcript whenever a token exists; tracks only if the
    run has them."""
    root = f"{base_url}/api/v1/public/download/workflow/{token}"
    shown = {"recording", "transcript"}
    return {
        f"{kind}_public_url": f"{root}/{kind}"
        if token and (kind in shown or run.artifacts.get(kind)) else None
        for kind in kinds
    }  # fmt: skip


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


def zulu(run: DograhRun) -> str:
    """pydantic v2's datetime form: `Z`, microseconds only when non-zero."""
    return run.created_at.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _plain(value: Any) -> Any:
    return None if value is None else dict(value)
