"""The usage list's query semantics (api/db/organization_usage_client.py, api/db/filters.py).

Dates and filters are parsed by the handler, not by FastAPI, so their failures are the
vendor's own: a bad date escapes as an unhandled 500, bad filters JSON is a 400, and JSON of
the wrong shape fails inside a `try/except Exception` as a 500 carrying Python's message.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulator.errors import ApiError, Crash
from emulator.vendors.dograh.model import DograhRun, default_order

Predicate = Callable[[DograhRun], bool]

# USAGE_ALLOWED_FILTERS with the filter type each attribute is applied for.
ALLOWED = {
    "runId": "number", "workflowId": "number", "campaignId": "number",
    "callerNumber": "text", "calledNumber": "text", "dispositionCode": "multiSelect",
    "duration": "numberRange", "callDirection": "radio", "callChannel": "radio",
}  # fmt: skip
CHANNELS = {
    "telephony": frozenset({"ari", "plivo", "twilio", "vonage", "vobiz", "cloudonix", "telnyx",
                            "stasis", "VOICE"}),
    "web": frozenset({"webrtc", "smallwebrtc"}),
    "chat": frozenset({"textchat", "CHAT"}),
}  # fmt: skip


def parse_date(text: str | None) -> datetime | None:
    """`datetime.fromisoformat`, unguarded at the vendor: a bad value is an unhandled 500."""
    if not text:
        return None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError as error:
        raise Crash(f"start_date/end_date: {error}") from None
    # Naive stamps reach a timestamptz column through asyncpg, which reads them as UTC here.
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def parse_filters(text: str | None) -> list[Predicate]:
    if not text:
        return []
    try:
        document = json.loads(text)
    except ValueError:
        raise ApiError(400, "bad_request", "Invalid filters format") from None
    except RecursionError:
        # Not a JSONDecodeError, so the vendor's except-clause misses it: unhandled 500.
        raise Crash("filters nested too deeply") from None
    if not document:
        return []
    try:
        return [p for p in (_predicate(item) for item in _iterate(document)) if p is not None]
    except _PythonError as error:
        raise ApiError(500, "internal", str(error)) from None


class _PythonError(Exception):
    """What Python would raise at the vendor, worded as Python words it."""


def _type_name(value: Any) -> str:
    return {dict: "dict", list: "list", str: "str", int: "int", float: "float", bool: "bool",
            type(None): "NoneType"}[type(value)]  # fmt: skip


def _iterate(document: Any) -> list[Any]:
    if isinstance(document, (int, float)):  # bool is an int too
        raise _PythonError(f"'{_type_name(document)}' object is not iterable")
    return list(document)


def _get(value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        raise _PythonError(f"'{_type_name(value)}' object has no attribute 'get'")
    return value.get(key)


def _predicate(item: Any) -> Predicate | None:
    attribute = _get(item, "attribute")
    kind = _get(item, "type")
    if attribute not in ALLOWED or ALLOWED[attribute] != kind:
        return None
    value = _get(item, "value")
    return _BUILDERS[attribute](value)


def _number(field: str) -> Callable[[Any], Predicate | None]:
    def build(value: Any) -> Predicate | None:
        wanted = _get(value, "value")
        if wanted is None:
            return None
        if isinstance(wanted, bool) or not isinstance(wanted, int):
            raise _PythonError(_asyncpg_message(wanted, "integer"))
        return lambda run: getattr(run, field) == wanted

    return build


def _asyncpg_message(value: Any, expected: str) -> str:
    # The driver refuses the bound parameter with CPython's conversion error, and the
    # vendor's except-clause shows it (PyLong_AsLongLong / PyFloat_AsDouble wording).
    reason = (
        f"'{_type_name(value)}' object cannot be interpreted as an integer"
        if expected == "integer"
        else f"must be real number, not {_type_name(value)}"
    )
    return f"invalid input for query argument $1: {value!r} ({reason})"


def _text(key: str) -> Callable[[Any], Predicate | None]:
    def build(value: Any) -> Predicate | None:
        wanted = _get(value, "value")
        if wanted is None:
            return None
        if not isinstance(wanted, str):
            raise _PythonError(f"'{_type_name(wanted)}' object has no attribute 'strip'")
        pattern = like_pattern(wanted.strip())
        if pattern is None:
            return None
        return lambda run: _matches(pattern, run.context_text("initial", key))

    return build


def _matches(pattern: re.Pattern[str], text: str | None) -> bool:
    return text is not None and pattern.fullmatch(text) is not None


def like_pattern(value: str) -> re.Pattern[str] | None:
    """`LIKE '%value%'` as Postgres reads it: `%`/`_` are wildcards, backslash escapes."""
    if not value:
        return None
    parts, chars = [".*"], iter(value)
    for char in chars:
        if char == "\\":
            parts.append(re.escape(next(chars, "")))
        else:
            parts.append({"%": ".*", "_": "."}.get(char, re.escape(char)))
    parts.append(".*")
    return re.compile("".join(parts), re.DOTALL)


def _codes(value: Any) -> Predicate | None:
    codes = _get(value, "codes")
    if not codes:
        return None
    if not isinstance(codes, list):
        raise _PythonError(
            "IN expression list, SELECT construct, or bound parameter object expected, "
            f"got {codes!r}."
        )
    wanted = frozenset(str(c) for c in codes if c is not None)
    return lambda run: run.disposition in wanted


def _duration(value: Any) -> Predicate | None:
    low, high = _get(value, "min"), _get(value, "max")
    for bound in (low, high):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, (int, float))):
            raise _PythonError(_asyncpg_message(bound, "float"))
    if low is None and high is None:
        return None
    return lambda run: _within(run.duration, low, high)


def _within(duration: float | None, low: float | None, high: float | None) -> bool:
    if duration is None:
        return False  # NULL compares as unknown, which WHERE drops
    return (low is None or duration >= low) and (high is None or duration <= high)


def _direction(value: Any) -> Predicate | None:
    status = _get(value, "status")
    if status not in ("inbound", "outbound"):
        return None
    return lambda run: run.call_type == status


def _channel(value: Any) -> Predicate | None:
    group = CHANNELS.get(_get(value, "status")) if isinstance(_get(value, "status"), str) else None
    if group is None:
        return None
    return lambda run: run.mode in group


_BUILDERS: dict[str, Callable[[Any], Predicate | None]] = {
    "runId": _number("id"),
    "workflowId": _number("workflow_id"),
    "campaignId": _number("campaign_id"),
    "callerNumber": _text("caller_number"),
    "calledNumber": _text("called_number"),
    "dispositionCode": _codes,
    "duration": _duration,
    "callDirection": _direction,
    "callChannel": _channel,
}


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime | None
    end: datetime | None


def select(
    runs: Sequence[DograhRun], window: Window, predicates: list[Predicate]
) -> Sequence[DograhRun]:
    """The matches, in store order; the date window is cut by bisection (the store is sorted
    by created_at), so only runs inside it are scanned."""
    inside = within(runs, window)
    if not predicates:
        return inside
    return [r for r in inside if all(p(r) for p in predicates)]


def within(runs: Sequence[DograhRun], window: Window) -> Sequence[DograhRun]:
    if window.start is None and window.end is None:
        return runs
    # Store order is (-created_at, -id): later runs first.
    first = 0
    if window.end is not None:
        first = bisect.bisect_left(runs, (-window.end.timestamp(), -math.inf), key=default_order)
    last = len(runs)
    if window.start is not None:
        last = bisect.bisect_right(runs, (-window.start.timestamp(), math.inf), key=default_order)
    return runs[first:last]


def ordered(runs: Sequence[DograhRun], sort_by: str | None, sort_order: str) -> Sequence[DograhRun]:
    """created_at (or duration) in `sort_order`, NULLS LAST, then id DESC whatever the order."""
    is_ascending = sort_order == "asc"
    if sort_by != "duration":
        if not is_ascending:
            return runs  # the store's own order
        return sorted(runs, key=lambda r: (r.created_at, -r.id))
    sign = 1 if is_ascending else -1
    return sorted(runs, key=lambda r: (r.duration is None, sign * (r.duration or 0.0), -r.id))
