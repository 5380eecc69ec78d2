"""Every control-plane answer checked against openapi/control.yaml, as every vendor reply is
checked against its vendor's document (emulator/respond.py): always in the test suite, and at
run time with `--strict`.

An answer is matched to the document's operation by method and path template. One the
document does not describe (a status it does not list, a media type it does not give, a body
its schema refuses) is our bug, said loudly: a 500 problem naming each violation, also kept in
`ResponseCheck.failures`, so that the test which provoked it fails. A request no route takes
(an unknown path, a refused method) must be answered with a problem.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import yaml
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from emulator.control.openapi import control_spec
from emulator.control.problem import PROBLEM_JSON, FieldIssue, Problem, problem_response
from emulator.respond import BodyCheck, ResponseCheck
from emulator.spec import Operation, load_yaml

UNROUTED = "(unrouted)"
_BODY_CHECKS: dict[tuple[str, int, str], BodyCheck | None] = {}


def conformance(check: ResponseCheck) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if not check.is_enabled or not isinstance(response, web.Response):
            return response
        violations = _violations(request, response)
        if not violations:
            return response
        summary = f"control {request.method} {request.path} {response.status} breaks the spec"
        check.failures.append(f"{summary}: {violations}")
        issues = tuple(FieldIssue(where or UNROUTED, what) for where, what in violations)
        return problem_response(Problem(500, summary, issues))

    return middleware


def _violations(request: web.Request, response: web.Response) -> list[tuple[str, str]]:
    operation = operation_of(request)
    if operation is None:
        return _unrouted(response) if request.match_info.http_exception else _undocumented(request)
    declared = _declared(operation.responses, response.status)
    if declared is None:
        return [(operation.operation_id, f"status {response.status} is not in the document")]
    content: Mapping[str, Any] = declared.get("content") or {}
    body = response.body if isinstance(response.body, bytes) else b""
    if not body:
        return [] if not content else [(operation.operation_id, "no body, and one is described")]
    if response.content_type not in content:
        listed = ", ".join(content) or "none"
        return [(operation.operation_id, f"{response.content_type} is not one of: {listed}")]
    found = _body_check(operation, response.status, response.content_type)
    problems = [] if found is None else found.problems(parsed(body, response.content_type))
    return [(operation.operation_id, problem) for problem in problems]


def operation_of(request: web.Request) -> Operation | None:
    """The document's operation for the route that took the request (HEAD is GET's)."""
    if request.match_info.http_exception is not None:
        return None
    resource = request.match_info.route.resource
    method = "get" if request.method == "HEAD" else request.method.lower()
    path = None if resource is None else resource.canonical
    return _operations().get((method, path or ""))


@cache
def _operations() -> dict[tuple[str, str], Operation]:
    return {(o.method, o.path): o for o in control_spec().operations}


def _declared(responses: Mapping[str, Any], status: int) -> Mapping[str, Any] | None:
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            found: Mapping[str, Any] = responses[key]
            return found
    return None


def _undocumented(request: web.Request) -> list[tuple[str, str]]:
    resource = request.match_info.route.resource
    path = "?" if resource is None else resource.canonical
    return [("", f"{request.method} {path} is a route the document does not have")]


def _unrouted(response: web.Response) -> list[tuple[str, str]]:
    if response.content_type != PROBLEM_JSON or not isinstance(response.body, bytes):
        return [("", f"an unrouted request got {response.content_type}, not a problem")]
    problem = control_spec().schema_validator("Problem")
    body = json.loads(response.body)
    return [("", error.message) for error in problem.iter_errors(body)]


def _body_check(operation: Operation, status: int, media_type: str) -> BodyCheck | None:
    key = (operation.operation_id, status, media_type)
    if key not in _BODY_CHECKS:
        schema = operation.response_schema(status, media_type)
        _BODY_CHECKS[key] = None if schema is None else BodyCheck.of(control_spec(), schema)
    return _BODY_CHECKS[key]


def parsed(body: bytes, media_type: str) -> Any:
    """A body as the document describes it: JSON, or YAML for `application/yaml`."""
    text = body.decode("utf-8")
    try:
        return load_yaml(text) if media_type == "application/yaml" else json.loads(text)
    except (ValueError, yaml.YAMLError) as error:
        return f"(unparseable: {error})"
