"""Reply -> aiohttp response: the vendor's JSON encoding, headers, and the response check.

The check validates every JSON body against the operation's response schema in our spec. It
is always on in the test suite and on at run time with `--strict`; a mismatch is our bug, so
it is reported loudly: a 500 problem listing the violations, also kept in `failures` so that
the test suite fails every test that provoked one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from aiohttp import web
from jsonschema.protocols import Validator

from emulator.fragments import RawJson
from emulator.spec import Operation
from emulator.vendor import Reply, Vendor


@dataclass(slots=True)
class ResponseCheck:
    is_enabled: bool
    failures: list[str] = field(default_factory=list)
    _validators: dict[tuple[str, str, int, str], Validator | None] = field(default_factory=dict)

    def problems(self, vendor: Vendor, operation: Operation, reply: Reply) -> list[str]:
        validator = self._validator(vendor, operation, reply)
        if validator is None:
            return []
        body = json.loads(reply.body.data) if isinstance(reply.body, RawJson) else reply.body
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
            for e in validator.iter_errors(body)
        ]

    def _validator(self, vendor: Vendor, operation: Operation, reply: Reply) -> Validator | None:
        key = (vendor.name, operation.operation_id, reply.status, reply.content_type)
        if key not in self._validators:
            schema = operation.response_schema(reply.status, reply.content_type)
            self._validators[key] = None if schema is None else vendor.spec.validator_of(schema)
        return self._validators[key]


def to_response(
    vendor: Vendor, operation: Operation | None, reply: Reply, check: ResponseCheck | None
) -> web.Response:
    if check is not None and check.is_enabled and operation is not None and _is_json(reply):
        problems = check.problems(vendor, operation, reply)
        if problems:
            summary = f"{vendor.name} {operation.operation_id} {reply.status} breaks the spec"
            check.failures.append(f"{summary}: {problems}")
            return _mismatch(summary, problems)
    response = web.Response(status=reply.status, body=_body(vendor, reply))
    if reply.body is not None:
        response.headers["Content-Type"] = reply.content_type
    for name, value in reply.headers:
        response.headers[name] = value
    return response


def _is_json(reply: Reply) -> bool:
    return reply.content_type.startswith("application/json")


def _body(vendor: Vendor, reply: Reply) -> bytes:
    if reply.body is None:
        return b""
    if isinstance(reply.body, bytes):
        return reply.body
    if isinstance(reply.body, RawJson):
        return reply.body.data
    if isinstance(reply.body, str):
        return reply.body.encode("utf-8")
    return vendor.dialect.encode(reply.body)


def _mismatch(summary: str, problems: list[str]) -> web.Response:
    problem = {
        "title": "Response breaks the emulator's spec",
        "detail": summary,
        "errors": problems,
    }
    return web.Response(
        status=500, text=json.dumps(problem), content_type="application/problem+json"
    )
