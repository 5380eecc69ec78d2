"""Running a script of calls through the proxy (in the test's event loop) to an upstream."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import aiohttp

from emulator.proxy.command import ProxySettings
from emulator.proxy.relay import Relay
from emulator.proxy.report import Report
from emulator.proxy.service import running
from emulator.proxy.twin import Twin
from tests.proxy.script import Call

RUNS = 20
# Every header a call sends, so the forwarded set is known exactly (no client adds its own).
CLIENT_HEADERS = {"Accept": "application/json", "User-Agent": "drift-test/1", "X-Trace": "t-1"}


@dataclass
class Got:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class Outcome:
    relay: Relay
    answers: list[Got] = field(default_factory=list)

    @property
    def report(self) -> Report:
        return self.relay.report


def fresh(twin: Twin) -> Twin:
    """A twin with the same data in stores of its own (the harvest adds to them)."""
    return Twin(twin.vendor, twin.runtime.fork(), twin.donors)


async def through_proxy(twin: Twin, upstream: str, calls: list[Call], **flags: Any) -> Outcome:
    settings = replace(ProxySettings(vendor=twin.vendor.name, upstream=upstream, port=0,
                                     allow_http=True, clock="epoch"), **flags)  # fmt: skip
    async with running(settings, twin) as proxy:
        outcome = Outcome(proxy.relay)
        async with aiohttp.ClientSession(auto_decompress=False) as client:
            for call in calls:
                headers = {**CLIENT_HEADERS, **call.headers}
                async with client.request(
                    call.method, proxy.base_url + call.path, headers=headers,
                    data=call.body or None, skip_auto_headers=("Accept-Encoding", "Content-Type"),
                ) as answer:  # fmt: skip
                    got = Got(answer.status, list(answer.headers.items()), await answer.read())
                    outcome.answers.append(got)
    return outcome
