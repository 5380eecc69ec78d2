"""The request journal: what clients sent to the vendor APIs and what they got, newest last.

A bounded ring (`--journal-size`), so a long-running emulator keeps a flat memory. Entries keep
the headers as sent, so that a test can verify which key its client used; whatever leaves the
emulator (the listing) shows credentials masked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from emulator.control.matcher import Matcher

# A header or query parameter whose name contains one of these carries a credential.
SECRET_WORDS = ("auth", "key", "token", "secret", "cookie", "password", "session", "signature")


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    at: datetime
    vendor: str
    method: str
    path: str
    raw_path: str
    operation_id: str | None
    query: Mapping[str, tuple[str, ...]]
    headers: Mapping[str, str]
    tenant: str | None
    # None when the connection was dropped on purpose: no status ever reached the client.
    status: int | None
    latency_ms: float
    faults: tuple[str, ...]
    body: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "vendor": self.vendor,
            "method": self.method,
            "path": self.path,
            "raw_path": self.raw_path,
            "operation": self.operation_id,
            "query": {k: [masked(k, v) for v in vs] for k, vs in self.query.items()},
            "headers": {k: masked(k, v) for k, v in self.headers.items()},
            "tenant": self.tenant,
            "status": self.status,
            "latency_ms": self.latency_ms,
            "faults": list(self.faults),
            "body": self.body,
        }


class Journal:
    def __init__(self, size: int) -> None:
        if size < 0:
            raise ValueError(f"journal size must be 0 or more, not {size}")
        self._entries: deque[Entry] = deque(maxlen=size)
        self._last_id = 0

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def next_id(self) -> int:
        self._last_id += 1
        return self._last_id

    def add(self, entry: Entry) -> None:
        self._entries.append(entry)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def newest_first(self, matcher: Matcher) -> Iterator[Entry]:
        return (e for e in reversed(self._entries) if matcher.matches(e))

    def count(self, matcher: Matcher) -> int:
        return sum(1 for _ in self.newest_first(matcher))


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in SECRET_WORDS)


def masked(name: str, value: str) -> str:
    """A credential shown by its first and last four characters (`dgr_…_2o7`), enough to tell
    two test keys apart; the scheme of `Bearer <token>` stays readable."""
    if not is_secret(name):
        return value
    scheme, _, credential = value.rpartition(" ")
    shown = f"{credential[:4]}…{credential[-4:]}" if len(credential) >= 16 else "…"
    return f"{scheme} {shown}" if scheme else shown
