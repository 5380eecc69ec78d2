"""Encoded JSON fragments of served runs, cached, so a list page is a join of bytes.

A run's list item is the same bytes on every request (for one base URL) until the run is
replaced; encoding it once instead of per request is most of a list page's cost. Entries are
keyed by the run object itself (runs are frozen; a changed run is a new object), and the LRU
bound keeps memory flat however large the dataset.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class RawJson:
    """A reply body already encoded by the vendor's dialect (validated as JSON in checks)."""

    data: bytes


class FragmentCache:
    def __init__(self, size: int = 20_000) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[int, str], tuple[Any, bytes]] = OrderedDict()

    def get(self, run: Any, variant: str, encode: Callable[[], bytes]) -> bytes:
        key = (id(run), variant)
        found = self._entries.get(key)
        if found is not None and found[0] is run:  # the same object, not a reused id
            self._entries.move_to_end(key)
            return found[1]
        data = encode()
        self._entries[key] = (run, data)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return data


def json_object(fields: Sequence[tuple[str, bytes]]) -> bytes:
    """`{"a":<bytes>,"b":<bytes>}` from already-encoded values, in the given order."""
    parts = [b'"' + name.encode() + b'":' + value for name, value in fields]
    return b"{" + b",".join(parts) + b"}"


def json_array(items: Sequence[bytes]) -> bytes:
    return b"[" + b",".join(items) + b"]"
