"""What the control plane answers, as typed values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypedDict, TypeVar

T = TypeVar("T")
Record = dict[str, Any]


class ControlRefused(Exception):
    """The control plane answered 4xx/5xx; `errors` names each offending field."""

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        self.status = status
        self.problem = dict(problem)
        self.errors: list[Record] = list(problem.get("errors") or [])
        super().__init__(f"{status} {problem.get('detail') or problem.get('title', '')}")


@dataclass(frozen=True, slots=True)
class TenantInfo:
    slug: str
    name: str
    test_key: str
    runs: int
    base_path: str


@dataclass(frozen=True, slots=True)
class VendorInfo:
    name: str
    title: str
    base_path: str
    mount: str
    runs: int
    tenants: tuple[TenantInfo, ...]


@dataclass(frozen=True, slots=True)
class RunPage:
    count: int
    runs: list[Record]


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    id: int
    at: str
    vendor: str
    method: str
    path: str
    raw_path: str
    operation: str | None
    query: dict[str, list[str]]
    headers: dict[str, str]
    tenant: str | None
    status: int | None
    latency_ms: float
    faults: list[str]
    body: str | None


@dataclass(frozen=True, slots=True)
class FaultInfo:
    id: str
    match: Record
    effect: Record
    probability: float
    times: int | None
    matched: int
    fired: int
    remaining: int | None


@dataclass(frozen=True, slots=True)
class ClockInfo:
    now: datetime
    is_frozen: bool
    offset_seconds: float
    # "epoch" (released: frozen at the end of the history) or "wall" (released: the wall clock).
    mode: str


def build(kind: type[T], data: Mapping[str, Any]) -> T:
    return kind(**{f.name: data[f.name] for f in fields(kind)})  # type: ignore[arg-type]


def vendor_info(data: Mapping[str, Any]) -> VendorInfo:
    tenants = tuple(build(TenantInfo, t) for t in data["tenants"])
    return build(VendorInfo, {**data, "tenants": tenants})


def clock_info(data: Mapping[str, Any]) -> ClockInfo:
    return build(ClockInfo, {**data, "now": datetime.fromisoformat(data["now"])})


def refused(status: int, data: bytes) -> ControlRefused:
    try:
        problem = json.loads(data)
    except ValueError:
        problem = {"detail": data.decode("utf-8", "replace")}
    return ControlRefused(status, problem if isinstance(problem, dict) else {"detail": problem})


class Match(TypedDict, total=False):
    """Which vendor requests a fault applies to; every given field must hold."""

    vendor: str
    method: str
    path: str  # a glob over the path within the vendor's base URL; `*` spans slashes
    operation: str  # the spec's operationId
    tenant: str
    query: Mapping[str, str]  # `"*"`: present with any value
    headers: Mapping[str, str]


class JournalMatch(Match, total=False):
    """Which journalled requests to count: a `Match`, and the answer's status."""

    status: int | str  # 503, or a class such as "5xx"


class JournalFilter(TypedDict, total=False):
    """Which journalled requests to list (query and headers: count them with a `JournalMatch`)."""

    vendor: str
    method: str
    path: str
    operation: str
    tenant: str
    status: int | str
