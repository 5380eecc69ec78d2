"""Dynamiq's Go services: the `{"error":{code,message,details}}` envelope (docs: run-api).

Every documented body pairs the status text with its snake-cased code (`Bad Request` /
`bad_request`, `Not Found` / `not_found`); the other statuses follow that rule (inferred).
Validation failures are 400 `bad_request` with `details` mapping each field to one message in
ozzo-validation's words ("cannot be blank", "must be no less than 1"); Go's encoding/json
writes map keys sorted, so `details` is sorted by field. JSON is written as encoding/json
writes it: compact, UTF-8, with `<`, `>`, `&`, U+2028 and U+2029 escaped.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError, EmulatorError, ParamError, ParamIssue
from emulator.vendor import Reply

# encoding/json's HTMLEscape and its line-separator escapes; these characters only ever
# occur inside strings of the encoded text, so replacing them there is exact.
_ESCAPES = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
)  # fmt: skip
# What ozzo-validation (and the `is` rules) say for each pydantic-named issue kind.
_OZZO: dict[str, Callable[[ParamIssue], str]] = {
    "missing": lambda _: "cannot be blank",
    "int_parsing": lambda _: "must be an integer number",
    "int_parsing_size": lambda _: "must be an integer number",
    "greater_than_equal": lambda i: f"must be no less than {i.context_dict()['ge']}",
    "less_than_equal": lambda i: f"must be no greater than {i.context_dict()['le']}",
    "enum": lambda _: "must be a valid value",
    "string_pattern_mismatch": lambda _: "must be in a valid format",
}
# Fields whose format rule is a named one (`is.UUID`) or a list of allowed values.
_BY_FIELD = {"session_id": "must be a valid UUID", "sort": "must be a valid value"}


def encode(body: Any) -> bytes:
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escaped in _ESCAPES:
        text = text.replace(char, escaped)
    return text.encode("utf-8")


def ozzo_message(issue: ParamIssue) -> str:
    if issue.kind not in ("missing", "int_parsing", "int_parsing_size") and issue.name in _BY_FIELD:
        return _BY_FIELD[issue.name]
    word = _OZZO.get(issue.kind)
    return "must be a valid value" if word is None else word(issue)


def details(error: ParamError) -> dict[str, str]:
    """One message per field (ozzo stops at a field's first failing rule), keys sorted."""
    found: dict[str, str] = {}
    for issue in error.issues:
        found.setdefault(issue.name, ozzo_message(issue))
    return dict(sorted(found.items()))


def code_of(message: str) -> str:
    """The code is the status text in snake case: `Not Found` is `not_found` (docs: run-api)."""
    return message.lower().replace(" ", "_").replace("-", "_")


def envelope(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if detail is not None:
        error["details"] = detail
    return {"error": error}


@dataclass(frozen=True, slots=True)
class DynamiqDialect:
    def render(self, error: EmulatorError, _number: int, /) -> Reply:
        if isinstance(error, ParamError):
            return Reply(envelope("bad_request", "Bad Request", details(error)), 400)
        if isinstance(error, ApiError):
            body = envelope(code_of(error.message), error.message, error.details)
            return Reply(body, error.status, headers=error.headers)
        return Reply(envelope("internal_server_error", "Internal Server Error"), 500)

    def encode(self, body: Any) -> bytes:
        return encode(body)


DIALECT = DynamiqDialect()
