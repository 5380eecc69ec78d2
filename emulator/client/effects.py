"""The effects of a fault, as `add_fault` takes them (see docs/control-plane.md)."""

from __future__ import annotations

from emulator.client.models import Record


def latency(
    ms: int | None = None, *, min_ms: int | None = None, max_ms: int | None = None
) -> Record:
    """A delay, fixed (`ms`) or drawn from `min_ms..max_ms`; the request then goes through."""
    if ms is not None:
        return {"type": "latency", "ms": ms}
    return {"type": "latency", "min_ms": min_ms, "max_ms": max_ms}


def error(status: int, message: str | None = None) -> Record:
    """An error status in the vendor's own error envelope."""
    return {"type": "status", "status": status, **({"message": message} if message else {})}


def rate_limit(retry_after: int = 1) -> Record:
    return {"type": "rate_limit", "retry_after": retry_after}


def drop() -> Record:
    """The connection closes without an answer."""
    return {"type": "drop"}


def empty(status: int = 200) -> Record:
    return {"type": "empty", "status": status}


def truncate(keep_bytes: int | None = None) -> Record:
    """The real answer, cut after `keep_bytes` (default half) of its declared length."""
    return {"type": "truncate", "bytes": keep_bytes}
