"""The control plane under /_emulator: apart from every vendor API, JSON in and out.

Every failure is a problem+json answer naming the offending fields (control/problem.py), and
every answer is checked against openapi/control.yaml when responses are checked
(control/conformance.py). With an admin token set, everything but the health check and the
documents under /openapi needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

import hmac
import logging

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from emulator.control.conformance import conformance
from emulator.control.faults.routes import add_fault_routes
from emulator.control.health import add_health_routes
from emulator.control.journal.routes import add_request_routes
from emulator.control.openapi import OPEN_ROUTES as DOCUMENTS
from emulator.control.openapi import add_openapi_routes
from emulator.control.plane import ControlPlane
from emulator.control.problem import Problem, problem_response
from emulator.control.reset import add_reset_routes
from emulator.control.runs.routes import add_run_routes
from emulator.control.state import add_state_routes
from emulator.control.time_travel import add_clock_routes
from emulator.control.vendors import add_vendor_routes
from emulator.respond import ResponseCheck

log = logging.getLogger("emulator.control")
OPEN_ROUTES = frozenset({"health", *DOCUMENTS})


def control_app(plane: ControlPlane, check: ResponseCheck) -> web.Application:
    """`check`: the vendors' response check, whose switch and failures this app shares."""
    app = web.Application(middlewares=[conformance(check), _problems, _admin_token(plane)])
    add_health_routes(app, plane)
    add_reset_routes(app, plane)
    add_vendor_routes(app, plane)
    add_run_routes(app, plane)
    add_request_routes(app, plane)
    add_fault_routes(app, plane)
    add_clock_routes(app, plane)
    add_state_routes(app, plane)
    add_openapi_routes(app, plane)
    return app


@web.middleware
async def _problems(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Problem as problem:
        return problem_response(problem)
    except web.HTTPMethodNotAllowed as error:
        allowed = ", ".join(sorted(error.allowed_methods))
        detail = f"{request.method} {request.path} is not allowed; allowed: {allowed}"
        return problem_response(Problem(405, detail, headers=(("Allow", allowed),)))
    except web.HTTPException as error:
        return problem_response(Problem(error.status, f"{error.reason}: {request.path}"))
    except Exception:  # a bug of ours: said as a problem, logged with its traceback
        log.exception("control plane failed on %s %s", request.method, request.path)
        return problem_response(Problem(500, "the control plane failed; see the emulator's log"))


def _admin_token(plane: ControlPlane) -> Middleware:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        token = plane.runtime.settings.admin_token
        if token and request.match_info.route.name not in OPEN_ROUTES:
            given = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if not hmac.compare_digest(_raw(given), _raw(token)):
                challenge = (("WWW-Authenticate", 'Bearer realm="runs-emulator"'),)
                raise Problem(401, "the admin token is missing or wrong", headers=challenge)
        return await handler(request)

    return middleware


def _raw(text: str) -> bytes:
    # compare_digest refuses non-ASCII str; a header may carry any byte.
    return text.encode("utf-8", "surrogateescape")
