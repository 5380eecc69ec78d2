"""One vendor's request pipeline: the stages below, in this order, on one `Exchange`.

    journal -> answer -> route -> credentials -> faults -> admit -> params -> handler

- journal (control/journal/stage.py): records every request with what the client got.
- answer: renders every error through the vendor's dialect and checks every reply against
  the spec (a fault's reply is exempt: `Exchange.is_checked`).
- route: the spec operation and path variables (the Host's app on host-routed vendors).
- credentials: the vendor's `authenticate`, once per request; the principal or the refusal.
- faults (control/faults/stage.py): injected faults, which may match operation and tenant.
- admit: what the vendor refuses before reading parameters: an unrouted path (404/405, or
  the slash redirect) and failed credentials. Every vendor here checks credentials before
  the query (FastAPI resolves the auth dependency first, verified; gin's auth middleware
  runs before the handler; Dynamiq's app hostname routes first: docs/fidelity.md).
- params: the query, path and header parameters compiled from the spec; the body if taken.
- handler: the vendor's function for the operationId, called with a `Call`.

aiohttp's router only matches requests here; the pipeline answers them. How the reply reaches
the client (whole, truncated, dropped) is the last step, after the journal.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import Any, Protocol

from aiohttp import web

from emulator.control.faults.stage import faults
from emulator.control.journal.stage import journal
from emulator.errors import ApiError, EmulatorError
from emulator.exchange import Dropped, Endpoint, Exchange, Mounting, Truncated
from emulator.params import RawParams, compile_parameters
from emulator.respond import dropped, to_response, truncated
from emulator.spec import Operation
from emulator.surface import vendor_surface
from emulator.vendor import Call, Reply

log = logging.getLogger("emulator")
Next = Callable[[Exchange], Awaitable[Reply]]


class Stage(Protocol):
    """A stage: the exchange, and `inner`, the stages after it (bound by keyword in `chain`)."""

    def __call__(self, exchange: Exchange, inner: Next) -> Awaitable[Reply]: ...


AiohttpHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


async def answer(exchange: Exchange, inner: Next) -> Reply:
    dialect = exchange.mounting.vendor.dialect
    try:
        reply = await inner(exchange)
    except EmulatorError as error:
        reply = dialect.render(error, exchange.number)
        if isinstance(error, ApiError) and error.is_injected:
            reply = _as_injected(reply, error)
    except Exception as error:  # the last line of defence: never a traceback to a client
        log.exception("unexpected error in %s %s", exchange.vendor, exchange.path, exc_info=error)
        reply = dialect.render(ApiError(500, "internal", "Internal Server Error"), exchange.number)
    operation = exchange.operation
    if not exchange.is_checked or operation is None:  # an unrouted path has no schema
        return reply
    return exchange.mounting.check.checked(exchange.mounting.vendor, operation, reply)


def _as_injected(reply: Reply, error: ApiError) -> Reply:
    """A dialect may word only the statuses its vendor uses: the envelope is the vendor's, the
    status and headers the fault's."""
    names = {name.lower() for name, _ in error.headers}
    kept = tuple((n, v) for n, v in reply.headers if n.lower() not in names)
    return replace(reply, status=error.status, headers=(*kept, *error.headers))


async def route(exchange: Exchange, inner: Next) -> Reply:
    request, mounting = exchange.request, exchange.mounting
    exchange.endpoint = mounting.endpoints.get(request.match_info.route)
    exchange.route = dict(request.match_info)
    if mounting.is_host_routed:
        exchange.route.update(_host_variables(mounting.vendor.mount, request.host))
    return await inner(exchange)


def _host_variables(mount: str, host: str) -> dict[str, str]:
    names = [part[1:-1] for part in mount.split("/") if part.startswith("{")]
    return {names[0]: host.split(".", 1)[0]} if names else {}


async def credentials(exchange: Exchange, inner: Next) -> Reply:
    if exchange.endpoint is not None:
        vendor = exchange.mounting.vendor
        authenticate = vendor.authenticate
        if exchange.endpoint.operation.is_outside_mount and vendor.authenticate_outside_mount:
            authenticate = vendor.authenticate_outside_mount
        try:
            exchange.principal = authenticate(exchange.headers, exchange.state, exchange.route)
        except EmulatorError as refusal:
            exchange.refusal = refusal
    return await inner(exchange)


async def admit(exchange: Exchange, inner: Next) -> Reply:
    if exchange.endpoint is None:
        return await _unrouted(exchange)
    if exchange.refusal is not None and not exchange.endpoint.operation.is_public:
        raise exchange.refusal
    return await inner(exchange)


async def _unrouted(exchange: Exchange) -> Reply:
    """404/405/307 for what the spec does not route, worded by the vendor's dialect."""
    failure = exchange.request.match_info.http_exception
    if isinstance(failure, web.HTTPMethodNotAllowed):
        allowed = ", ".join(sorted(failure.allowed_methods))
        raise ApiError(
            405, "method_not_allowed", "Method Not Allowed", headers=(("Allow", allowed),)
        )
    redirect = await _slash_redirect(exchange)
    if redirect is not None:
        return redirect
    raise ApiError(404, "not_found", "Not Found")


async def _slash_redirect(exchange: Exchange) -> Reply | None:
    """Starlette's redirect_slashes: only when the path without the slash is a route."""
    request = exchange.request
    path = request.path
    if not exchange.mounting.vendor.is_redirecting_slashes or not path.endswith("/") or path == "/":
        return None
    target = request.url.with_path(path.rstrip("/")).with_query(request.query)
    match = await request.app.router.resolve(request.clone(rel_url=target.relative()))
    if match.http_exception is not None:
        return None
    return Reply(status=307, headers=(("Location", str(target)),), body=None)


async def params(exchange: Exchange, inner: Next) -> Reply:
    endpoint = _routed(exchange)
    raw = RawParams(exchange.query, exchange.route, exchange.headers)
    exchange.params = endpoint.parameters.parse(raw)
    if endpoint.operation.has_request_body:
        exchange.body = await _body(exchange.request)
    return await inner(exchange)


async def _body(request: web.Request) -> bytes:
    """The body, for operations that take one; the others ignore it, as their vendors do."""
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise ApiError(413, "payload_too_large", "Request Entity Too Large") from None


async def handler(exchange: Exchange, inner: Next) -> Reply:  # noqa: ARG001 (the last stage)
    endpoint, mounting, request = _routed(exchange), exchange.mounting, exchange.request
    is_mounted = not (mounting.is_host_routed or endpoint.operation.is_outside_mount)
    mount = mounting.vendor.mount.format_map(exchange.route) if is_mounted else ""
    call = Call(
        operation=endpoint.operation,
        params=exchange.params,
        principal=exchange.principal,
        state=exchange.state,
        base_url=f"{request.scheme}://{request.host}{mounting.prefix}{mount}",
        route=exchange.route,
        body=exchange.body or b"",
        headers=request.headers,
        number=exchange.number,
        request_key=(exchange.path, tuple(exchange.query.items())),
    )
    return endpoint.handler(call)


def _routed(exchange: Exchange) -> Endpoint:
    assert exchange.endpoint is not None  # admit answers unrouted requests before this stage
    return exchange.endpoint


STAGES: tuple[Stage, ...] = (journal, answer, route, credentials, faults, admit, params, handler)


def chain(stages: Sequence[Stage]) -> Next:
    """The stages as one function, each calling the next."""

    async def end(_: Exchange) -> Reply:
        raise AssertionError("the handler stage answers; nothing comes after it")

    composed: Next = end
    for stage in reversed(stages):
        # A partial, not a wrapping coroutine: one frame per stage on every request.
        composed = partial(stage, inner=composed)
    return composed


PIPELINE = chain(STAGES)


def vendor_app(mounting: Mounting) -> web.Application:
    vendor = mounting.vendor
    app = web.Application(middlewares=[_entry(mounting)])
    for operation in vendor.spec.operations:
        if operation.is_outside_mount and mounting.is_host_routed:
            continue  # another host's API: an app's hostname serves only the app's
        path = ("" if operation.is_outside_mount else mounting.path_prefix) + operation.path
        matched = app.router.add_route(operation.method.upper(), path, _matched_only)
        parameters = compile_parameters(operation.parameters, vendor.repeat, vendor.formats)
        endpoint = Endpoint(operation, parameters, vendor.handlers[operation.operation_id])
        mounting.endpoints[matched] = endpoint
    if vendor.spec.served_at is not None:
        _serve_own_spec(app, mounting, vendor.spec.served_at)
    return app


def _serve_own_spec(app: web.Application, mounting: Mounting, path: str) -> None:
    """The vendor's surface where the vendor serves its spec (Dograh: /api/v1/openapi.json);
    through the whole pipeline, as a request to the vendor: journalled, open to faults."""
    vendor = mounting.vendor
    # FastAPI's route of its own document, left out of that document (include_in_schema=False).
    operation = Operation("openapi", "get", path, (), {}, is_public=True, extensions={})

    def openapi(call: Call) -> Reply:
        return Reply(vendor_surface(vendor.spec.document, call.base_url))

    matched = app.router.add_route("GET", mounting.path_prefix + path, _matched_only)
    no_parameters = compile_parameters((), vendor.repeat)
    mounting.endpoints[matched] = Endpoint(operation, no_parameters, openapi)


def _entry(mounting: Mounting) -> Any:
    @web.middleware
    # aiohttp passes the matched route's handler by this name; the pipeline answers instead.
    async def entry(request: web.Request, handler: AiohttpHandler) -> web.StreamResponse:  # noqa: ARG001
        exchange = Exchange.begin(request, mounting)
        reply = await PIPELINE(exchange)
        return await deliver(exchange, reply)

    return entry


async def deliver(exchange: Exchange, reply: Reply) -> web.StreamResponse:
    match exchange.delivery:
        case Dropped():
            return dropped(exchange.request)
        case Truncated(keep_bytes=keep):
            return await truncated(
                to_response(exchange.mounting.vendor, reply), exchange.request, keep
            )
        case _:
            return to_response(exchange.mounting.vendor, reply)


async def _matched_only(_: web.Request) -> web.StreamResponse:
    raise AssertionError("the pipeline answers every request; aiohttp's router only matches")
