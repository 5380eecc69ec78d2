"""Parameter parsers compiled from spec parameter objects."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.errors import ParamError, ParamIssue
from emulator.params import RawParams, RepeatPolicy, compile_parameters
from emulator.scalar import Invalid


def parse(
    parameters: list[dict[str, Any]], query: dict[str, list[str]], repeat: RepeatPolicy = "last"
) -> Any:
    return compile_parameters(parameters, repeat).parse(RawParams(query, {}, {}))


def failures(parameters: list[dict[str, Any]], **query: list[str]) -> tuple[ParamIssue, ...]:
    with pytest.raises(ParamError) as raised:
        parse(parameters, query)
    return raised.value.issues


PAGE = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}}
LIMIT = {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}}


def test_defaults_fill_absent_parameters() -> None:
    assert parse([PAGE, LIMIT], {}) == {"page": 1, "limit": None}


def test_repeated_scalars_follow_the_policy() -> None:
    assert parse([PAGE], {"page": ["2", "3"]}, "last")["page"] == 3
    assert parse([PAGE], {"page": ["2", "3"]}, "first")["page"] == 2


def test_failures_come_in_declaration_order_with_raw_input() -> None:
    issues = failures([PAGE, LIMIT], limit=["101"], page=["x"])
    assert [(i.name, i.kind, i.raw) for i in issues] == [
        ("page", "int_parsing", "x"),
        ("limit", "less_than_equal", "101"),
    ]
    assert issues[1].context_dict() == {"le": 100}


def test_required_parameters_are_reported_missing() -> None:
    required = {"name": "yearMonth", "in": "query", "required": True, "schema": {"type": "string"}}
    (issue,) = failures([required])
    assert (issue.kind, issue.message, issue.raw) == ("missing", "Field required", None)


def test_arrays_explode_or_split_on_commas() -> None:
    exploded = {
        "name": "status",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
    }
    joined = {**exploded, "name": "state", "explode": False}
    found = parse([exploded, joined], {"status": ["a", "b"], "state": ["X,Y"]})
    assert found == {"status": ["a", "b"], "state": ["X", "Y"]}


def test_nullable_any_of_uses_the_non_null_branch() -> None:
    nullable = {
        "name": "n",
        "in": "query",
        "schema": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
    }
    assert parse([nullable], {"n": ["5"]}) == {"n": 5}


def test_enum_and_pattern_use_pydantic_wording() -> None:
    enum = {"name": "e", "in": "query", "schema": {"type": "string", "enum": ["a", "b", "c"]}}
    (issue,) = failures([enum], e=["z"])
    assert (issue.kind, issue.message) == ("enum", "Input should be 'a', 'b' or 'c'")
    pattern = {"name": "p", "in": "query", "schema": {"type": "string", "pattern": "^x$"}}
    (issue,) = failures([pattern], p=["y"])
    assert issue.message == "String should match pattern '^x$'"


def test_formats_select_a_vendor_coercer() -> None:
    def shout(raw: str) -> str:
        if not raw:
            raise Invalid("string_too_short", "too short")
        return raw.upper()

    stamp = {"name": "d", "in": "query", "schema": {"type": "string", "format": "shout"}}
    compiled = compile_parameters([stamp], "last", {"shout": shout})
    assert compiled.parse(RawParams({"d": ["hi"]}, {}, {})) == {"d": "HI"}


def test_path_and_header_values_are_read_from_their_location() -> None:
    path = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
    header = {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
    compiled = compile_parameters([path, header], "last")
    assert compiled.parse(RawParams({}, {"id": "7"}, {"X-Trace": "t"})) == {"id": 7, "X-Trace": "t"}
