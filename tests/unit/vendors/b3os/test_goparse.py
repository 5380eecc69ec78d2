"""Go's strconv.ParseInt and time.Parse("2006-01"), as B3OS reads its query."""

from __future__ import annotations

import pytest

from emulator.scalar import Invalid
from emulator.vendors.b3os.goparse import (
    parse_bool,
    parse_int64,
    parse_year_month,
    quote,
    time_quote,
)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("0", 0), ("007", 7), ("+5", 5), ("-5", -5), ("9223372036854775807", 2**63 - 1),
     ("-9223372036854775808", -(2**63))],
)  # fmt: skip
def test_integers_go_accepts(raw: str, value: int) -> None:
    assert parse_int64(raw) == value


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "invalid syntax"), ("+", "invalid syntax"), ("-", "invalid syntax"),
        (" 1", "invalid syntax"), ("1 ", "invalid syntax"), ("1_000", "invalid syntax"),
        ("3.0", "invalid syntax"), ("0x10", "invalid syntax"), ("1e3", "invalid syntax"),
        ("\u0661", "invalid syntax"), ("++1", "invalid syntax"),
        ("9223372036854775808", "value out of range"),
        ("-9223372036854775809", "value out of range"),
        # Go reports the overflow as soon as it happens, before a later bad byte.
        ("99999999999999999999x", "value out of range"),
        ("x99999999999999999999", "invalid syntax"),
    ],
)  # fmt: skip
def test_integers_go_refuses(raw: str, reason: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_int64(raw)
    assert refused.value.message == f"strconv.ParseInt: parsing {quote(raw)}: {reason}"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [("abc", '"abc"'), ('a"b\\', '"a\\"b\\\\"'), ("\n\t", '"\\n\\t"'), ("\x01", '"\\x01"'),
     ("é⚡", '"é⚡"'), ("\u00a0", '"\\u00a0"'), ("\U000e0001", '"\\U000e0001"')],
)  # fmt: skip
def test_quote_is_strconv_quote(text: str, quoted: str) -> None:
    assert quote(text) == quoted


def test_the_time_package_quotes_bytes() -> None:
    assert time_quote('é"\n') == '"\\xc3\\xa9\\"\\x0a"'


@pytest.mark.parametrize("raw", ["2026-10", "0000-01", "9999-12", "2026-01"])
def test_months_go_accepts(raw: str) -> None:
    assert parse_year_month(raw) == raw


LAYOUT = 'parsing time "{}" as "2006-01": cannot parse "{}" as "{}"'


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", LAYOUT.format("", "", "2006")),
        ("202", LAYOUT.format("202", "202", "2006")),
        ("20a6-10", LAYOUT.format("20a6-10", "20a6-10", "2006")),
        ("+202-10", LAYOUT.format("+202-10", "+202-10", "2006")),
        ("2026", LAYOUT.format("2026", "", "-")),
        ("2026_10", LAYOUT.format("2026_10", "_10", "-")),
        ("2026-", LAYOUT.format("2026-", "", "01")),
        ("2026-1", LAYOUT.format("2026-1", "1", "01")),
        ("2026-1a", LAYOUT.format("2026-1a", "1a", "01")),
        ("2026-13", 'parsing time "2026-13": month out of range'),
        ("2026-00", 'parsing time "2026-00": month out of range'),
        ("2026-10 ", 'parsing time "2026-10 ": extra text: " "'),
        ("2026-10\n", 'parsing time "2026-10\\x0a": extra text: "\\x0a"'),
    ],
)
def test_months_go_refuses(raw: str, message: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_year_month(raw)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1", True), ("t", True), ("TRUE", True), ("True", True), ("0", False), ("F", False),
     ("false", False), ("", False)],
)  # fmt: skip
def test_booleans_go_accepts(raw: str, value: bool) -> None:
    assert parse_bool(raw) is value


@pytest.mark.parametrize("raw", ["yes", "tRUE", " true", "2"])
def test_booleans_go_refuses(raw: str) -> None:
    with pytest.raises(Invalid, match=r"strconv\.ParseBool: parsing .*: invalid syntax"):
        parse_bool(raw)
