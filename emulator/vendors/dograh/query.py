"""Dograh's filter engine (dograh-hq/dograh@058c540c: api/db/filters.py
`apply_workflow_run_filters`) and its date parameters, as conditions.

Each filter item becomes at most one condition, read as the vendor's code reads it: a missing
`value` is `{}` and adds nothing, an explicit `null` fails at `.get`; values reach Postgres
through asyncpg's encoders (an int4 column takes `40246.0` and `true`, refuses 3000000000).
Where the vendor's Python raises, `PythonError` carries its message; each route decides what
the client then sees (emulator/vendors/dograh/filters.py). A condition says which runs it keeps,
on a run object (`select.holds`) and on the generated columns (emulator/vendors/dograh/select.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulator.errors import Crash

# USAGE_ALLOWED_FILTERS (api/db/organization_usage_client.py): what the usage list and its
# CSV report keep of the filters; the agent's run list allows AGENT_RUNS_ALLOWED instead and
# refuses the rest (api/routes/workflow.py get_workflow_runs).
ALLOWED = frozenset({"duration", "dispositionCode", "callerNumber", "calledNumber", "runId",
                     "workflowId", "campaignId", "callDirection", "callChannel"})  # fmt: skip
AGENT_RUNS_ALLOWED = frozenset({"dateRange", "dispositionCode", "duration", "status", "tokenUsage"})
# ATTRIBUTE_FIELD_MAPPING (api/db/filters.py), for the attributes either route lets through.
FIELDS = {
    "dateRange": "created_at", "dispositionCode": "gathered_context.mapped_call_disposition",
    "duration": "usage_info.call_duration_seconds", "status": "is_completed",
    "tokenUsage": "cost_info.total_cost_usd", "runId": "id", "workflowId": "workflow_id",
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


@dataclass(frozen=True, slots=True)
class Completed:
    """`is_completed = value`: a run is completed once it has ended (as of now)."""

    value: bool


@dataclass(frozen=True, slots=True)
class Created:
    """`created_at >= low AND created_at <= high` (either bound may be absent)."""

    low: datetime | None
    high: datetime | None


@dataclass(frozen=True, slots=True)
class Nothing:
    """A comparison no run satisfies: `cost_info->>'total_cost_usd'`, which nothing writes at
    HEAD, is NULL for every run, and NULL compares as unknown."""


Condition = (
    Equals | Like | Codes | DurationRange | Direction | Channel | Completed | Created | Nothing
)


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


class PythonError(Exception):
    """What Python would raise at the vendor, worded as Python words it."""


def type_name(value: Any) -> str:
    return {dict: "dict", list: "list", str: "str", int: "int", float: "float", bool: "bool",
            type(None): "NoneType"}[type(value)]  # fmt: skip


def get(value: Any, key: str, default: Any = None) -> Any:
    """`value.get(key, default)`, as a dict answers it."""
    if not isinstance(value, dict):
        raise PythonError(f"'{type_name(value)}' object has no attribute 'get'")
    return value.get(key, default)


def hashable(value: Any) -> Any:
    """`value in <set or dict>` hashes it: a list or an object cannot be."""
    if isinstance(value, (list, dict)):
        raise PythonError(f"unhashable type: '{type_name(value)}'")
    return value


def condition(item: dict[str, Any]) -> Condition | None:
    """One filter item as `apply_workflow_run_filters` reads it, or None where it adds no
    condition. Raises PythonError where the vendor's code raises."""
    kind, value = item.get("type"), item.get("value", {})  # a missing value is {}, null None
    field = FIELDS.get(hashable(item.get("attribute")))
    if not field or not kind:
        return None
    if kind == "number" and field in ("id", "workflow_id", "campaign_id"):
        wanted = get(value, "value")
        return None if wanted is None else Equals(field, _int4(wanted))
    if kind == "dateRange" and field == "created_at":
        return _created(get(value, "from"), get(value, "to"))
    if kind == "multiSelect" and field == FIELDS["dispositionCode"]:
        return _codes(get(value, "codes", []))
    if kind == "radio":
        return _radio(field, get(value, "status"))
    if kind == "text" and field.startswith("initial_context."):
        return _like(field.removeprefix("initial_context."), get(value, "value", ""))
    if kind == "numberRange":  # min and max are read whatever the field
        return _number_range(field, get(value, "min"), get(value, "max"))
    return None


def _radio(field: str, status: Any) -> Condition | None:
    if field == "is_completed":  # compared with ==, so any value is fine
        return {"completed": Completed(True), "in_progress": Completed(False)}.get(
            status if isinstance(status, str) else ""
        )
    if field == "call_type":
        return Direction(status) if hashable(status) in ("inbound", "outbound") else None
    if field == "mode":
        modes = CHANNELS.get(hashable(status))
        return Channel(modes) if modes else None
    return None


def _number_range(field: str, low: Any, high: Any) -> Condition | None:
    if field not in (FIELDS["duration"], FIELDS["tokenUsage"]) or (low is None and high is None):
        return None
    low, high = _float8(low), _float8(high)
    return DurationRange(low, high) if field == FIELDS["duration"] else Nothing()


def _created(low: Any, high: Any) -> Created | None:
    if not low and not high:
        return None
    return Created(_isoformat(low) if low else None, _isoformat(high) if high else None)


def _isoformat(text: Any) -> datetime:
    if not isinstance(text, str):
        raise PythonError("fromisoformat: argument must be str")
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError as error:
        raise PythonError(str(error)) from None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def _int4(value: Any) -> int:
    """asyncpg's int4 encoder: int(x) for anything with __int__ (floats truncate, True is 1),
    then the int32 range; a str is refused by PyLong_AsLong."""
    if isinstance(value, float) and math.isnan(value):
        raise PythonError(_driver(value, "cannot convert float NaN to integer"))
    if isinstance(value, (str, list, dict)):
        kind = type_name(value)
        raise PythonError(_driver(value, f"'{kind}' object cannot be interpreted as an integer"))
    number = int(value) if not (isinstance(value, float) and math.isinf(value)) else 2**63
    if not INT32[0] <= number <= INT32[1]:
        raise PythonError(_driver(value, "value out of int32 range"))
    return number


def _float8(value: Any) -> float | None:
    """asyncpg's float8 encoder: PyFloat_AsDouble (ints and bools convert, str does not)."""
    if value is None:
        return None
    if isinstance(value, (str, list, dict)):
        raise PythonError(_driver(value, f"must be real number, not {type_name(value)}"))
    return float(value)


def _driver(value: Any, reason: str) -> str:
    # The driver refuses the bound parameter and the vendor's except-clause shows its text.
    return f"invalid input for query argument $1: {value!r} ({reason})"


def _codes(codes: Any) -> Codes | None:
    if not codes:
        return None
    if not isinstance(codes, list):
        raise PythonError(
            "IN expression list, SELECT construct, or bound parameter object expected, "
            f"got {codes!r}."
        )
    return Codes(frozenset(str(c) for c in codes if c is not None))


def _like(key: str, wanted: Any) -> Like | None:
    if not isinstance(wanted, str):
        raise PythonError(f"'{type_name(wanted)}' object has no attribute 'strip'")
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
