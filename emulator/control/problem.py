"""RFC 9457 problem details: how every control-plane failure is answered, naming each field.

A client of the control plane is a test suite; when its setup is wrong it should learn which
field, in which run of a batch, is wrong and why, from one answer, and nothing is applied.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from aiohttp import web
from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator

from emulator.flaws import Flaw, schema_flaws
from emulator.formats import FORMAT_CHECKER

PROBLEM_JSON = "application/problem+json"
# Any JSON value, so that "no body" can be told apart from a body that is `null`.
_NO_DEFAULT: Any = object()


@dataclass(frozen=True, slots=True)
class FieldIssue:
    field: str
    message: str


@dataclass(frozen=True, slots=True, eq=False)
class Problem(Exception):
    status: int
    detail: str
    errors: tuple[FieldIssue, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return f"{self.status} {self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "about:blank",
            "title": HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
            "errors": [{"field": e.field, "message": e.message} for e in self.errors],
        }


def invalid(detail: str, issues: Iterable[FieldIssue]) -> Problem:
    return Problem(422, detail, tuple(issues))


def issue(field: str, message: str) -> Problem:
    """A 422 about one field."""
    return Problem(422, f"{field}: {message}", (FieldIssue(field, message),))


def problem_response(problem: Problem) -> web.Response:
    response = web.Response(
        status=problem.status, text=json.dumps(problem.to_json()), content_type=PROBLEM_JSON
    )
    for name, value in problem.headers:
        response.headers[name] = value
    return response


async def read_json(request: web.Request, default: Any = _NO_DEFAULT) -> Any:
    """The request's JSON body; `default` when there is none (or a 400 if none is allowed)."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise Problem(413, "the body is too large for the control plane") from None
    if not raw.strip():
        if default is _NO_DEFAULT:
            raise Problem(400, "a JSON body is required", (FieldIssue("(body)", "missing"),))
        return default
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as error:
        message = f"not JSON: {error}" if isinstance(error, ValueError) else "nested too deeply"
        raise Problem(400, f"the body is {message}", (FieldIssue("(body)", message),)) from None


def validator(schema: Mapping[str, Any]) -> Validator:
    check: Validator = Draft202012Validator(schema, format_checker=FORMAT_CHECKER)
    return check


def require(check: Validator, instance: Any, detail: str, *prefix: str | int) -> None:
    """A 422 listing every way `instance` breaks the schema, if it does."""
    issues = schema_issues(check, instance, prefix)
    if issues:
        raise invalid(detail, issues)


def schema_issues(
    check: Validator, instance: Any, prefix: Sequence[str | int] = ()
) -> list[FieldIssue]:
    return issues_of(schema_flaws(check, instance), prefix)


def issues_of(flaws: Iterable[Flaw], prefix: Sequence[str | int] = ()) -> list[FieldIssue]:
    """Flaws of what was given at `prefix` (`runs[2]`, say) as the fields of a problem."""
    return [FieldIssue(field_path([*prefix, *flaw.path]), flaw.message) for flaw in flaws]


def field_path(parts: Iterable[Any]) -> str:
    """`runs[2].usage_info.call_duration_seconds` from ("runs", 2, "usage_info", ...)."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "(body)"


def query_params(request: web.Request, allowed: Iterable[str]) -> dict[str, str]:
    """The query as one value per name; a name this endpoint does not know is refused, so a
    typo never silently widens a filter."""
    known = set(allowed)
    unknown = sorted(name for name in request.query if name not in known)
    if unknown:
        issues = [
            FieldIssue(name, f"unknown parameter; known: {sorted(known)}") for name in unknown
        ]
        raise invalid("unknown query parameter", issues)
    return {name: request.query.getone(name) for name in request.query}


def integer(params: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    try:
        value = int(text)
    except ValueError:
        raise issue(name, f"not an integer: {text!r}") from None
    if not low <= value <= high:
        raise issue(name, f"must be between {low} and {high}")
    return value
