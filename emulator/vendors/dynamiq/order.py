"""Sort keys of the run list, one encoding for run objects and for generated columns.

`sort` names fields in order, `-` for descending; Postgres puts NULLs last ascending and first
descending, and the run id (as a uuid: its 128-bit value) breaks every tie, so the order is
total and pages never overlap. A key is a tuple of integers that sorts ascending in serving
order: per field (NULL flag, value), negated for a descending field, then the id's two halves.
Timestamps compare in whole seconds, as the API shows and stores them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.store import micros
from emulator.vendors.dynamiq.ids import halves, split
from emulator.vendors.dynamiq.model import STORED, DynamiqRun, tiebreak
from emulator.vendors.dynamiq.query import SortKey
from emulator.vendors.dynamiq.state import SECOND_US, Seen

Spec = tuple[SortKey, ...]
Key = tuple[int, ...]
Ints = npt.NDArray[np.int64]
DEFAULT: Spec = (SortKey("started_at", True),)
_TEXT_RANK = {name: rank for rank, name in enumerate(sorted(STORED))}


def normalized(keys: Sequence[SortKey]) -> Spec:
    """The keys that can decide (a field repeated later never does); the default if none."""
    kept: dict[str, SortKey] = {}
    for key in keys:
        kept.setdefault(key.field, key)
    return tuple(kept.values()) or DEFAULT


def _part(value: int | None, is_descending: bool) -> tuple[int, int]:
    if value is None:
        return (0, 0) if is_descending else (1, 0)
    return (1, -value) if is_descending else (0, value)


def run_key(run: DynamiqRun, spec: Spec) -> Key:
    """The key of a run object (already as of now)."""
    parts: list[int] = []
    for key in spec:
        parts.extend(_part(_value(run, key.field), key.is_descending))
    return (*parts, *split(tiebreak(run.id)))


def _value(run: DynamiqRun, field: str) -> int | None:
    if field == "status":
        return _TEXT_RANK[run.status]
    moment: datetime | None = getattr(run, field)
    return None if moment is None else micros(moment) // SECOND_US


def columns(seen: Seen, spec: Spec, id_key: int) -> list[npt.NDArray[Any]]:
    """The key's parts as arrays over `seen.positions`, most significant first."""
    parts: list[npt.NDArray[Any]] = []
    for key in spec:
        values, nulls = seen.value(key.field)
        flags = ~nulls if key.is_descending else nulls
        shown = np.where(nulls, 0, -values if key.is_descending else values)
        parts.extend((flags.astype(np.int64), shown.astype(np.int64)))
    high, low = halves(id_key, seen.positions)
    return [*parts, high, low]


def sorting(parts: list[npt.NDArray[Any]]) -> Ints:
    """The permutation that puts `parts` in key order (np.lexsort takes the last key first)."""
    order: Ints = np.lexsort(parts[::-1]).astype(np.int64)
    return order


def key_at(parts: list[npt.NDArray[Any]], index: int) -> Key:
    return tuple(int(part[index]) for part in parts)
