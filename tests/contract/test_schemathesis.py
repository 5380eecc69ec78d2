"""Schemathesis against every vendor spec, served by a live emulator (issue: robustness gate).

Every operation is called with generated (valid and invalid) data and a valid test key; the
checks are schemathesis's own: no server errors, status codes, content types, headers and
bodies conforming to our spec, auth not ignored. The only 500s allowed are the vendors' own
documented ones (docs/fidelity.md), listed in `VENDOR_500S` with the request shape that causes them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.core.failures import AcceptedNegativeData, Failure, FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData

from emulator.framework.pydantic_datetime import to_datetime
from emulator.scalar import Invalid
from emulator.vendor import Vendor, base_path, discover
from tests.contract.server import LiveServer

SPECS = Path(__file__).resolve().parents[2] / "openapi"
VENDORS = {v.name: v for v in discover()}
# Bounded and reproducible for CI; `FUZZ_EXAMPLES=1000 ./scripts/test tests/contract` for a
# long manual run.
EXAMPLES = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")), derandomize=True, deadline=None,
    suppress_health_check=list(HealthCheck),
)  # fmt: skip


def auth_headers(vendor: Vendor) -> dict[str, str]:
    """The first tenant's test key, sent as the spec's first security scheme says."""
    key = next(iter(vendor_tenants(vendor))).test_key
    schemes = vendor.spec.document.get("components", {}).get("securitySchemes", {})
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
            return {scheme["name"]: key}
        if scheme.get("type") == "http" and scheme.get("scheme", "").lower() == "bearer":
            return {"Authorization": f"Bearer {key}"}
    return {}


def vendor_tenants(vendor: Vendor) -> list[Any]:
    from emulator.generate import read_yaml
    from emulator.settings import BUILTIN_FIXTURES

    return list(
        vendor.tenancy(read_yaml(BUILTIN_FIXTURES, "tenants.yaml", BUILTIN_FIXTURES)[vendor.name])
    )


def not_iso(text: Any) -> bool:
    if not text:
        return False
    try:
        datetime.fromisoformat(str(text))
    except ValueError:
        return True
    return False


def dograh_usage_500(query: dict[str, Any], body: Any) -> bool:
    """Malformed dates (plain-text 500) or filters JSON of the wrong shape (detail 500)."""
    if body == "Internal Server Error":
        return not_iso(query.get("start_date")) or not_iso(query.get("end_date"))
    return isinstance(body, dict) and bool(query.get("filters"))


def dograh_unhandled_500(query: dict[str, Any], body: Any) -> bool:
    """Routes without a try: malformed dates or filters of the wrong shape escape (plain text)."""
    dates = not_iso(query.get("start_date")) or not_iso(query.get("end_date"))
    return body == "Internal Server Error" and (dates or bool(query.get("filters")))


VENDOR_500S: dict[tuple[str, str], Callable[[dict[str, Any], Any], bool]] = {
    ("dograh", "get_usage_history"): dograh_usage_500,
    ("dograh", "download_usage_runs_report"): dograh_unhandled_500,
    ("dograh", "get_workflow_runs"): dograh_unhandled_500,
}


def is_documented_500(vendor: str, operation: str, query: dict[str, Any], text: str) -> bool:
    allowed = VENDOR_500S.get((vendor, operation))
    return allowed is not None and allowed(query, response_body(text))


def schema_for(vendor: str) -> Any:
    return schemathesis.openapi.from_path(SPECS / f"{vendor}.yaml")


# Where a vendor's paths need values that exist (random ids only ever reach the 404), each
# case is also sent with the first tenant's real ones, so that the fuzzer reaches the handlers.
REAL_PATH_VALUES: dict[str, dict[str, Any]] = {
    "b3os": {"orgId": "org_7e65gh2bh8rgp9vk5h3b"},
    "dograh": {"run_id": 900065, "workflow_id": 1208},
    "stackai": {
        "org_id": "ffb0dd9e-63e1-4869-a495-0dc210a25b19",
        "flow_id": "57fa49e56a34b37178e10e70",
    },
}


def run_case(case: Any, server: LiveServer, vendor: str) -> None:
    check_call(case, server, vendor)
    pinned = {
        name: value
        for name, value in REAL_PATH_VALUES.get(vendor, {}).items()
        if name in (case.path_parameters or {})
    }
    if pinned:
        case.path_parameters = {**case.path_parameters, **pinned}
        check_call(case, server, vendor)


def check_call(case: Any, server: LiveServer, vendor: str) -> None:
    headers = auth_headers(VENDORS[vendor])
    # Vendors with a mount (Dynamiq: one base URL per app) are fuzzed under the first tenant's.
    base = server.base_url + base_path(VENDORS[vendor], vendor_tenants(VENDORS[vendor])[0])
    response = case.call(base_url=base, headers=headers)
    query = dict(case.query or {})
    if response.status_code == 500 and is_documented_500(
        vendor, operation_id(case), query, response.text
    ):
        return
    try:
        case.validate_response(response, excluded_checks=[checks.max_response_time])
    except FailureGroup as group:
        real = [f for f in group.exceptions if not is_vendor_behaviour(f, vendor, case, response)]
        if real:
            shown = (
                f"{response.status_code} {case.path_parameters} {case.query} {response.text[:300]}"
            )
            raise FailureGroup(real, f"{group.message}: {shown}") from None


def is_vendor_behaviour(failure: Failure, vendor: str, case: Any, response: Any) -> bool:
    """Failures that are the vendor's documented behaviour, not ours."""
    if isinstance(failure, AcceptedNegativeData):
        # A negative Authorization header is replaced by the harness's valid key.
        if "Authorization" in str(failure.message) and "header" in str(failure.message):
            return True
        query = dict(case.query or {})
        # Unknown query parameters: these frameworks ignore them, as the vendors do.
        declared = {parameter.name for parameter in case.operation.query}
        if set(query) - declared:
            return True
        if vendor == "dograh" and only_repeated_strings(str(failure.message), case):
            return True
        # Go decodes a `null` body into a struct as no fields: B3OS's optional run body.
        if vendor == "b3os" and operation_id(case) == "run_workflow" and case.body is None:
            return True
        # pydantic's lax datetime reads numbers as Unix time: `start_date=0.5` is a date.
        return vendor == "stackai" and "_date" in str(failure.message) and lax_dates(query)
    if isinstance(failure, RejectedPositiveData):
        refused = VENDOR_REFUSALS.get((vendor, operation_id(case)))
        return refused is not None and refused(dict(case.query or {}), response_body(response.text))
    return False


def only_repeated_strings(message: str, case: Any) -> bool:
    """FastAPI reads a string parameter sent several times (an object or array, serialised as
    repeated keys) as its last value, so the request is valid to it; a path value that broke
    the schema was replaced by a real one before this call (run_case)."""
    broken = re.findall(r"- (query|path): violates `\w+` at /properties/(\w+)", message)
    strings = {p.name for p in case.operation.query
               if "string" in json.dumps(p.definition.get("schema", {}))}  # fmt: skip
    query = dict(case.query or {})
    return bool(broken) and all(
        part == "path" or (name in strings and isinstance(query.get(name), dict | list))
        for part, name in broken
    )


def lax_dates(query: dict[str, Any]) -> bool:
    values = [query[name] for name in ("start_date", "end_date") if name in query]
    flat = [v for value in values for v in (value if isinstance(value, list) else [value])]
    try:
        for value in flat:
            to_datetime(str(value))
    except Invalid:
        return False
    return True


def operation_id(case: Any) -> str:
    return str(case.operation.definition.raw.get("operationId", ""))


def response_body(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def dograh_usage_refusal(query: dict[str, Any], body: Any) -> bool:
    """Schema-valid strings the vendor refuses: `filters` that is not JSON (400)."""
    return body == {"detail": "Invalid filters format"} and bool(query.get("filters"))


def b3os_window_refusal(query: dict[str, Any], body: Any) -> bool:
    """`from` after `to`: both are valid integers, the pair is refused (400)."""
    try:
        return int(query["from"]) > int(query["to"]) and body["code"] == 400000
    except (KeyError, TypeError, ValueError):
        return False


def b3os_status_refusal(query: dict[str, Any], body: Any) -> bool:
    """A `status` that is not a run status: a plain string in the spec, refused (400)."""
    try:
        return bool(query.get("status")) and body["code"] == 400000
    except (KeyError, TypeError):
        return False


def b3os_run_id_refusal(_query: dict[str, Any], body: Any) -> bool:
    """A client's `runId` that is not `run_` and an xid (400078), or is taken (400079)."""
    return isinstance(body, dict) and body.get("code") in (400078, 400079)


def dograh_filter_refusal(_query: dict[str, Any], body: Any) -> bool:
    """`filters` that is not JSON (400), or names an attribute this route refuses (403)."""
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail == "Invalid filter format" or str(detail).startswith("Invalid attribute ")


def dograh_status_refusal(query: dict[str, Any], body: Any) -> bool:
    """A `status` other than active/archived: the vendor's own 422, worded as a string."""
    detail = body.get("detail") if isinstance(body, dict) else None
    return bool(query.get("status")) and str(detail).startswith("Invalid workflow status filter")


# What the call routes answer for values the request models accept (api/routes/telephony.py,
# api/routes/public_agent.py): an unready or unknown telephony setup, a missing number, a run
# or caller ID that does not fit.
DOGRAH_CALL_REFUSALS = frozenset({
    "telephony_configuration_not_found", "telephony_not_configured", "from_phone_number_not_found",
    "Phone number must be provided in request or set in organization preferences",
    "Workflow run not found", "workflow_run_workflow_mismatch",
    "Telephony provider not configured for this organization",
})  # fmt: skip


DOGRAH_CALLS = ("initiate_call", "initiate_call_by_trigger", "initiate_call_test_by_trigger",
                "initiate_call_by_workflow_uuid",
                "initiate_call_test_by_workflow_uuid")  # fmt: skip


def dograh_call_refusal(_query: dict[str, Any], body: Any) -> bool:
    detail = body.get("detail") if isinstance(body, dict) else None
    return detail in DOGRAH_CALL_REFUSALS or "is not ready for outbound calls" in str(detail)


# What Dynamiq's Go handlers refuse in bodies our schemas allow: ozzo rules a schema cannot say
# (an empty `input`, `stream` with `background`), a multipart `input` that is no JSON object,
# a run or request that is not waiting for an answer.
DYNAMIQ_BODY_RULES = frozenset({
    "cannot be blank", "must be blank", "must be a valid UUID", "must be an object",
    "must be a started or paused run", "must match a pending input request",
    "must be approval for this request", "must be human_feedback for this request",
})  # fmt: skip


def dynamiq_body_refusal(_query: dict[str, Any], body: Any) -> bool:
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or error.get("code") != "bad_request":
        return False
    details = error.get("details") or {}
    messages = [m for v in details.values() for m in (v.values() if isinstance(v, dict) else [v])]
    return all(m in DYNAMIQ_BODY_RULES for m in messages)


# Requests our specs allow (the vendor documents the field as a plain string) that the vendor
# itself refuses with a 4xx.
VENDOR_REFUSALS: dict[tuple[str, str], Callable[[dict[str, Any], Any], bool]] = {
    ("dograh", "get_usage_history"): dograh_usage_refusal,
    ("dograh", "download_usage_runs_report"): dograh_usage_refusal,
    ("dograh", "get_workflow_runs"): dograh_filter_refusal,
    ("dograh", "get_workflows"): dograh_status_refusal,
    ("dograh", "get_workflows_summary"): dograh_status_refusal,
    **{("dograh", op): dograh_call_refusal for op in DOGRAH_CALLS},
    ("b3os", "get_cu_usage_by_workflow"): b3os_window_refusal,
    ("b3os", "list_runs"): b3os_status_refusal,
    ("b3os", "run_workflow"): b3os_run_id_refusal,
    ("dynamiq", "create_run"): dynamiq_body_refusal,
    ("dynamiq", "send_run_input"): dynamiq_body_refusal,
}


def conformance_test(vendor: str) -> Callable[..., None]:
    """A schemathesis test over every operation of one vendor's spec."""
    parametrize = cast(Callable[[Any], Any], schema_for(vendor).parametrize())

    @parametrize
    @EXAMPLES
    def test(case: Any, server: LiveServer) -> None:
        run_case(case, server, vendor)

    return cast(Callable[..., None], test)


# One test per discovered vendor: a fifth vendor is fuzzed without touching this file.
for _name in VENDORS:
    globals()[f"test_{_name}_conforms"] = conformance_test(_name)
