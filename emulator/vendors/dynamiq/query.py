"""The Runs API's query language: Go integer parsing, filters, sorts and pages (docs: listRuns).

The service is written in Go: integers are read as `strconv.Atoi` reads them (no whitespace,
no `1_0`, no `3.0`), and sorting follows Postgres (`DESC` puts NULLs first, `ASC` last). Every
sort ends on a tie-break (the run id, an event's sequence) so that pages never overlap. The
run list is answered over the engine by emulator/vendors/dynamiq/select.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from emulator.errors import ParamError, ParamIssue
from emulator.scalar import Invalid

Item = TypeVar("Item")
_ATOI = re.compile(r"[+-]?[0-9]+")
_INT64 = (-(2**63), 2**63 - 1)
RUN_SORTS = ("started_at", "ended_at", "created_at", "status")
EVENT_SORTS = ("sequence", "timestamp")


def go_atoi(raw: str) -> int:
    """`strconv.Atoi`: an optional sign and ASCII digits, within int64."""
    if not _ATOI.fullmatch(raw):
        raise Invalid("int_parsing", f"strconv.Atoi: parsing {raw!r}: invalid syntax")
    value = int(raw)
    if not _INT64[0] <= value <= _INT64[1]:
        raise Invalid("int_parsing_size", f"strconv.Atoi: parsing {raw!r}: value out of range")
    return value


@dataclass(frozen=True, slots=True)
class SortKey:
    field: str
    is_descending: bool


def parse_sort(text: str, fields: Sequence[str]) -> tuple[SortKey, ...]:
    """`-started_at,status`: comma-separated fields, `-` for descending; empty means default."""
    if not text:
        return ()
    keys = []
    for part in text.split(","):
        name = part.removeprefix("-")
        if name not in fields:
            expected = ", ".join(fields)
            issue = ParamIssue("enum", "query", "sort", text, f"unknown sort field {part!r}",
                               (("expected", expected),))  # fmt: skip
            raise ParamError((issue,))
        keys.append(SortKey(name, part.startswith("-")))
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class Filters:
    """What `GET /v1/runs` keeps: reported statuses (any of them; none: all), the user and the
    session (empty: any), ANDed."""

    statuses: frozenset[str]
    user_id: str
    session_id: str


def sort_by(
    items: Sequence[Item],
    keys: tuple[SortKey, ...],
    value: Callable[[Item, str], tuple[bool, Any]],
    tie: Callable[[Item], Any],
) -> list[Item]:
    """Stable passes from the last key to the first, on top of the ascending tie-break.

    `(is_null, value)` keys put NULLs last ascending and first descending, as Postgres does.
    """
    ordered = sorted(items, key=tie)
    for key in reversed(keys):
        ordered.sort(key=_by_field(value, key.field), reverse=key.is_descending)
    return ordered


def _by_field(
    value: Callable[[Item, str], tuple[bool, Any]], field: str
) -> Callable[[Item], tuple[bool, Any]]:
    return lambda item: value(item, field)


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        return -(-self.total // self.size)

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def cut(self, items: Sequence[Item]) -> Sequence[Item]:
        start = (self.number - 1) * self.size
        return items[start : start + self.size]

    def as_json(self) -> dict[str, int]:
        return {
            "page": self.number,
            "page_size": self.size,
            "page_count": self.count,
            "total_count": self.total,
        }
