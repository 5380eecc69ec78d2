"""The proxy's HTTP side: each request relayed to the upstream, its answer relayed back at once,
and checked after, one request at a time in arrival order, so that the runs one answer served
are in the emulator before the next request is compared (a list, then a run's details).

A request the upstream cannot be reached for is answered 502 by the proxy (a plain-text body
saying so, never a vendor's envelope) and listed in the report as not compared.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, quote

import aiohttp
from aiohttp import web
from multidict import CIMultiDict

from emulator.control.journal.book import is_secret, masked
from emulator.proxy.answer import Answer
from emulator.proxy.conformance import Finding, against_spec
from emulator.proxy.harvest import Harvest
from emulator.proxy.kind import in_kind
from emulator.proxy.report import TEXT_SHOWN, Entry, Report, Seen, shown
from emulator.proxy.route import Routed, Routes
from emulator.proxy.standins import StandIns
from emulator.proxy.tenancy import REFUSED, TenantMap, credentials_in
from emulator.proxy.translate import Request, Translator
from emulator.proxy.twin import Twin
from emulator.proxy.upstream import Upstream, forwarded

log = logging.getLogger("emulator.proxy")
# What says how busy the vendor is, not what it is: passed through, never compared.
TRANSIENT = frozenset({429, 502, 503, 504})
# The proxy takes what the vendor may take; the vendor sets its own limit.
LARGEST_REQUEST = 64 * 1024 * 1024
# What a path segment may hold unencoded (RFC 3986 pchar without the percent sign).
SEGMENT = "-._~!$&'()*+,;=:@"


@dataclass(frozen=True, slots=True)
class Exchanged:
    """One request as the client sent it and the upstream's answer to it."""

    number: int
    method: str
    raw_path: str
    query_string: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    answer: Answer


@dataclass(slots=True)
class Relay:
    upstream: Upstream
    twin: Twin
    standins: StandIns
    report: Report
    session: aiohttp.ClientSession
    # Stop once this many requests are checked (None: until stopped).
    limit: int | None = None
    done: asyncio.Event = field(default_factory=asyncio.Event)
    pending: asyncio.Queue[Exchanged] = field(default_factory=asyncio.Queue)
    received: int = 0
    harvest: Harvest = field(init=False)
    translator: Translator = field(init=False)
    tenants: TenantMap = field(init=False)
    routes: Routes = field(init=False)

    def __post_init__(self) -> None:
        vendor = self.twin.vendor
        self.harvest = Harvest(self.twin, self.standins)
        self.translator = Translator(vendor, self.standins, self.harvest.learnt)
        self.tenants = TenantMap(self.twin.tenants)
        self.routes = Routes(
            vendor, is_mount_in_path=bool(vendor.mount) and not self.upstream.mount
        )

    def app(self) -> web.Application:
        app = web.Application(client_max_size=LARGEST_REQUEST)
        app.router.add_route("*", "/{tail:.*}", self.relay)
        return app

    async def relay(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.received += 1
        raw_path, query = request.rel_url.raw_path, request.rel_url.raw_query_string
        url = self.upstream.target(raw_path, query)
        headers = tuple(request.headers.items())
        try:
            answer = await self.upstream.send(self.session, request.method, url, headers, body)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:  # ValueError: a header
            # or URL the client library will not send
            seen = self._seen(self.received, request.method, raw_path, query)
            self.report.skip(seen, None, f"the upstream was not reached ({type(error).__name__})")
            self._counted()
            return web.Response(status=502, text="runs-emulator proxy: upstream not reached\n")
        self.pending.put_nowait(
            Exchanged(self.received, request.method, raw_path, query, headers, body, answer)
        )
        return web.Response(status=answer.status, body=answer.body,
                            headers=CIMultiDict(forwarded(answer.headers)))  # fmt: skip

    async def check_all(self) -> None:
        """Check what was relayed, in order, until cancelled."""
        while True:
            exchanged = await self.pending.get()
            try:
                await self.check(exchanged)
            except Exception as error:  # one request the proxy could not compare; go on
                log.exception("request %d not compared", exchanged.number, exc_info=error)
                seen = self._seen(exchanged.number, exchanged.method, exchanged.raw_path, "")
                self.report.skip(seen, exchanged.answer.status, "the proxy failed to compare it")
            finally:
                self.pending.task_done()
                self._counted()

    async def check(self, exchanged: Exchanged) -> None:
        answer, method = exchanged.answer, exchanged.method
        routed = self.routes.match(method, exchanged.raw_path)
        query = parse_qsl(exchanged.query_string, keep_blank_values=True)
        secrets = credentials_in(exchanged.headers, query)
        seen = self._seen_of(exchanged, secrets)
        if answer.status in TRANSIENT:
            self.report.skip(seen, answer.status, f"the upstream answered {answer.status}")
            return
        is_accepted = bool(secrets) and answer.status != REFUSED
        tenant = self.tenants.tenant_of(secrets) if is_accepted else self.tenants.first
        findings = [] if routed is None else against_spec(self.twin.vendor.spec, routed, answer)
        if routed is not None and answer.json is not None and 200 <= answer.status < 300:
            context = {**self.upstream.mount, **routed.variables}
            self.harvest.take(answer.json.value, tenant, context, secrets)
        request = Request(exchanged.raw_path, exchanged.query_string, exchanged.headers, routed,
                          self.upstream.mount)  # fmt: skip
        asked = self.translator.asked(request, tenant, is_accepted)
        ours = await self.twin.ask(self.session, method, asked, exchanged.body)
        findings += in_kind(answer, ours)
        if answer.content is None:
            self.report.skip(seen, answer.status, "its content coding is not one the proxy reads "
                             "(its status alone was compared)")  # fmt: skip
        self._found(seen, routed, findings, answer, ours, secrets)

    def _found(self, seen: Seen, routed: Routed | None, findings: list[Finding], answer: Answer,
               ours: Answer, secrets: list[str]) -> None:  # fmt: skip
        theirs = shown(answer, self.standins, secrets)  # first: it learns the body's stand-ins
        mine = shown(ours, self.standins, secrets)
        said = [
            Finding(f.check, f.kind, self.standins.text(f.where), self.standins.text(f.message))
            for f in findings
        ]
        log.info("%s: %d %s", seen.line, answer.status,
                 f"{len(said)} finding(s)" if said else "as expected")  # fmt: skip
        if said:
            operation = None if routed is None else routed.operation.operation_id
            spec_path = None if routed is None else routed.spec_path
            self.report.add(Entry(seen, operation, spec_path, tuple(said), theirs, mine))

    def _seen_of(self, exchanged: Exchanged, secrets: list[str]) -> Seen:
        """The request as the report shows it, with its headers and its body (scrubbed)."""
        seen = self._seen(exchanged.number, exchanged.method, exchanged.raw_path,
                          exchanged.query_string)  # fmt: skip
        return replace(seen, headers=tuple(forwarded(exchanged.headers)),
                       body=self._body_shown(exchanged.body, secrets))  # fmt: skip

    def _body_shown(self, body: bytes, secrets: list[str]) -> str | None:
        if not body:
            return None
        try:
            return json.dumps(self.standins.scrubbed(json.loads(body), secrets))[:TEXT_SHOWN]
        except (UnicodeDecodeError, json.JSONDecodeError):
            text = body[:TEXT_SHOWN].decode("utf-8", errors="replace")
            return str(self.standins.scrubbed(text, secrets))

    def _seen(self, number: int, method: str, raw_path: str, query: str) -> Seen:
        """The request as the report shows it: path variables named like credentials masked."""
        routed = self.routes.match(method, raw_path)
        path = raw_path
        if routed is not None:
            values = {
                k: masked(k, v) if is_secret(k) else quote(v, safe=SEGMENT)
                for k, v in routed.variables.items()
            }
            path = routed.template.format_map(values)
        pairs = tuple(
            (name, self.standins.scrubbed(value))
            for name, value in parse_qsl(query, keep_blank_values=True)
        )
        return Seen(number, method, self.standins.text(path), pairs)

    def _counted(self) -> None:
        self.report.requests += 1
        if self.limit is not None and self.report.requests >= self.limit:
            self.done.set()
