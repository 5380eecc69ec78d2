"""The run-flow body read as FastAPI reads a required dict: what is refused, and how."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.errors import ApiError, Crash
from emulator.framework.fastapi_body import BodyInvalid
from emulator.vendors.stackai.inputs import parse

JSON = "application/json"


def refusal(raw: bytes, content_type: str | None = JSON) -> list[dict[str, Any]]:
    with pytest.raises(BodyInvalid) as refused:
        parse(raw, content_type)
    return list(refused.value.entries)


def test_any_object_is_inputs_as_given() -> None:
    body = b'{"in-0": "x", "user_id": null, "string-1": 4, "url-0": ["a"], "in-x": 1}'
    assert parse(body, JSON) == {"in-0": "x", "user_id": None, "string-1": 4, "url-0": ["a"],
                                 "in-x": 1}  # fmt: skip
    for content_type in (None, "application/vnd.api+json", "application/json; charset=latin-1"):
        assert parse(b"{}", content_type) == {}


def test_no_body_or_null_is_missing_and_other_values_are_not_a_dictionary() -> None:
    missing = {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}
    assert refusal(b"") == refusal(b"null") == [missing]
    assert refusal(b'"text"')[0] == {
        "type": "dict_type",
        "loc": ["body"],
        "msg": "Input should be a valid dictionary",
        "input": "text",
    }
    assert refusal(b"{}", "text/plain")[0]["input"] == "{}"  # not JSON: validated as bytes


def test_text_inputs_and_the_memory_user_are_strings_every_one_listed() -> None:
    entries = refusal(b'{"in-0": 1, "in-12": "ok", "in-3": null, "user_id": 7}')
    assert [(e["loc"], e["input"], e["type"], e["msg"]) for e in entries] == [
        (["body", "in-0"], 1, "value_error", "Invalid input"),
        (["body", "in-3"], None, "value_error", "Invalid input"),
        (["body", "user_id"], 7, "value_error", "Invalid input"),
    ]


def test_malformed_json_is_json_invalid_at_its_position() -> None:
    assert refusal(b'{"a": }') == [{"type": "json_invalid", "loc": ["body", 6],
                                    "msg": "JSON decode error", "input": {},
                                    "ctx": {"error": "Expecting value"}}]  # fmt: skip
    with pytest.raises(ApiError) as undecodable:
        parse(b'{"a": "\xff"}', JSON)
    assert undecodable.value.status == 400


def test_a_refusal_that_would_show_a_non_finite_number_is_the_vendors_500() -> None:
    with pytest.raises(Crash):
        parse(b'{"in-0": NaN}', JSON)
    with pytest.raises(Crash):
        parse(b"Infinity", JSON)
    assert parse(b'{"temperature": -Infinity}', JSON)["temperature"] == float("-inf")
