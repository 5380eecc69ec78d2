"""Dograh query pieces: LIKE patterns, dates, ordering."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator.errors import ApiError, Crash
from emulator.vendors.dograh import filters
from emulator.vendors.dograh.query import like_pattern, parse_date


@pytest.mark.parametrize(
    ("value", "text", "matches"),
    [
        ("415", "+14155550123", True),
        ("4_5", "+14155550123", True),
        ("4%3", "+14155550123", True),
        ("41\\_5", "+14155550123", False),  # an escaped underscore is literal
        ("a.b", "axb", False),  # regex characters are literal
        ("ABC", "abc", False),  # case-sensitive
    ],
)
def test_like_patterns_read_as_postgres_does(value: str, text: str, matches: bool) -> None:
    pattern = like_pattern(value)
    assert pattern is not None
    assert (pattern.fullmatch(text) is not None) is matches


def test_an_empty_like_value_filters_nothing() -> None:
    assert like_pattern("") is None


def test_dates_parse_with_fromisoformat_and_default_to_utc() -> None:
    assert parse_date("2026-04-01") == datetime(2026, 4, 1, tzinfo=UTC)
    assert parse_date("") is None
    with pytest.raises(Crash):
        parse_date("April")


def test_filters_json_errors() -> None:
    with pytest.raises(ApiError) as raised:
        filters.parse("{", filters.USAGE_LIST)
    assert (raised.value.status, raised.value.message) == (400, "Invalid filters format")
    assert filters.parse("[]", filters.USAGE_LIST).conditions == []
