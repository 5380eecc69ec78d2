"""The control plane from Python: `EmulatorClient` (standard library) and `AsyncEmulatorClient`
(aiohttp), with the same methods; effects of faults as small helpers.

    control = EmulatorClient("http://127.0.0.1:8080")
    control.delete_runs("dograh", tenant="acme-health")
    control.inject_runs("dograh", "acme-health", [{"workflow_id": 1207, ...}])
    control.add_fault(error(503), vendor="dograh", times=2)
    assert control.count_requests(vendor="dograh", status="5xx") == 2

A refused call raises `ControlRefused`, carrying the problem+json the emulator answered.
"""

from emulator.client.aio import AsyncEmulatorClient
from emulator.client.calls import Call, Calls
from emulator.client.effects import drop, empty, error, latency, rate_limit, truncate
from emulator.client.models import (
    ClockInfo,
    ControlRefused,
    FaultInfo,
    JournalFilter,
    JournalMatch,
    Match,
    RecordedRequest,
    RunPage,
    TenantInfo,
    VendorInfo,
)
from emulator.client.sync import EmulatorClient

__all__ = [
    "AsyncEmulatorClient",
    "Call",
    "Calls",
    "ClockInfo",
    "ControlRefused",
    "EmulatorClient",
    "FaultInfo",
    "JournalFilter",
    "JournalMatch",
    "Match",
    "RecordedRequest",
    "RunPage",
    "TenantInfo",
    "VendorInfo",
    "drop",
    "empty",
    "error",
    "latency",
    "rate_limit",
    "truncate",
]
