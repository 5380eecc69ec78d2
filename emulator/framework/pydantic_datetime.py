"""pydantic v2's lax `datetime` parsing of one query string, without pydantic (a dev dependency).

FastAPI validates a `datetime | None` query parameter in lax mode, through pydantic-core and its
`speedate` parser: the string is tried as a date-time (`YYYY-MM-DD[T t _ space]HH:MM[:SS[.f]]`
with an optional `Z` or `±HH[:]MM` offset), then as a number (a unix timestamp in seconds, or
in milliseconds past 2e10), and last as a bare date (its midnight, naive). A failure is always
reported by that last date attempt, as `datetime_from_date_parsing` with the date parser's
reason; a parse whose year is 0 fails later, in Python, as `datetime_parsing`.
tests/unit/framework/test_pydantic_datetime.py holds all of this against pydantic itself.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone

from emulator.scalar import Invalid

_MS_WATERSHED = 20_000_000_000
_UNIX_0000 = -62_167_219_200
_UNIX_0001 = -62_135_596_800
_UNIX_9999 = 253_402_300_799
_I64 = 2**63
_U32 = 2**32 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_INTEGER = re.compile(rb"[+-]?[0-9]+")
# The float grammar speedate applies (lexical's standard format) once the text has a `.`.
_FLOAT = re.compile(rb"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DIGITS = frozenset(b"0123456789")
_MINUS_SIGN = "\u2212".encode()

TOO_SHORT = "input is too short"
EXTRA = "unexpected extra characters at the end of the input"
_BAD_SEPARATOR = "invalid date separator, expected `-`"
_TOO_LARGE = "dates after 9999 are not supported as unix timestamps"
_TOO_SMALL = "dates before 0000 are not supported as unix timestamps"


class _Unparsed(Exception):
    """One of speedate's parse errors, carrying its documented wording."""


def to_datetime(raw: str) -> datetime:
    """The datetime pydantic makes of `raw`, or `Invalid` with pydantic's type, message, ctx."""
    data = raw.encode("utf-8", "surrogatepass")
    try:
        return _as_datetime(data)
    except _Unparsed:
        return _as_date(data)


def _as_datetime(data: bytes) -> datetime:
    try:
        return _rfc3339(data)
    except _Unparsed:
        if b"." in data:
            if not _FLOAT.fullmatch(data):
                raise
            return _from_float(float(data))
        if _integer(data) is None:
            raise
        return _from_timestamp(int(data))


def _as_date(data: bytes) -> datetime:
    try:
        year, month, day = _date(data)
        if len(data) > 10:
            raise _Unparsed(EXTRA)
    except _Unparsed as failure:
        number = _integer(data)
        if number is None:
            raise _from_date(str(failure)) from None
        try:
            _from_timestamp(number)
        except _Unparsed as late:
            raise _from_date(str(late)) from None
        raise _from_date("a timestamp must be exact to be a date") from None  # unreachable
    return _python(year, month, day)


def _from_date(reason: str) -> Invalid:
    message = f"Input should be a valid datetime or date, {reason}"
    return Invalid("datetime_from_date_parsing", message, (("error", reason),))


def _python(
    year: int, month: int, day: int, clock: tuple[int, int, int, int] = (0, 0, 0, 0),
    tz: timezone | None = None,
) -> datetime:  # fmt: skip
    if year == 0:  # speedate knows year 0; Python's datetime refuses it after the parse
        reason = "year 0 is out of range"
        message = f"Input should be a valid datetime, {reason}"
        raise Invalid("datetime_parsing", message, (("error", reason),))
    hour, minute, second, micro = clock
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)


def _integer(data: bytes) -> int | None:
    if not _INTEGER.fullmatch(data):
        return None
    value = int(data)
    return value if -_I64 <= value < _I64 else None


def _digit(data: bytes, index: int, reason: str) -> int:
    if index >= len(data) or data[index] not in _DIGITS:
        raise _Unparsed(reason)
    return data[index] - 48


def _two(data: bytes, index: int, reason: str) -> int:
    return _digit(data, index, reason) * 10 + _digit(data, index + 1, reason)


def _date(data: bytes) -> tuple[int, int, int]:
    if len(data) < 10:
        raise _Unparsed(TOO_SHORT)
    year = _two(data, 0, "invalid character in year") * 100
    year += _two(data, 2, "invalid character in year")
    if data[4:5] != b"-":
        raise _Unparsed(_BAD_SEPARATOR)
    month = _two(data, 5, "invalid character in month")
    if data[7:8] != b"-":
        raise _Unparsed(_BAD_SEPARATOR)
    day = _two(data, 8, "invalid character in day")
    if not 1 <= month <= 12:
        raise _Unparsed("month value is outside expected range of 1-12")
    if not 1 <= day <= _month_days(year, month):
        raise _Unparsed("day value is outside expected range")
    return year, month, day


def _month_days(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _rfc3339(data: bytes) -> datetime:
    year, month, day = _date(data)
    if data[10:11] not in (b"T", b"t", b" ", b"_"):
        raise _Unparsed("invalid datetime separator")
    hour, minute, second, micro, position = _clock(data, 11)
    offset, position = _offset(data, position)
    if len(data) > position:
        raise _Unparsed(EXTRA)
    zone = None if offset is None else timezone(timedelta(seconds=offset))
    return _python(year, month, day, (hour, minute, second, micro), zone)


def _clock(data: bytes, start: int) -> tuple[int, int, int, int, int]:
    """Hour, minute, second, microsecond and the index after them."""
    if len(data) - start < 5:
        raise _Unparsed(TOO_SHORT)
    hour = _two(data, start, "invalid character in hour")
    if data[start + 2 : start + 3] != b":":
        raise _Unparsed("invalid time separator, expected `:`")
    minute = _two(data, start + 3, "invalid character in minute")
    if hour > 23 or minute > 59:
        raise _Unparsed("hour or minute out of range")
    if data[start + 5 : start + 6] != b":":
        return hour, minute, 0, 0, start + 5
    second = _two(data, start + 6, "invalid character in second")
    if second > 59:
        raise _Unparsed("second out of range")
    micro, position = _fraction(data, start + 8)
    return hour, minute, second, micro, position


def _fraction(data: bytes, start: int) -> tuple[int, int]:
    """Microseconds of `.f`/`,f` (digits past the sixth are dropped, as pydantic truncates)."""
    if data[start : start + 1] not in (b".", b","):
        return 0, start
    end = start + 1
    while end < len(data) and data[end] in _DIGITS:
        end += 1
    digits = data[start + 1 : end]
    if not digits:
        raise _Unparsed("a fraction of a second needs digits")
    return int(digits[:6].ljust(6, b"0")), end


def _offset(data: bytes, start: int) -> tuple[int | None, int]:
    """The offset in seconds (None when there is none) and the index after it."""
    if start >= len(data):
        return None, start
    mark = data[start : start + 1]
    if mark in (b"Z", b"z"):
        return 0, start + 1
    if data[start : start + 3] == _MINUS_SIGN:  # ISO 8601 allows U+2212 for negative offsets
        sign, position = -1, start + 3
    elif mark in (b"+", b"-"):
        sign, position = (1 if mark == b"+" else -1), start + 1
    else:
        raise _Unparsed("invalid timezone sign")
    hours = _two(data, position, "invalid timezone hour")
    position += 3 if data[position + 2 : position + 3] == b":" else 2
    minutes = _two(data, position, "invalid timezone minute")
    if minutes > 59 or hours >= 24:
        raise _Unparsed("timezone offset out of range")
    return sign * (hours * 3600 + minutes * 60), position + 2


def _from_float(value: float) -> datetime:
    """A fractional timestamp: seconds, or milliseconds past the watershed, to the microsecond."""
    if abs(value) <= _MS_WATERSHED:
        seconds = _saturate(value)
        micro = _round_half_away((value - float(seconds)) * 1_000_000)
    else:
        seconds = _saturate(value / 1000)
        micro = _round_half_away((value - float(seconds) * 1000) * 1000)
    return _from_seconds(seconds, min(max(micro, 0), _U32))


def _saturate(value: float) -> int:
    """`value.floor() as i64` in Rust: out-of-range values stick at the ends."""
    if math.isinf(value):
        return _I64 - 1 if value > 0 else -_I64
    return min(max(math.floor(value), -_I64), _I64 - 1)


def _round_half_away(value: float) -> int:
    if not math.isfinite(value):
        return 0 if value < 0 else _U32
    whole = math.floor(abs(value))
    rounded = whole + (1 if abs(value) - whole >= 0.5 else 0)
    return rounded if value >= 0 else -rounded


def _from_timestamp(timestamp: int) -> datetime:
    """A whole unix timestamp: seconds, or milliseconds past the watershed."""
    if timestamp == -_I64:
        raise _Unparsed(_TOO_SMALL)
    if abs(timestamp) <= _MS_WATERSHED:
        return _from_seconds(timestamp, 0)
    seconds = abs(timestamp) // 1000 * (1 if timestamp > 0 else -1)
    micro = (timestamp - seconds * 1000) * 1000
    if micro < 0:
        seconds, micro = seconds - 1, micro + 1_000_000
    return _from_seconds(seconds, micro)


def _from_seconds(seconds: int, micro: int) -> datetime:
    seconds, micro = seconds + micro // 1_000_000, micro % 1_000_000
    if seconds < _UNIX_0000:
        raise _Unparsed(_TOO_SMALL)
    if seconds > _UNIX_9999:
        raise _Unparsed(_TOO_LARGE)
    if seconds < _UNIX_0001:
        return _python(0, 1, 1)
    return _EPOCH + timedelta(seconds=seconds, microseconds=micro)
