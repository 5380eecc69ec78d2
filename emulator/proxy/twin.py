"""The emulator the proxy compares the upstream with: one vendor, in the proxy's own process,
listening on a free loopback port, asked over HTTP as any client would ask it.

It holds its seeded data (`--seed`, `--runs`, `--fixtures`), and every run the upstream serves
is added to it (harvest.py), so a request for a run the upstream listed is a request for a run
the emulator holds too. Its answers are not checked against the spec here (the suite does
that); a second, small dataset of the same tenants lends the values a real run needs to fit
one of them (harvest.py's donors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import aiohttp
from yarl import URL

from emulator.proxy.answer import Answer
from emulator.proxy.translate import Asked
from emulator.proxy.upstream import TIMEOUT
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime, VendorState
from emulator.server import Listening, listen
from emulator.settings import Settings
from emulator.vendor import ServedForm, Tenant, Vendor, discover

DONOR_RUNS = 3


@dataclass(slots=True)
class Twin:
    vendor: Vendor
    runtime: Runtime
    donors: Runtime
    listening: Listening | None = None

    @classmethod
    def build(cls, settings: Settings, vendor: str) -> Twin:
        """The data, built before the event loop starts (a fixture error raises here)."""
        own = replace(settings, host="127.0.0.1", port=0, vendor_ports=0, vendors=(vendor,))
        vendors = discover((vendor,))
        donors = replace(own, runs=DONOR_RUNS, clock="epoch")
        return cls(vendors[0], Runtime.start(own, vendors), Runtime.start(donors, vendors))

    @property
    def state(self) -> VendorState:
        return self.runtime.state(self.vendor.name)

    @property
    def tenants(self) -> tuple[Tenant, ...]:
        return tuple(self.state.tenants.values())

    async def start(self) -> None:
        self.listening = await listen(self.runtime, ResponseCheck(is_enabled=False))

    async def close(self) -> None:
        if self.listening is not None:
            await self.listening.close()

    async def ask(
        self, session: aiohttp.ClientSession, method: str, asked: Asked, body: bytes
    ) -> Answer:
        assert self.listening is not None, "start() the twin before asking it"
        query = f"?{asked.query}" if asked.query else ""
        url = URL(f"{self.listening.base_url}{asked.path}{query}", encoded=True)
        async with session.request(
            method, url, headers=asked.headers, data=body or None, allow_redirects=False,
            timeout=TIMEOUT,
        ) as response:  # fmt: skip
            raw = await response.read()
            pairs = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers]
            return Answer.of(response.status, pairs, raw)

    def donor(self, tenant: Tenant, form: ServedForm) -> Mapping[str, Any] | None:
        """A generated run of `tenant`, as `form` serves it (with the keys the form adds)."""
        state = self.donors.state(self.vendor.name)
        if tenant.slug not in state.tenants:
            return None
        runs = state.store.runs(tenant.slug, "generated")
        if not len(runs):
            return None
        run = runs[0]
        record = self.vendor.runs.to_record(run)
        added = {name: record[name] for name in form.context if name in record}
        return {**added, **form.serve(run, {})}
