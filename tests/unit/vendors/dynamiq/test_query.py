"""Go integer parsing, sort keys, Postgres NULL order and pages."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator.errors import ParamError
from emulator.scalar import Invalid
from emulator.vendors.dynamiq.query import RUN_SORTS, Page, SortKey, go_atoi, parse_sort, sort_by

INT64 = (-(2**63), 2**63 - 1)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("0", 0), ("7", 7), ("+2", 2), ("-3", -3), ("007", 7), (str(INT64[1]), INT64[1]),
     (str(INT64[0]), INT64[0])],
)  # fmt: skip
def test_atoi_accepts_a_sign_and_ascii_digits(raw: str, value: int) -> None:
    assert go_atoi(raw) == value


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("", "int_parsing"), (" 1", "int_parsing"), ("1 ", "int_parsing"), ("1_0", "int_parsing"),
     ("3.0", "int_parsing"), ("0x10", "int_parsing"), ("\u0661", "int_parsing"),
     ("+", "int_parsing"), ("--1", "int_parsing"), (str(INT64[1] + 1), "int_parsing_size"),
     (str(INT64[0] - 1), "int_parsing_size")],
)  # fmt: skip
def test_atoi_refuses_what_go_refuses(raw: str, kind: str) -> None:
    with pytest.raises(Invalid) as raised:
        go_atoi(raw)
    assert raised.value.kind == kind


@given(st.text(alphabet="0123456789+-_ .x", max_size=25))
def test_atoi_is_exactly_sign_digits_and_range(raw: str) -> None:
    is_syntax = re.fullmatch(r"[+-]?[0-9]+", raw) is not None
    if is_syntax and INT64[0] <= int(raw) <= INT64[1]:
        assert go_atoi(raw) == int(raw)
    else:
        with pytest.raises(Invalid):
            go_atoi(raw)


def test_sort_fields_and_directions() -> None:
    assert parse_sort("", RUN_SORTS) == ()
    assert parse_sort("-started_at,status", RUN_SORTS) == (
        SortKey("started_at", True),
        SortKey("status", False),
    )


@pytest.mark.parametrize("text", ["name", "-", "started_at,", "started_at\n", "+status"])
def test_an_unknown_sort_field_is_a_param_error(text: str) -> None:
    with pytest.raises(ParamError) as raised:
        parse_sort(text, RUN_SORTS)
    (issue,) = raised.value.issues
    assert (issue.name, issue.kind, issue.raw) == ("sort", "enum", text)


ITEMS = [("b", None), ("a", 2.0), ("c", 1.0), ("d", None), ("e", 2.0)]


def value(item: tuple[str, float | None], _field: str) -> tuple[bool, float]:
    return (item[1] is None, item[1] or 0.0)


def test_nulls_sort_last_ascending_and_first_descending_with_the_tie_break() -> None:
    ascending = sort_by(ITEMS, (SortKey("v", False),), value, lambda i: i[0])
    assert [i[0] for i in ascending] == ["c", "a", "e", "b", "d"]
    descending = sort_by(ITEMS, (SortKey("v", True),), value, lambda i: i[0])
    assert [i[0] for i in descending] == ["b", "d", "a", "e", "c"]


@pytest.mark.parametrize(
    ("number", "size", "total", "count", "shown"),
    [(1, 25, 0, 0, 0), (1, 25, 25, 1, 25), (2, 25, 26, 2, 1), (3, 25, 26, 2, 0),
     (2**62, 100, 5, 1, 0)],
)  # fmt: skip
def test_pages(number: int, size: int, total: int, count: int, shown: int) -> None:
    page = Page(number, size, total)
    assert page.count == count and len(page.cut(list(range(total)))) == shown
    assert page.offset == (number - 1) * size
    assert page.as_json() == {
        "page": number, "page_size": size, "page_count": count, "total_count": total,
    }  # fmt: skip
