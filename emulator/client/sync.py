"""`EmulatorClient`: the control plane over the standard library's HTTP, for any test suite."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

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


class EmulatorClient:
    def __init__(self, base_url: str, *, token: str | None = None, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._headers = {"Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        # No proxies: the emulator is local to the tests, whatever HTTP_PROXY says.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def send(self, call: Call[T]) -> T:
        payload = call.payload()
        headers = {**self._headers, **({"Content-Type": "application/json"} if payload else {})}
        request = urllib.request.Request(
            call.target(self.base_url), data=payload, headers=headers, method=call.method
        )
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return call.read(response.read())
        except urllib.error.HTTPError as failure:
            with failure:
                raise refused(failure.code, failure.read()) from None

    def health(self) -> Record:
        return self.send(Calls.health())

    def reset(self, seed: int | None = None, runs: int | None = None) -> Record:
        """Back to the start-up data (or a new seed / runs per tenant), no faults, an empty
        journal, a real clock."""
        return self.send(Calls.reset(seed, runs))

    def vendors(self) -> dict[str, VendorInfo]:
        return self.send(Calls.vendors())

    def inject_runs(
        self, vendor: str, tenant: str, runs: Sequence[Mapping[str, Any]], *,
        shape: str = "record",
    ) -> list[Record]:  # fmt: skip
        """Store runs, all or none: records (ids minted where absent), or with
        `shape="served"` runs as the vendor's API serves them. The stored records."""
        return self.send(Calls.inject_runs(vendor, tenant, runs, shape))

    def inject_run(
        self, vendor: str, tenant: str, run: Mapping[str, Any], *, shape: str = "record"
    ) -> Record:
        return self.inject_runs(vendor, tenant, [run], shape=shape)[0]

    def runs(
        self, vendor: str, *, tenant: str | None = None, injected: bool = False, limit: int = 100,
        offset: int = 0,
    ) -> RunPage:  # fmt: skip
        return self.send(Calls.runs(vendor, tenant, injected, limit, offset))

    def count_runs(self, vendor: str, tenant: str | None = None, injected: bool = False) -> int:
        return self.runs(vendor, tenant=tenant, injected=injected, limit=0).count

    def run(self, vendor: str, run_id: object) -> Record:
        return self.send(Calls.run(vendor, run_id))

    def delete_run(self, vendor: str, run_id: object) -> None:
        self.send(Calls.delete_run(vendor, run_id))

    def delete_runs(self, vendor: str, tenant: str | None = None) -> int:
        """Delete every run (generated too) of the vendor or tenant; how many there were."""
        return self.send(Calls.delete_runs(vendor, tenant))

    def requests(self, limit: int = 100, **match: Unpack[JournalFilter]) -> list[RecordedRequest]:
        """Journalled vendor requests, newest first."""
        return self.send(Calls.requests(limit, **match))

    def count_requests(self, **match: Unpack[JournalMatch]) -> int:
        return self.send(Calls.count_requests(**match))

    def clear_requests(self) -> None:
        self.send(Calls.clear_requests())

    def add_fault(
        self, effect: Mapping[str, Any], *, probability: float = 1.0, times: int | None = None,
        fault_id: str | None = None, **match: Unpack[Match],
    ) -> FaultInfo:  # fmt: skip
        return self.send(Calls.add_fault(effect, probability, times, fault_id, match))

    def faults(self) -> list[FaultInfo]:
        return self.send(Calls.faults())

    def delete_fault(self, fault_id: str) -> None:
        self.send(Calls.delete_fault(fault_id))

    def clear_faults(self) -> None:
        self.send(Calls.clear_faults())

    def clock(self) -> ClockInfo:
        return self.send(Calls.clock())

    def freeze(self, at: datetime | str = "now") -> ClockInfo:
        return self.send(Calls.clock({"freeze": instant(at)}))

    def travel(self, to: datetime | str) -> ClockInfo:
        return self.send(Calls.clock({"travel": instant(to)}))

    def advance(self, by: timedelta | float) -> ClockInfo:
        return self.send(Calls.clock({"advance_seconds": seconds(by)}))

    def release(self) -> ClockInfo:
        return self.send(Calls.clock({"release": True}))

    def state(self) -> dict[str, Any]:
        """Per vendor, its non-generated runs as a fixture document."""
        return dict(self.send(Calls.state()))

    def save_state(self, directory: Path | str) -> list[Path]:
        """Write `<vendor>.yaml` per vendor into `directory`, for `--fixtures` to load back."""
        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for vendor in self.state():
            path = folder / f"{vendor}.yaml"
            path.write_text(self.send(Calls.state(vendor, "yaml")), encoding="utf-8")
            written.append(path)
        return written
