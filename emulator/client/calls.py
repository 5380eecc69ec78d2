"""Each control-plane endpoint as a `Call`: method, path, body and how to read the answer.

Both clients send the same calls, so the sync and async surfaces cannot drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar
from urllib.parse import quote, urlencode

from emulator.client.models import (
    ClockInfo,
    FaultInfo,
    Record,
    RecordedRequest,
    RunPage,
    VendorInfo,
    build,
    clock_info,
    vendor_info,
)

T = TypeVar("T")
_NO_BODY: Any = object()


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    method: str
    path: str
    read: Callable[[bytes], T]
    body: Any = _NO_BODY
    query: Mapping[str, str] = field(default_factory=dict)

    def target(self, base_url: str) -> str:
        query = f"?{urlencode(self.query)}" if self.query else ""
        return f"{base_url.rstrip('/')}/_emulator{self.path}{query}"

    def payload(self) -> bytes | None:
        return None if self.body is _NO_BODY else json.dumps(self.body).encode()


def _json(data: bytes) -> Any:
    return json.loads(data)


def _nothing(_: bytes) -> None:
    return None


def _text(data: bytes) -> str:
    return data.decode("utf-8")


def _given(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _query(**values: Any) -> dict[str, str]:
    return {k: str(v) for k, v in values.items() if v is not None}


def plain(match: Mapping[str, Any]) -> dict[str, Any]:
    """A matcher as JSON: nested mappings as objects, absent fields left out."""
    return {k: dict(v) if isinstance(v, Mapping) else v for k, v in _given(**match).items()}


class Calls:
    """Each control-plane endpoint as a `Call`."""

    @staticmethod
    def health() -> Call[Record]:
        return Call("GET", "/health", _json)

    @staticmethod
    def reset(seed: int | None = None, runs: int | None = None) -> Call[Record]:
        return Call("POST", "/reset", _json, _given(seed=seed, runs=runs))

    @staticmethod
    def vendors() -> Call[dict[str, VendorInfo]]:
        return Call(
            "GET", "/vendors", lambda d: {v["name"]: vendor_info(v) for v in _json(d)["vendors"]}
        )

    @staticmethod
    def inject_runs(
        vendor: str, tenant: str, runs: Sequence[Mapping[str, Any]], shape: str = "record"
    ) -> Call[list[Record]]:
        body: dict[str, Any] = {"tenant": tenant, "runs": [dict(r) for r in runs]}
        if shape != "record":  # an emulator older than served shapes takes record batches still
            body["shape"] = shape
        return Call("POST", f"/vendors/{quote(vendor)}/runs", lambda d: _json(d)["runs"], body)

    @staticmethod
    def runs(
        vendor: str, tenant: str | None, injected: bool, limit: int, offset: int
    ) -> Call[RunPage]:
        origin = "injected" if injected else None
        query = _query(tenant=tenant, origin=origin, limit=limit, offset=offset)
        read = lambda d: build(RunPage, _json(d))  # noqa: E731
        return Call("GET", f"/vendors/{quote(vendor)}/runs", read, query=query)

    @staticmethod
    def run(vendor: str, run_id: object) -> Call[Record]:
        return Call("GET", f"/vendors/{quote(vendor)}/runs/{quote(str(run_id))}", _json)

    @staticmethod
    def delete_run(vendor: str, run_id: object) -> Call[None]:
        return Call("DELETE", f"/vendors/{quote(vendor)}/runs/{quote(str(run_id))}", _nothing)

    @staticmethod
    def delete_runs(vendor: str, tenant: str | None) -> Call[int]:
        read = lambda d: int(_json(d)["deleted"])  # noqa: E731
        return Call("DELETE", f"/vendors/{quote(vendor)}/runs", read, query=_query(tenant=tenant))

    @staticmethod
    def requests(limit: int = 100, **matcher: Any) -> Call[list[RecordedRequest]]:
        read = lambda d: [build(RecordedRequest, e) for e in _json(d)["requests"]]  # noqa: E731
        return Call("GET", "/requests", read, query=_query(limit=limit, **matcher))

    @staticmethod
    def count_requests(**matcher: Any) -> Call[int]:
        return Call("POST", "/requests/count", lambda d: int(_json(d)["count"]), plain(matcher))

    @staticmethod
    def clear_requests() -> Call[None]:
        return Call("DELETE", "/requests", _nothing)

    @staticmethod
    def add_fault(
        effect: Mapping[str, Any], probability: float, times: int | None, fault_id: str | None,
        match: Mapping[str, Any],
    ) -> Call[FaultInfo]:  # fmt: skip
        body = _given(id=fault_id, match=plain(match), effect=dict(effect), times=times)
        body["probability"] = probability
        return Call("POST", "/faults", lambda d: build(FaultInfo, _json(d)), body)

    @staticmethod
    def faults() -> Call[list[FaultInfo]]:
        return Call("GET", "/faults", lambda d: [build(FaultInfo, f) for f in _json(d)["faults"]])

    @staticmethod
    def delete_fault(fault_id: str) -> Call[None]:
        return Call("DELETE", f"/faults/{quote(fault_id)}", _nothing)

    @staticmethod
    def clear_faults() -> Call[None]:
        return Call("DELETE", "/faults", _nothing)

    @staticmethod
    def clock(change: Mapping[str, Any] | None = None) -> Call[ClockInfo]:
        if change is None:
            return Call("GET", "/clock", lambda d: clock_info(_json(d)))
        return Call("PUT", "/clock", lambda d: clock_info(_json(d)), dict(change))

    @staticmethod
    def state(vendor: str | None = None, form: str = "json") -> Call[Any]:
        path = "/state" if vendor is None else f"/state/{quote(vendor)}"
        return Call("GET", path, _json if form == "json" else _text, query={"format": form})


def instant(at: datetime | str) -> str:
    return at.isoformat() if isinstance(at, datetime) else at


def seconds(by: timedelta | float) -> float:
    return by.total_seconds() if isinstance(by, timedelta) else float(by)
