"""B3OS's error envelope `{code, message, details, requestId}` and Go's JSON (the spec).

`code` is the vendor's six-digit business code, HTTP status x 1000 + n. The vendor publishes n
only for a few run-creation errors (400078, 400228...), none for the CU routes, so every error
here is n = 0 unless the raise site numbers it. `message` is Go's http.StatusText (or the text
an injected fault gives); `details` holds the Go error strings (strconv, time, encoding/json) a
handler would pass on.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from emulator.errors import ApiError, EmulatorError, ErrorKind, ParamError, ParamIssue
from emulator.vendor import Reply
from emulator.vendors.b3os import encoding
from emulator.vendors.b3os.requestid import HEADER, request_id

STATUS_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
               405: "Method Not Allowed", 409: "Conflict", 413: "Request Entity Too Large",
               429: "Too Many Requests", 500: "Internal Server Error",
               503: "Service Unavailable"}  # fmt: skip
# gin's c.JSON content type.
JSON_TYPE = "application/json; charset=utf-8"
_KINDS: dict[int, ErrorKind] = {400: "bad_request", 401: "unauthorized", 403: "forbidden",
                                404: "not_found", 409: "conflict",
                                429: "rate_limited"}  # fmt: skip


def failure(
    status: int, details: list[Any] | None = None, headers: tuple[tuple[str, str], ...] = ()
) -> ApiError:
    """The ApiError a B3OS handler raises: Go's status text, Go error strings as details."""
    kind = _KINDS.get(status, "internal")
    return ApiError(status, kind, STATUS_TEXT[status], details or [], headers)


def issue_text(issue: ParamIssue) -> str:
    """One parameter failure as the Go handler words it: `name: reason`."""
    if issue.kind == "missing":
        return f"{issue.name}: is required"
    bound = issue.context_dict()
    if "ge" in bound:
        return f"{issue.name}: must be greater than or equal to {bound['ge']}"
    return f"{issue.name}: {issue.message}"


def envelope(code: int, message: str, details: list[Any], number: int) -> dict[str, Any]:
    return {"code": code, "details": details, "message": message, "requestId": request_id(number)}


def status_text(status: int) -> str:
    """Go's http.StatusText (the IANA phrases, as Python's HTTPStatus has them)."""
    if status in STATUS_TEXT:
        return STATUS_TEXT[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


@dataclass(frozen=True, slots=True)
class B3osDialect:
    def render(self, error: EmulatorError, number: int, /) -> Reply:
        if isinstance(error, ParamError):
            details = [issue_text(i) for i in error.issues]
            return _reply(400, 400_000, status_text(400), details, (), number)
        if isinstance(error, ApiError):
            return _api_error(error, number)
        return _reply(500, 500_000, status_text(500), [], (), number)

    def encode(self, body: Any) -> bytes:
        return encoding.encode(body)


def _api_error(error: ApiError, number: int) -> Reply:
    # Any 4xx/5xx keeps its status (a known path with another method is a 405 with Allow:
    # gin with HandleMethodNotAllowed, see the ledger); anything else is a 500.
    status = error.status if 400 <= error.status <= 599 else 500
    details = error.details if isinstance(error.details, list) else []
    message = error.message if status == error.status else status_text(500)
    code = error.number or status * 1000
    return _reply(status, code, message or status_text(status), details, error.headers, number)


def _reply(
    status: int, code: int, message: str, details: list[Any],
    headers: tuple[tuple[str, str], ...], number: int,
) -> Reply:  # fmt: skip
    body = envelope(code, message, details, number)
    return Reply(body, status, JSON_TYPE, (*headers, (HEADER, body["requestId"])))


DIALECT = B3osDialect()
