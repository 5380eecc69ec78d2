"""What an injected fault does to a request, and how each effect is parsed from JSON.

`Latency` delays the request and lets it through; every other effect answers it instead of the
vendor. Errors are rendered by the vendor's own dialect, through the same path as the vendor's
real errors, so a client sees exactly the envelope it would get from the vendor.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from emulator.control.problem import issue, require, validator

MAX_DELAY_MS = 120_000  # long enough for any client timeout, short enough not to wedge a suite


@dataclass(frozen=True, slots=True)
class Latency:
    min_ms: int
    max_ms: int

    def delay(self, rng: random.Random) -> float:
        """Seconds to wait: fixed, or drawn uniformly from the range by the fault's own rng."""
        if self.min_ms == self.max_ms:
            return self.min_ms / 1000
        return rng.uniform(self.min_ms, self.max_ms) / 1000

    def to_json(self) -> dict[str, Any]:
        if self.min_ms == self.max_ms:
            return {"type": "latency", "ms": self.min_ms}
        return {"type": "latency", "min_ms": self.min_ms, "max_ms": self.max_ms}


@dataclass(frozen=True, slots=True)
class ErrorStatus:
    status: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"type": "status", "status": self.status, "message": self.message}


@dataclass(frozen=True, slots=True)
class RateLimit:
    retry_after: int

    def to_json(self) -> dict[str, Any]:
        return {"type": "rate_limit", "retry_after": self.retry_after}


@dataclass(frozen=True, slots=True)
class Drop:
    def to_json(self) -> dict[str, Any]:
        return {"type": "drop"}


@dataclass(frozen=True, slots=True)
class Empty:
    status: int

    def to_json(self) -> dict[str, Any]:
        return {"type": "empty", "status": self.status}


@dataclass(frozen=True, slots=True)
class Truncate:
    # Bytes of the real body sent before the connection closes; None: half of them.
    keep_bytes: int | None

    def to_json(self) -> dict[str, Any]:
        return {"type": "truncate", "bytes": self.keep_bytes}


Effect = Latency | ErrorStatus | RateLimit | Drop | Empty | Truncate

_MS = {"type": "integer", "minimum": 0, "maximum": MAX_DELAY_MS}
_SCHEMAS: dict[str, dict[str, Any]] = {
    "latency": {"ms": _MS, "min_ms": _MS, "max_ms": _MS},
    "status": {
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "message": {"type": "string", "maxLength": 2048},
    },
    "rate_limit": {"retry_after": {"type": "integer", "minimum": 0, "maximum": 86_400}},
    "drop": {},
    "empty": {"status": {"type": "integer", "minimum": 200, "maximum": 599}},
    "truncate": {"bytes": {"type": ["integer", "null"], "minimum": 0}},
}
_REQUIRED = {"status": ["status"]}
KINDS = tuple(_SCHEMAS)
_VALIDATORS = {
    kind: validator(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", *_REQUIRED.get(kind, [])],
            "properties": {"type": {"const": kind}, **properties},
        }
    )
    for kind, properties in _SCHEMAS.items()
}


def parse_effect(body: Mapping[str, Any]) -> Effect:
    """An effect from its JSON (already known to be an object with a known `type`)."""
    kind = body["type"]
    require(_VALIDATORS[kind], body, f"invalid {kind} effect", "effect")
    return _PARSERS[kind](body)


def _latency(body: Mapping[str, Any]) -> Effect:
    if "ms" in body and ("min_ms" in body or "max_ms" in body):
        raise issue("effect.ms", "give `ms`, or `min_ms` and `max_ms`, not both")
    if "ms" in body:
        return Latency(int(body["ms"]), int(body["ms"]))
    if "min_ms" not in body or "max_ms" not in body:
        missing = "effect.min_ms" if "min_ms" not in body else "effect.max_ms"
        raise issue(missing, "is required (or give `ms` for a fixed delay)")
    low, high = int(body["min_ms"]), int(body["max_ms"])
    if low > high:
        raise issue("effect.max_ms", f"must be at least min_ms ({low})")
    return Latency(low, high)


def _status(body: Mapping[str, Any]) -> Effect:
    status = int(body["status"])
    return ErrorStatus(status, body.get("message") or _phrase(status))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


_PARSERS: dict[str, Callable[[Mapping[str, Any]], Effect]] = {
    "latency": _latency,
    "status": _status,
    "rate_limit": lambda body: RateLimit(int(body.get("retry_after", 1))),
    "drop": lambda _: Drop(),
    "empty": lambda body: Empty(int(body.get("status", 200))),
    "truncate": lambda body: Truncate(None if body.get("bytes") is None else int(body["bytes"])),
}
