"""One vendor request on its way through the pipeline (emulator/pipeline.py), as one value.

Each stage reads what the stages before it found and adds its own: the route stage the
operation and path variables, the credentials stage the principal (or the vendor's refusal),
the fault stage the faults that fired and how the reply is to be delivered, the params stage
the body it read. The journal keeps what the exchange holds when the reply is known.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from emulator.control.plane import ControlPlane
from emulator.errors import EmulatorError
from emulator.params import OperationParams
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime, VendorState
from emulator.spec import Operation
from emulator.vendor import Handler, Principal, Vendor

if TYPE_CHECKING:  # the type of aiohttp's headers, from aiohttp's own dependency
    from multidict import CIMultiDictProxy


@dataclass(frozen=True, slots=True)
class Endpoint:
    """A spec operation as the pipeline serves it: its compiled parameters and its handler."""

    operation: Operation
    parameters: OperationParams
    handler: Handler


@dataclass(frozen=True, slots=True)
class Mounting:
    """Where a vendor app is reachable: `prefix` is "/dograh" on the shared port, "" on its own."""

    vendor: Vendor
    runtime: Runtime
    plane: ControlPlane
    check: ResponseCheck
    prefix: str
    is_host_routed: bool = False
    # The app's routes and what each serves (filled in when the app is built).
    endpoints: dict[web.AbstractRoute, Endpoint] = field(default_factory=dict)

    @property
    def path_prefix(self) -> str:
        """What precedes the spec's paths in this app's routes."""
        return "" if self.is_host_routed else self.vendor.mount


@dataclass(frozen=True, slots=True)
class Truncated:
    """Send the reply's head and `keep_bytes` of its body (None: half), then close."""

    keep_bytes: int | None


@dataclass(frozen=True, slots=True)
class Dropped:
    """Close the connection without a response."""


Delivery = Truncated | Dropped | None


@dataclass(slots=True)
class Exchange:
    request: web.Request
    mounting: Mounting
    # Numbered per vendor since the last reset (Call.number).
    number: int
    # The path within the vendor's base URL, so one matcher fits every listener.
    path: str
    query: Mapping[str, tuple[str, ...]]
    at: datetime
    started: float
    endpoint: Endpoint | None = None
    route: dict[str, str] = field(default_factory=dict)
    principal: Principal | None = None
    refusal: EmulatorError | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    faults: tuple[str, ...] = ()
    # False for a fault's answer: a vendor's spec need not list every status a fault can give.
    is_checked: bool = True
    delivery: Delivery = None
    # The request body as the params stage read it; None when the operation takes none.
    body: bytes | None = None

    @classmethod
    def begin(cls, request: web.Request, mounting: Mounting) -> Exchange:
        state = mounting.runtime.state(mounting.vendor.name)
        path = request.path
        path = path[len(mounting.prefix) :] if path.startswith(mounting.prefix) else path
        return cls(
            request, mounting, state.next_request(), path, grouped(request.query),
            datetime.now(UTC), time.perf_counter(),
        )  # fmt: skip

    @property
    def state(self) -> VendorState:
        return self.mounting.runtime.state(self.mounting.vendor.name)

    @property
    def operation(self) -> Operation | None:
        return None if self.endpoint is None else self.endpoint.operation

    # What request matchers read (emulator/control/matcher.py).
    @property
    def vendor(self) -> str:
        return self.mounting.vendor.name

    @property
    def method(self) -> str:
        return self.request.method

    @property
    def operation_id(self) -> str | None:
        return None if self.endpoint is None else self.endpoint.operation.operation_id

    @property
    def headers(self) -> CIMultiDictProxy[str]:
        return self.request.headers

    @property
    def tenant(self) -> str | None:
        return None if self.principal is None else self.principal.tenant

    @property
    def status(self) -> int | None:
        return None  # not answered yet

    @property
    def is_dropped(self) -> bool:
        return isinstance(self.delivery, Dropped)


def grouped(query: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Every value of each parameter, in order (a repeated parameter is not lost)."""
    found: dict[str, list[str]] = {}
    for key, value in query.items():
        found.setdefault(key, []).append(value)
    return {key: tuple(values) for key, values in found.items()}
