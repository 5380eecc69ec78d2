"""`AsyncEmulatorClient`: the control plane over aiohttp, for async test suites.

The same methods as `EmulatorClient`, awaited; use it as `async with AsyncEmulatorClient(url)`
(or call `close()`), since it keeps one aiohttp session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp

from emulator.client.calls import Call, Calls, instant, seconds
from emulator.client.models import (
    ClockInfo,
    FaultInfo,
    JournalFilter,
    JournalMatch,
    Match,
    Record,
    RecordedRequest,
    RunPage,
    VendorInfo,
    refused,
)

if TYPE_CHECKING:  # annotations only: no run-time need for typing_extensions on 3.11
    from typing_extensions import Unpack

T = TypeVar("T")


class AsyncEmulatorClient:
    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._headers = {"Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> AsyncEmulatorClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def send(self, call: Call[T]) -> T:
        if self._session is None:  # made on first use: a session belongs to a running loop
            self._session = aiohttp.ClientSession(headers=self._headers, timeout=self.timeout)
        payload = call.payload()
        headers = {"Content-Type": "application/json"} if payload else {}
        target = call.target(self.base_url)
        async with self._session.request(
            call.method, target, data=payload, headers=headers
        ) as response:
            data = await response.read()
            if response.status >= 400:
                raise refused(response.status, data)
            return call.read(data)

    async def health(self) -> Record:
        return await self.send(Calls.health())

    async def reset(self, seed: int | None = None, runs: int | None = None) -> Record:
        """Back to the start-up data (or a new seed / runs per tenant), no faults, an empty
        journal, a real clock."""
        return await self.send(Calls.reset(seed, runs))

    async def vendors(self) -> dict[str, VendorInfo]:
        return await self.send(Calls.vendors())

    async def inject_runs(
        self, vendor: str, tenant: str, runs: Sequence[Mapping[str, Any]], *,
        shape: str = "record",
    ) -> list[Record]:  # fmt: skip
        """Store runs, all or none: records (ids minted where absent), or with
        `shape="served"` runs as the vendor's API serves them. The stored records."""
        return await self.send(Calls.inject_runs(vendor, tenant, runs, shape))

    async def inject_run(
        self, vendor: str, tenant: str, run: Mapping[str, Any], *, shape: str = "record"
    ) -> Record:
        return (await self.inject_runs(vendor, tenant, [run], shape=shape))[0]

    async def runs(
        self, vendor: str, *, tenant: str | None = None, injected: bool = False, limit: int = 100,
        offset: int = 0,
    ) -> RunPage:  # fmt: skip
        return await self.send(Calls.runs(vendor, tenant, injected, limit, offset))

    async def count_runs(
        self, vendor: str, tenant: str | None = None, injected: bool = False
    ) -> int:
        return (await self.runs(vendor, tenant=tenant, injected=injected, limit=0)).count

    async def run(self, vendor: str, run_id: object) -> Record:
        return await self.send(Calls.run(vendor, run_id))

    async def delete_run(self, vendor: str, run_id: object) -> None:
        await self.send(Calls.delete_run(vendor, run_id))

    async def delete_runs(self, vendor: str, tenant: str | None = None) -> int:
        """Delete every run (generated too) of the vendor or tenant; how many there were."""
        return await self.send(Calls.delete_runs(vendor, tenant))

    async def requests(
        self, limit: int = 100, **match: Unpack[JournalFilter]
    ) -> list[RecordedRequest]:
        """Journalled vendor requests, newest first."""
        return await self.send(Calls.requests(limit, **match))

    async def count_requests(self, **match: Unpack[JournalMatch]) -> int:
        return await self.send(Calls.count_requests(**match))

    async def clear_requests(self) -> None:
        await self.send(Calls.clear_requests())

    async def add_fault(
        self, effect: Mapping[str, Any], *, probability: float = 1.0, times: int | None = None,
        fault_id: str | None = None, **match: Unpack[Match],
    ) -> FaultInfo:  # fmt: skip
        return await self.send(Calls.add_fault(effect, probability, times, fault_id, match))

    async def faults(self) -> list[FaultInfo]:
        return await self.send(Calls.faults())

    async def delete_fault(self, fault_id: str) -> None:
        await self.send(Calls.delete_fault(fault_id))

    async def clear_faults(self) -> None:
        await self.send(Calls.clear_faults())

    async def clock(self) -> ClockInfo:
        return await self.send(Calls.clock())

    async def freeze(self, at: datetime | str = "now") -> ClockInfo:
        return await self.send(Calls.clock({"freeze": instant(at)}))

    async def travel(self, to: datetime | str) -> ClockInfo:
        return await self.send(Calls.clock({"travel": instant(to)}))

    async def advance(self, by: timedelta | float) -> ClockInfo:
        return await self.send(Calls.clock({"advance_seconds": seconds(by)}))

    async def release(self) -> ClockInfo:
        return await self.send(Calls.clock({"release": True}))

    async def state(self) -> dict[str, Any]:
        """Per vendor, its non-generated runs as a fixture document."""
        return dict(await self.send(Calls.state()))

    async def save_state(self, directory: Path | str) -> list[Path]:
        """Write `<vendor>.yaml` per vendor into `directory`, for `--fixtures` to load back."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for vendor in await self.state():
            path = folder / f"{vendor}.yaml"
            path.write_text(await self.send(Calls.state(vendor, "yaml")), encoding="utf-8")
            written.append(path)
        return written
