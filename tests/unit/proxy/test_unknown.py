"""Fields a schema neither declares nor closes, and what a schema declares at a path."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.proxy.unknown import declared_at, json_type, unknown_fields
from tests.unit.proxy.spec_document import GOOD, SPEC

THINGS = SPEC.inlined({"$ref": "#/components/schemas/Things"})


def test_a_conforming_value_has_no_unknown_fields() -> None:
    assert list(unknown_fields(THINGS, GOOD)) == []


def test_closed_objects_are_left_to_the_validator() -> None:
    assert list(unknown_fields(THINGS, {**GOOD, "extra": 1})) == []


def test_declared_fields_at_a_path_come_from_every_part() -> None:
    assert declared_at(THINGS, GOOD, ()) == {"code", "data"}
    assert declared_at(THINGS, GOOD, ("data", "items", 0)) == {"id", "meta", "cost"}


def test_an_alternative_is_read_only_for_a_value_of_its_type() -> None:
    schema = {"anyOf": [{"type": "object", "properties": {"a": {}}}, {"type": "null"}]}
    assert list(unknown_fields(schema, {"a": 1, "b": 2})) == [("b",)]
    assert list(unknown_fields(schema, None)) == []


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "null"),
        (True, "boolean"),
        (1, "integer"),
        (1.5, "number"),
        ("", "string"),
        ([], "array"),
        ({}, "object"),
    ],
)
def test_json_types(value: Any, kind: str) -> None:
    assert json_type(value) == kind
