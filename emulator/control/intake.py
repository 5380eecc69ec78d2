"""How the control plane sees a vendor request before the vendor handles it.

The pipeline knows where a vendor app is mounted, which spec operation a route is and how to
authenticate; it hands that over as an `Intake`, and the journal and fault stages read each
request through a `Seen`. The tenant is worked out from the credentials only when something
asks (a tenant-scoped fault, the journal), by the vendor's own `authenticate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aiohttp import web
from multidict import CIMultiDictProxy


@dataclass(frozen=True, slots=True)
class Intake:
    vendor: str
    # What precedes the vendor's own paths on this listener ("/dograh", or "" on its own port).
    prefix: str
    operation_of: Callable[[web.Request], str | None]
    tenant_of: Callable[[web.Request], str | None]


class Seen:
    """One vendor request as matchers see it (the journal keeps the same fields)."""

    __slots__ = (
        "_request",
        "_tenant",
        "faults",
        "headers",
        "intake",
        "is_dropped",
        "method",
        "operation",
        "path",
        "query",
        "vendor",
    )

    def __init__(self, request: web.Request, intake: Intake) -> None:
        self._request = request
        self._tenant: tuple[str | None] | None = None
        self.intake = intake
        self.vendor = intake.vendor
        self.method = request.method
        raw = request.path
        self.path = raw[len(intake.prefix) :] if raw.startswith(intake.prefix) else raw
        self.operation = intake.operation_of(request)
        self.query = grouped(request.query)
        # Immutable already: kept, not copied, in the journal.
        self.headers: CIMultiDictProxy[str] = request.headers
        self.faults: list[str] = []
        self.is_dropped = False

    @property
    def tenant(self) -> str | None:
        if self._tenant is None:
            self._tenant = (self.intake.tenant_of(self._request),)
        return self._tenant[0]

    @property
    def status(self) -> int | None:
        return None  # not answered yet


def grouped(query: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Every value of each parameter, in order (a repeated parameter is not lost)."""
    found: dict[str, list[str]] = {}
    for key, value in query.items():
        found.setdefault(key, []).append(value)
    return {key: tuple(values) for key, values in found.items()}


SEEN = web.RequestKey("seen", Seen)
