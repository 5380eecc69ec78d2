"""Schema errors as flaws: each at its deepest field, whatever keyword found it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jsonschema import Draft202012Validator

from emulator.flaws import Flaw, RecordRefused, dotted, refused, schema_flaws

NULLABLE_USAGE = {
    "type": "object",
    "properties": {
        "usage": {
            "anyOf": [
                {"type": "object", "properties": {"seconds": {"type": "number", "minimum": 0}}},
                {"type": "null"},
            ]
        },
        "mode": {"anyOf": [{"enum": ["a", "b"]}, {"type": "null"}]},
    },
}
# What a status rules out (Dynamiq's RunShape): a `false` schema under `properties`.
RULED_OUT = {
    "type": "object",
    "if": {"properties": {"status": {"const": "done"}}},
    "else": {"properties": {"ended_at": False}},
}


def flaws(schema: Mapping[str, Any], instance: object) -> list[Flaw]:
    return schema_flaws(Draft202012Validator(schema), instance)


def test_an_error_inside_a_nullable_object_is_named_at_its_field() -> None:
    found = flaws(NULLABLE_USAGE, {"usage": {"seconds": "long"}})
    assert found == [Flaw(("usage", "seconds"), "'long' is not of type 'number'")]
    assert flaws(NULLABLE_USAGE, {"usage": {"seconds": -1}})[0].path == ("usage", "seconds")


def test_a_value_no_alternative_takes_is_named_at_the_field_holding_it() -> None:
    [usage] = flaws(NULLABLE_USAGE, {"usage": 3})
    [mode] = flaws(NULLABLE_USAGE, {"mode": "c"})
    assert (usage.path, mode.path) == (("usage",), ("mode",))
    assert "is not valid under any of the given schemas" in mode.message


def test_a_field_the_others_rule_out_is_named() -> None:
    given = {"status": "going", "started_at": "x", "ended_at": "x"}
    assert flaws(RULED_OUT, given) == [
        Flaw(("ended_at",), "is not allowed with the run's other fields")
    ]
    assert flaws(RULED_OUT, {**given, "status": "done"}) == []


def test_missing_and_unknown_fields_are_named_in_the_path() -> None:
    schema = {"type": "object", "required": ["a"], "additionalProperties": False,
              "properties": {"a": {}}}  # fmt: skip
    assert flaws(schema, {"b": 1}) == [
        Flaw(("a",), "is required"), Flaw(("b",), "is not a known field")
    ]  # fmt: skip


def test_a_refusal_says_every_flaw_at_its_field() -> None:
    refusal = RecordRefused(Flaw(("charges", 0, "count"), "is not an integer"), Flaw((), "no"))
    assert str(refusal) == "charges[0].count: is not an integer; (run): no"
    assert isinstance(refused("x", "y"), ValueError)
    assert dotted(["runs", 2, "usage_info"]) == "runs[2].usage_info"
