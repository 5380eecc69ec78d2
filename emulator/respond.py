"""Reply -> bytes on the wire: the response check, the vendor's encoding, and delivery.

The check validates every JSON body against the operation's response schema in our spec. It
is always on in the test suite and on at run time with `--strict`; a mismatch is our bug, so
it is reported loudly: a 500 problem listing the violations, also kept in `failures` so that
the test suite fails every test that provoked one.

Delivery is whole, or broken on purpose by a fault: a dropped connection is an aborted
transport with no response; a truncated body declares the full Content-Length, sends part of
it and closes. Neither is an error of ours, so neither logs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from jsonschema.protocols import Validator

from emulator.fragments import RawJson
from emulator.spec import Operation, Spec, quick_check_of
from emulator.vendor import Reply, Vendor

PROBLEM_JSON = "application/problem+json"


@dataclass(slots=True)
class ResponseCheck:
    is_enabled: bool
    failures: list[str] = field(default_factory=list)
    _validators: dict[tuple[str, str, int, str], BodyCheck | None] = field(default_factory=dict)

    def checked(self, vendor: Vendor, operation: Operation, reply: Reply) -> Reply:
        """The reply, or a 500 problem naming how it breaks the spec."""
        if not self.is_enabled or not reply.content_type.startswith("application/json"):
            return reply
        problems = self.problems(vendor, operation, reply)
        if not problems:
            return reply
        summary = f"{vendor.name} {operation.operation_id} {reply.status} breaks the spec"
        self.failures.append(f"{summary}: {problems}")
        problem = {"title": "Response breaks the emulator's spec", "detail": summary,
                   "errors": problems}  # fmt: skip
        return Reply(json.dumps(problem).encode(), 500, PROBLEM_JSON)

    def problems(self, vendor: Vendor, operation: Operation, reply: Reply) -> list[str]:
        checks = self._checks(vendor, operation, reply)
        if checks is None:
            return []
        body = json.loads(reply.body.data) if isinstance(reply.body, RawJson) else reply.body
        return checks.problems(body)

    def _checks(self, vendor: Vendor, operation: Operation, reply: Reply) -> BodyCheck | None:
        key = (vendor.name, operation.operation_id, reply.status, reply.content_type)
        if key not in self._validators:
            schema = operation.response_schema(reply.status, reply.content_type)
            self._validators[key] = None if schema is None else BodyCheck.of(vendor.spec, schema)
        return self._validators[key]


@dataclass(frozen=True, slots=True)
class BodyCheck:
    """One response schema of a spec, compiled for the usual valid body, worded by jsonschema."""

    full: Validator
    quick: Callable[[Any], bool] | None

    @classmethod
    def of(cls, spec: Spec, schema: Mapping[str, Any]) -> BodyCheck:
        return cls(spec.validator_of(schema), quick_check_of(spec.inlined(schema)))

    def problems(self, body: Any) -> list[str]:
        """How `body` breaks the schema, one line per violation (none: it conforms)."""
        if self.quick is not None and self.quick(body):
            return []  # the usual case, at compiled speed; jsonschema words the failures
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message}"
            for e in self.full.iter_errors(body)
        ]


def to_response(vendor: Vendor, reply: Reply) -> web.Response:
    response = web.Response(status=reply.status, body=_body(vendor, reply))
    if reply.body is not None:
        response.headers["Content-Type"] = reply.content_type
    for name, value in reply.headers:
        response.headers[name] = value
    return response


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


def dropped(request: web.Request) -> web.StreamResponse:
    if request.transport is not None:
        request.transport.abort()
    # aiohttp writes nothing to an aborted transport, and says nothing about it either.
    return web.Response(status=499)


async def truncated(
    full: web.Response, request: web.Request, keep: int | None
) -> web.StreamResponse:
    body = full.body if isinstance(full.body, bytes) else b""
    declared = max(len(body), 1)  # an empty body cannot be cut: announce one byte, send none
    sent = body[: min(len(body) // 2 if keep is None else keep, declared - 1)]
    response = web.StreamResponse(status=full.status, reason=full.reason, headers=full.headers)
    response.content_length = declared
    await response.prepare(request)
    await response.write(sent)
    if request.transport is not None:
        request.transport.close()
    return response
