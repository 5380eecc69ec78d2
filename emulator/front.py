"""What the front server answers before any vendor code runs.

aiohttp answers every malformed or oversized request with a 400 and logs a traceback; the
vendors' fronts (nginx, Cloudflare, Go's net/http) say 414 for an over-long request line and
431 for an oversized header, and a client's bad bytes are not our error. This runner keeps
aiohttp's limits (8190-byte lines and fields, `client_max_size` bodies) and answers those.

aiohttp has no public hook for this answer, so this module leans on its internals:
`RequestHandler.handle_error`, `Server._loop` and `._kwargs`, `AppRunner._make_server` and the
wording of `LineTooLong`. tests/unit/test_front.py names each one and fails by name when an
aiohttp release moves it; pyproject.toml caps aiohttp at the releases tested.
"""

from __future__ import annotations

import logging
import re

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError, LineTooLong
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest

log = logging.getLogger("emulator.front")
# How aiohttp's LineTooLong shows a request line, not a header (tests/unit/test_front.py pins
# each): its C parser says "Status line" (3.11) or quotes the target as a bytearray (3.14);
# its Python parser quotes the whole line, method first. A header's value may start with "/".
_REQUEST_LINE = re.compile(r"reading: (?:bytearray\(b'|b'[A-Z]+ )|Status line")


def status_for(error: HttpProcessingError) -> tuple[int, str]:
    if isinstance(error, LineTooLong):
        if _REQUEST_LINE.search(str(error.message)):
            return 414, "URI Too Long"
        return 431, "Request Header Fields Too Large"
    return 400, "Bad Request"


class FrontRequestHandler(RequestHandler):
    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if not isinstance(exc, HttpProcessingError):
            return super().handle_error(request, status, exc, message)
        status, text = status_for(exc)
        log.info("refused a malformed request from %s: %s %s", request.remote, status, text)
        response = web.Response(status=status, text=f"{status} {text}\n")
        response.force_close()
        return response


class FrontServer(web.Server):
    def __call__(self) -> RequestHandler:
        return FrontRequestHandler(self, loop=self._loop, **self._kwargs)


class FrontAppRunner(web.AppRunner):
    """An AppRunner whose connections answer malformed requests as a front server would."""

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        # aiohttp builds its Server internally; swapping the class keeps every setting it chose.
        server.__class__ = FrontServer
        return server
