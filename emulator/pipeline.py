"""One vendor's request pipeline, built from its spec: route -> auth -> params -> handler -> reply.

Every failure on the way is an `EmulatorError` rendered by the vendor's dialect, in one place.
Unmatched paths and methods under the vendor's base URL get the vendor's own 404/405 too.
Before all of it, the control plane's stages: the journal, then injected faults.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from emulator.control.faulting import faulting
from emulator.control.intake import Intake
from emulator.control.plane import ControlPlane
from emulator.control.recording import recording
from emulator.errors import ApiError, EmulatorError
from emulator.params import OperationParams, RawParams, compile_parameters
from emulator.respond import ResponseCheck, to_response
from emulator.runtime import Runtime, VendorState
from emulator.spec import Operation
from emulator.vendor import Call, Reply, Vendor

log = logging.getLogger("emulator")
# The tenant slug the pipeline authenticated a request as ("" for a principal without one).
PRINCIPAL_TENANT = web.RequestKey("principal_tenant", str)
AiohttpHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Mounting:
    """Where a vendor app is reachable: `prefix` is "/dograh" on the shared port, "" on its own."""

    vendor: Vendor
    runtime: Runtime
    plane: ControlPlane
    check: ResponseCheck
    prefix: str
    is_host_routed: bool = False

    @property
    def path_prefix(self) -> str:
        """What precedes the spec's paths in this app's routes."""
        return "" if self.is_host_routed else self.vendor.mount


def vendor_app(mounting: Mounting) -> web.Application:
    vendor, plane = mounting.vendor, mounting.plane
    operations: dict[web.AbstractRoute, str] = {}
    intake = Intake(
        vendor.name,
        mounting.prefix,
        lambda request: operations.get(request.match_info.route),
        lambda request: _tenant(mounting, request),
    )
    # Outermost first: the journal records whatever answers, faults and unrouted paths included.
    middlewares = [recording(plane, intake), faulting(plane, vendor), _unrouted(vendor)]
    app = web.Application(middlewares=middlewares)
    for operation in vendor.spec.operations:
        endpoint = _endpoint(mounting, operation)
        path = mounting.path_prefix + operation.path
        route = app.router.add_route(operation.method.upper(), path, endpoint)
        operations[route] = operation.operation_id
    return app


def _endpoint(mounting: Mounting, operation: Operation) -> AiohttpHandler:
    vendor = mounting.vendor
    parameters = compile_parameters(operation.parameters, vendor.repeat, vendor.formats)
    handler = vendor.handlers[operation.operation_id]

    async def endpoint(request: web.Request) -> web.StreamResponse:
        try:
            call = await _call(request, mounting, operation, parameters)
            reply = handler(call)
        except EmulatorError as error:
            reply = vendor.dialect.render(error)
        except Exception as error:  # the last line of defence: never a traceback to a client
            reply = _unexpected(vendor, request, error)
        return to_response(vendor, operation, reply, mounting.check)

    return endpoint


async def _call(
    request: web.Request, mounting: Mounting, operation: Operation, parameters: OperationParams
) -> Call:
    vendor, runtime = mounting.vendor, mounting.runtime
    state = runtime.state(vendor.name)
    route = _route(mounting, request)
    raw = RawParams(_query(request), route, request.headers)
    principal: Any = None
    if vendor.is_auth_first and not operation.is_public:
        principal = _authenticated(request, vendor, state, route)
    params = parameters.parse(raw)
    if not vendor.is_auth_first and not operation.is_public:
        principal = _authenticated(request, vendor, state, route)
    body = await _body(request) if operation.has_request_body else b""
    mount = "" if mounting.is_host_routed else vendor.mount.format_map(route)
    base = f"{request.scheme}://{request.host}{mounting.prefix}{mount}"
    return Call(operation, params, principal, state, base, route, body, request.headers)


async def _body(request: web.Request) -> bytes:
    """The body, for operations that take one; the others ignore it, as their vendors do."""
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "payload_too_large", "Request Entity Too Large") from None


def _route(mounting: Mounting, request: web.Request) -> dict[str, str]:
    """The path variables, with the mount's one filled from the Host on host-routed apps."""
    route = dict(request.match_info)
    if mounting.is_host_routed:
        route.update(_host_variables(mounting.vendor.mount, request.host))
    return route


def _authenticated(
    request: web.Request, vendor: Vendor, state: VendorState, route: dict[str, str]
) -> Any:
    """The vendor's principal; its tenant is kept on the request for the journal, which would
    otherwise authenticate the request a second time."""
    principal = vendor.authenticate(request.headers, state, route)
    request[PRINCIPAL_TENANT] = _slug(principal) or ""
    return principal


def _tenant(mounting: Mounting, request: web.Request) -> str | None:
    """Whose credentials a request carries (for the journal and tenant-scoped faults)."""
    if PRINCIPAL_TENANT in request:
        return request[PRINCIPAL_TENANT] or None
    vendor = mounting.vendor
    state = mounting.runtime.state(vendor.name)
    try:
        principal = vendor.authenticate(request.headers, state, _route(mounting, request))
    except Exception:  # a refusal, or a vendor bug that the request itself reports: nobody's
        return None
    return _slug(principal)


def _slug(principal: Any) -> str | None:
    slug = getattr(principal, "slug", None)
    return slug if isinstance(slug, str) else None


def _host_variables(mount: str, host: str) -> dict[str, str]:
    names = [part[1:-1] for part in mount.split("/") if part.startswith("{")]
    return {names[0]: host.split(".", 1)[0]} if names else {}


def _query(request: web.Request) -> Mapping[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key, value in request.query.items():
        grouped.setdefault(key, []).append(value)
    return grouped


def _unrouted(vendor: Vendor) -> Any:
    """404/405/307 for what the spec does not route, worded by the vendor's dialect."""

    @web.middleware
    async def middleware(request: web.Request, handler: AiohttpHandler) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPMethodNotAllowed as refused:
            allowed = ", ".join(sorted(refused.allowed_methods))
            error = ApiError(
                405, "method_not_allowed", "Method Not Allowed", headers=(("Allow", allowed),)
            )
            return to_response(vendor, None, vendor.dialect.render(error), None)
        except web.HTTPNotFound:
            redirect = await _slash_redirect(vendor, request)
            if redirect is not None:
                return redirect
            error = ApiError(404, "not_found", "Not Found")
            return to_response(vendor, None, vendor.dialect.render(error), None)

    return middleware


async def _slash_redirect(vendor: Vendor, request: web.Request) -> web.StreamResponse | None:
    """Starlette's redirect_slashes: only when the path without the slash is a route."""
    if not vendor.is_redirecting_slashes or not request.path.endswith("/") or request.path == "/":
        return None
    target = request.url.with_path(request.path.rstrip("/")).with_query(request.query)
    match = await request.app.router.resolve(request.clone(rel_url=target.relative()))
    if match.http_exception is not None:
        return None
    reply = Reply(status=307, headers=(("Location", str(target)),), body=None)
    return to_response(vendor, None, reply, None)


def _unexpected(vendor: Vendor, request: web.Request, error: BaseException) -> Reply:
    log.exception("unexpected error in %s %s", vendor.name, request.path, exc_info=error)
    return vendor.dialect.render(ApiError(500, "internal", "Internal Server Error"))
