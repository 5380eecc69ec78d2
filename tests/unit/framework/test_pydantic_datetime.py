"""Our lax `datetime` parsing against pydantic 2.14 itself, as FastAPI applies it to a
`datetime | None` query parameter (StackAI's start_date/end_date).

The strings are what clients send for a date filter (RFC 3339 and ISO forms, date-only values,
unix timestamps, near misses) plus arbitrary text; the outcome compared is the value with its
offset, or pydantic's error type, message and context.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from emulator.framework.pydantic_datetime import to_datetime
from emulator.scalar import Invalid

ORACLE: TypeAdapter[datetime | None] = TypeAdapter(datetime | None)
DETERMINISTIC = settings(max_examples=1500, derandomize=True)


def zone(minutes: int) -> tzinfo | None:
    return timezone(timedelta(minutes=minutes))


STAMP_LIKE = st.from_regex(
    r"\A[0-9]{4}-[01][0-9]-[0-3][0-9]"
    r"([Tt _x]([0-2][0-9]:[0-6][0-9](:[0-6][0-9]([.,][0-9]{0,9})?)?)?"
    r"([Zz]|[+\-\u2212][0-2][0-9]:?[0-6][0-9]|[+-][0-9]{1,3})?)?[ x]?\Z"
)
REAL_STAMPS = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
    timezones=st.one_of(st.none(), st.integers(-23 * 60 - 59, 23 * 60 + 59).map(zone)),
).flatmap(
    lambda d: st.sampled_from(
        [d.isoformat(), d.isoformat(" "), d.isoformat(timespec="minutes"), d.date().isoformat(),
         d.isoformat().replace("+00:00", "Z"), d.isoformat(timespec="milliseconds")]
    )
)  # fmt: skip
NUMBERS = st.from_regex(r"\A[+-]?[0-9]{0,17}(\.[0-9]{0,8})?([eE][+-]?[0-9]{1,3})?\Z")
JUNK = st.sampled_from(
    ["", " ", "notadate", "now", "today", "2024-1-1", "01/02/2026", "2024/01/01", "1e10",
     "inf", "nan", "1_000", " 2024-01-01", "2024-01-01 ", "\uff12\uff10\uff12\uff14-01-01",
     "-9223372036854775808", "9223372036854775808", "1.0e400", "-1e300.0", "+.5", ".e3"]
)  # fmt: skip
CLIENT_DATES = st.one_of(STAMP_LIKE, REAL_STAMPS, NUMBERS, JUNK, st.text(max_size=32))


def outcome(raw: str) -> tuple[Any, ...]:
    try:
        return shown(to_datetime(raw))
    except Invalid as invalid:
        return invalid.kind, invalid.message, dict(invalid.context) if invalid.context else None


def oracle(raw: str) -> tuple[Any, ...]:
    try:
        parsed = ORACLE.validate_python(raw)
    except ValidationError as error:
        (first,) = error.errors()
        assert first["loc"] == () and first["input"] == raw
        return first["type"], first["msg"], first.get("ctx")
    assert parsed is not None
    return shown(parsed)


def shown(value: datetime) -> tuple[Any, ...]:
    """Wall time and offset: equal datetimes in different zones are different answers."""
    return "ok", value.replace(tzinfo=None), value.utcoffset()


@DETERMINISTIC
@given(CLIENT_DATES)
@example("2026-10-20T13:00:00.1234567891Z")
@example("0000-02-29")
@example("-62167219200000")
@example("2.0000000001e10")
def test_datetimes_parse_as_pydantic_parses_them(raw: str) -> None:
    assert outcome(raw) == oracle(raw), repr(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-01-01", datetime(2024, 1, 1)),
        ("2024-01-01T10:20:30.5-08:00", datetime(2024, 1, 1, 18, 20, 30, 500000, tzinfo=UTC)),
        ("1700000000", datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
        ("1700000000123", datetime(2023, 11, 14, 22, 13, 20, 123000, tzinfo=UTC)),
    ],
)
def test_known_forms(raw: str, expected: datetime) -> None:
    assert to_datetime(raw) == expected
    assert outcome(raw) == oracle(raw), repr(raw)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("notadate", "input is too short"),
        ("2024-01-01T25:00", "unexpected extra characters at the end of the input"),
        ("2024-13-01", "month value is outside expected range of 1-12"),
        ("99999999999999999", "dates after 9999 are not supported as unix timestamps"),
    ],
)
def test_failures_are_reported_by_the_date_fallback(raw: str, reason: str) -> None:
    with pytest.raises(Invalid) as raised:
        to_datetime(raw)
    assert raised.value.kind == "datetime_from_date_parsing"
    assert raised.value.message == f"Input should be a valid datetime or date, {reason}"
    assert dict(raised.value.context) == {"error": reason}


def test_year_zero_fails_in_python_not_in_the_parser() -> None:
    assert outcome("0000-01-01T00:00:00Z") == (
        "datetime_parsing",
        "Input should be a valid datetime, year 0 is out of range",
        {"error": "year 0 is out of range"},
    )
