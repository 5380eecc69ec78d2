"""The Runs API's query semantics: Go integer parsing, filters, sorts and pages (FACTS.md 4.4).

The service is written in Go: integers are read as `strconv.Atoi` reads them (no whitespace,
no `1_0`, no `3.0`), and sorting follows Postgres (`DESC` puts NULLs first, `ASC` last). Every
sort ends on the run id so that pages never overlap, whatever the fields asked for.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from emulator.errors import ParamError, ParamIssue
from emulator.scalar import Invalid
from emulator.vendors.dynamiq.model import AWAITING, DynamiqRun, default_order
from emulator.vendors.dynamiq.tenancy import Behaviour

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
    statuses: frozenset[str]
    user_id: str
    session_id: str

    def matches(self, run: DynamiqRun, behaviour: Behaviour) -> bool:
        if self.user_id and run.user_id != self.user_id:
            return False
        if self.session_id and run.session_id != self.session_id:
            return False
        return not self.statuses or _status_matches(run, self.statuses, behaviour)


def _status_matches(run: DynamiqRun, wanted: frozenset[str], behaviour: Behaviour) -> bool:
    reported = run.reported_status
    if reported in wanted:
        return True
    # FACTS.md 4.5 leaves open whether `started` also finds a started run awaiting input.
    return (
        reported == AWAITING and behaviour.is_awaiting_in_underlying_status and run.status in wanted
    )


def select(
    runs: Sequence[DynamiqRun], app_id: str, filters: Filters, behaviour: Behaviour
) -> Sequence[DynamiqRun]:
    """The app's matching runs, in the store's order."""
    mine = app_runs(runs, app_id)
    if not (filters.statuses or filters.user_id or filters.session_id):
        return mine
    return [r for r in mine if filters.matches(r, behaviour)]


def app_runs(runs: Sequence[DynamiqRun], app_id: str) -> Sequence[DynamiqRun]:
    """The app's slice of its tenant's runs (the store groups them by app), by bisection."""
    first = bisect.bisect_left(runs, (app_id,), key=_order)
    # UUIDs have one length, so no other app id lies between `app_id` and `app_id + "\0"`.
    last = bisect.bisect_left(runs, (app_id + "\0",), key=_order)
    return runs[first:last]


def _order(run: DynamiqRun) -> tuple[Any, ...]:
    return default_order(run)


def _run_value(run: DynamiqRun, field: str) -> tuple[bool, Any]:
    if field == "status":
        return (False, run.status)  # the stored column, not the synthetic awaiting_input
    moment = getattr(run, field)
    return (moment is None, 0.0 if moment is None else moment.timestamp())


def sort_runs(runs: Sequence[DynamiqRun], keys: tuple[SortKey, ...]) -> Sequence[DynamiqRun]:
    """Runs in the store's order (`-started_at`, then id) unless other keys are asked for."""
    if not keys or keys == (SortKey("started_at", True),):
        return runs
    return sort_by(runs, keys, _run_value, lambda r: r.id)


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
