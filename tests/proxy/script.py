"""A client's calls to one vendor, for the proxy's tests of every vendor: its run list with the
first tenant's key, without a key, with a key it refuses and with a bad integer parameter, a
path no vendor routes, a body on a method the vendor does not take, and every GET operation of
the spec whose path names nothing but the organisation (so endpoints added to a spec are
covered too). Paths are within the vendor's base URL."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emulator.proxy.translate import ORGANISATION
from emulator.runtime import Runtime
from emulator.spec import Operation
from emulator.vendor import Vendor, base_path
from tests.every_vendor import list_request


@dataclass(frozen=True)
class Call:
    what: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: bytes = b""


def base_url(runtime: Runtime, vendor: str) -> str:
    """The first tenant's base path on the shared port (`/dynamiq/apps/<app>` for a mount)."""
    state = runtime.state(vendor)
    return base_path(state.vendor, next(iter(state.tenants.values())))


def script(runtime: Runtime, vendor: str) -> list[Call]:
    state = runtime.state(vendor)
    tenant: Any = next(iter(state.tenants.values()))
    shared, headers = list_request(runtime, vendor, tenant.slug)
    path = shared.removeprefix(base_url(runtime, vendor))
    calls = [
        Call("list", path, headers),
        Call("no key", path),
        Call("refused key", path, {k: _wrong(v) for k, v in headers.items()}),
        Call("unrouted", "/no/such/route", headers),
        Call("body", "/no/such/route", headers, "POST", b'{"a": 1}'),
    ]
    bad = bad_parameter(state.vendor, path)
    if bad is not None:
        calls.append(Call("bad parameter", f"{path}?{bad}=x", headers))
    for operation in state.vendor.spec.operations:
        filled = _filled(operation, tenant)
        if filled is not None and filled != path:
            calls.append(Call(operation.operation_id, filled, headers))
    return calls


def bad_parameter(vendor: Vendor, path: str) -> str | None:
    """The first integer query parameter of the operation at `path`."""
    operation = next(o for o in vendor.spec.operations if _filled_path(o.path, path))
    for parameter in operation.parameters:
        if parameter["in"] == "query" and "integer" in str(parameter.get("schema")):
            return str(parameter["name"])
    return None


def _filled_path(template: str, path: str) -> bool:
    parts, given = template.split("/"), path.split("/")
    return len(parts) == len(given) and all(
        p == g or p.startswith("{") for p, g in zip(parts, given, strict=True)
    )


def _filled(operation: Operation, tenant: Any) -> str | None:
    """The operation's path for `tenant`, where it has only organisation variables."""
    if operation.method != "get" or operation.extensions.get("x-emulator-only"):
        return None
    names = [part[1:-1] for part in operation.path.split("/") if part.startswith("{")]
    if not all(ORGANISATION.fullmatch(name) for name in names):
        return None
    return operation.path.format_map(dict.fromkeys(names, tenant.id))


def _wrong(value: str) -> str:
    """The credential of `value` with its last character changed: a key the vendor refuses."""
    return value[:-1] + ("0" if value[-1] != "0" else "1")
