"""Which vendor requests a fault applies to, or a journal query counts.

Every field is optional and all given fields must hold. `path` is a glob (`*` spans slashes)
over the path within the vendor's base URL, so one matcher works on the shared port and on a
vendor's own port. Header values compare with what the client really sent (the journal only
masks them when it shows them); `"*"` means "present, whatever the value".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any, Protocol

from emulator.control.problem import issue, require, validator
from emulator.runtime import Runtime

_TEXT = {"type": "string", "minLength": 1, "maxLength": 2048}
_PAIRS = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2048}}
_STATUS = {
    "anyOf": [
        {"type": "integer", "minimum": 100, "maximum": 599},
        {"type": "string", "pattern": "^[1-5]([0-9]{2}|xx)$"},
    ]
}
PROPERTIES: dict[str, Any] = {
    "vendor": _TEXT,
    "method": {"type": "string", "pattern": "^[A-Za-z]{1,16}$"},
    "path": _TEXT,
    "operation": _TEXT,
    "tenant": _TEXT,
    "query": _PAIRS,
    "headers": _PAIRS,
}
FAULT_MATCH = validator({"type": "object", "additionalProperties": False, "properties": PROPERTIES})
JOURNAL_MATCH = validator(
    {
        "type": "object",
        "additionalProperties": False,
        "properties": {**PROPERTIES, "status": _STATUS},
    }
)


class Matchable(Protocol):
    """A request (seen live, or kept in the journal) as a matcher reads it."""

    @property
    def vendor(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def operation_id(self) -> str | None: ...
    @property
    def query(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def headers(self) -> Mapping[str, str]: ...
    @property
    def tenant(self) -> str | None: ...
    @property
    def status(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class Matcher:
    vendor: str | None = None
    method: str | None = None
    path: str | None = None
    operation: str | None = None
    tenant: str | None = None
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    status: str | None = None

    def matches(self, seen: Matchable) -> bool:
        return (
            _same(self.vendor, seen.vendor)
            and (self.method is None or self.method == seen.method.upper())
            and (self.path is None or fnmatchcase(seen.path, self.path))
            and _same(self.operation, seen.operation_id)
            and all(k in seen.query and (v == "*" or v in seen.query[k]) for k, v in self.query)
            and all(_header(seen.headers.get(k), v) for k, v in self.headers)
            and (self.status is None or _status(self.status, seen.status))
            and (self.tenant is None or self.tenant == seen.tenant)
        )

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            k: getattr(self, k)
            for k in ("vendor", "method", "path", "operation", "tenant", "status")
            if getattr(self, k) is not None
        }
        found.update({k: dict(getattr(self, k)) for k in ("query", "headers") if getattr(self, k)})
        return found


def _same(wanted: str | None, actual: str | None) -> bool:
    return wanted is None or wanted == actual


def _header(actual: str | None, wanted: str) -> bool:
    return actual is not None and (wanted == "*" or actual == wanted)


def _status(pattern: str, status: int | None) -> bool:
    if status is None:
        return False
    return re.fullmatch(pattern.replace("x", "[0-9]"), str(status)) is not None


def parse_matcher(body: Any, runtime: Runtime, *prefix: str, journal: bool = False) -> Matcher:
    """A matcher from JSON, refused whole (422 naming the field) if any part is wrong."""
    body = {} if body is None else body
    require(JOURNAL_MATCH if journal else FAULT_MATCH, body, "invalid matcher", *prefix)
    where = ".".join(prefix)
    vendor = body.get("vendor")
    if vendor is not None and vendor not in runtime.states:
        raise issue(_field(where, "vendor"), f"unknown vendor; one of {sorted(runtime.states)}")
    tenant = body.get("tenant")
    if tenant is not None and tenant not in known_tenants(runtime, vendor):
        raise issue(_field(where, "tenant"), f"no {vendor or 'vendor'} tenant is called {tenant!r}")
    status = body.get("status")
    return Matcher(
        vendor=vendor,
        method=body["method"].upper() if "method" in body else None,
        path=body.get("path"),
        operation=body.get("operation"),
        tenant=tenant,
        query=tuple(sorted(body.get("query", {}).items())),
        headers=tuple(sorted(body.get("headers", {}).items())),
        status=None if status is None else str(status),
    )


def known_tenants(runtime: Runtime, vendor: str | None) -> set[str]:
    states = runtime.states.values() if vendor is None else [runtime.state(vendor)]
    return {slug for state in states for slug in state.tenants}


def _field(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
