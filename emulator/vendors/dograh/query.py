"""The usage list's query language (dograh-hq/dograh@058c540c: api/routes/organization_usage.py,
api/db/organization_usage_client.py, api/db/filters.py), parsed into conditions.

Dates and filters are parsed by the handler, not by FastAPI, so their failures are the
vendor's own: a bad date escapes as an unhandled 500, bad filters JSON is a 400, and JSON of
the wrong shape fails inside a `try/except Exception` as a 500 carrying Python's message. The
vendor walks the filters twice, and so does this module: first the usage route keeps the items
whose `attribute` is allowed (`item.get("attribute") in USAGE_ALLOWED_FILTERS`), then the filter
engine turns each into a SQL condition. A condition here says which runs it keeps, on a run
object (`holds`) and on the generated columns (emulator/vendors/dograh/select.py).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulator.errors import ApiError, Crash

ALLOWED = frozenset({"duration", "dispositionCode", "callerNumber", "calledNumber", "runId",
                     "workflowId", "campaignId", "callDirection", "callChannel"})  # fmt: skip
# ATTRIBUTE_FIELD_MAPPING, for the allowed attributes.
FIELDS = {
    "dispositionCode": "gathered_context.mapped_call_disposition",
    "duration": "usage_info.call_duration_seconds", "runId": "id", "workflowId": "workflow_id",
    "campaignId": "campaign_id", "callerNumber": "initial_context.caller_number",
    "calledNumber": "initial_context.called_number", "callDirection": "call_type",
    "callChannel": "mode",
}  # fmt: skip
CHANNELS = {
    "telephony": frozenset({"ari", "plivo", "twilio", "vonage", "vobiz", "cloudonix", "telnyx",
                            "stasis", "VOICE"}),
    "web": frozenset({"webrtc", "smallwebrtc"}),
    "chat": frozenset({"textchat", "CHAT"}),
}  # fmt: skip
INT32 = (-(2**31), 2**31 - 1)


@dataclass(frozen=True, slots=True)
class Equals:
    """`<id|workflow_id|campaign_id> = value` on an int4 column."""

    field: str
    value: int


@dataclass(frozen=True, slots=True)
class Like:
    """`initial_context->>key LIKE '%value%'`."""

    key: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Codes:
    codes: frozenset[str]


@dataclass(frozen=True, slots=True)
class DurationRange:
    low: float | None
    high: float | None


@dataclass(frozen=True, slots=True)
class Direction:
    call_type: str


@dataclass(frozen=True, slots=True)
class Channel:
    modes: frozenset[str]


Condition = Equals | Like | Codes | DurationRange | Direction | Channel


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime | None
    end: datetime | None


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


def parse_filters(text: str | None) -> list[Condition]:
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
        kept = [item for item in _iterate(document) if _attribute(item) in ALLOWED]
        return [c for c in (_condition(item) for item in kept) if c is not None]
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


def _get(value: Any, key: str, default: Any = None) -> Any:
    if not isinstance(value, dict):
        raise _PythonError(f"'{_type_name(value)}' object has no attribute 'get'")
    return value.get(key, default)


def _hashable(value: Any) -> Any:
    """`value in <set or dict>` hashes it: a list or an object cannot be."""
    if isinstance(value, (list, dict)):
        raise _PythonError(f"unhashable type: '{_type_name(value)}'")
    return value


def _attribute(item: Any) -> Any:
    return _hashable(_get(item, "attribute"))


def _condition(item: dict[str, Any]) -> Condition | None:
    attribute, kind = str(item.get("attribute")), item.get("type")
    value = item.get("value", {})  # a missing value is {}; an explicit null is None
    field = FIELDS[attribute]
    if not kind:
        return None
    if kind == "number" and field in ("id", "workflow_id", "campaign_id"):
        wanted = _get(value, "value")
        return None if wanted is None else Equals(field, _int4(wanted))
    if kind == "multiSelect" and attribute == "dispositionCode":
        return _codes(_get(value, "codes", []))
    if kind == "radio" and field == "call_type":
        status = _hashable(_get(value, "status"))
        return Direction(status) if status in ("inbound", "outbound") else None
    if kind == "radio" and field == "mode":
        modes = CHANNELS.get(_hashable(_get(value, "status")))
        return Channel(modes) if modes else None
    if kind == "text" and field.startswith("initial_context."):
        return _like(field.removeprefix("initial_context."), _get(value, "value", ""))
    if kind == "numberRange":  # read for any mapped field; applied to the duration only
        low, high = _get(value, "min"), _get(value, "max")
        if field != "usage_info.call_duration_seconds" or (low is None and high is None):
            return None
        return DurationRange(_float8(low), _float8(high))
    return None


def _int4(value: Any) -> int:
    """asyncpg's int4 encoder: int(x) for anything with __int__ (floats truncate, True is 1),
    then the int32 range; a str is refused by PyLong_AsLong."""
    if isinstance(value, float) and math.isnan(value):
        raise _PythonError(_driver(value, "cannot convert float NaN to integer"))
    if isinstance(value, (str, list, dict)):
        kind = _type_name(value)
        raise _PythonError(_driver(value, f"'{kind}' object cannot be interpreted as an integer"))
    number = int(value) if not (isinstance(value, float) and math.isinf(value)) else 2**63
    if not INT32[0] <= number <= INT32[1]:
        raise _PythonError(_driver(value, "value out of int32 range"))
    return number


def _float8(value: Any) -> float | None:
    """asyncpg's float8 encoder: PyFloat_AsDouble (ints and bools convert, str does not)."""
    if value is None:
        return None
    if isinstance(value, (str, list, dict)):
        raise _PythonError(_driver(value, f"must be real number, not {_type_name(value)}"))
    return float(value)


def _driver(value: Any, reason: str) -> str:
    # The driver refuses the bound parameter and the vendor's except-clause shows its text.
    return f"invalid input for query argument $1: {value!r} ({reason})"


def _codes(codes: Any) -> Codes | None:
    if not codes:
        return None
    if not isinstance(codes, list):
        raise _PythonError(
            "IN expression list, SELECT construct, or bound parameter object expected, "
            f"got {codes!r}."
        )
    return Codes(frozenset(str(c) for c in codes if c is not None))


def _like(key: str, wanted: Any) -> Like | None:
    if not isinstance(wanted, str):
        raise _PythonError(f"'{_type_name(wanted)}' object has no attribute 'strip'")
    pattern = like_pattern(wanted.strip())
    return None if pattern is None else Like(key, pattern)


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
