"""The upstream's answer against the emulator's, in kind: the status exactly, the media type,
and the shape of an error body; never a value."""

from __future__ import annotations

import json
from typing import Any

from emulator.proxy.answer import Answer
from emulator.proxy.kind import in_kind

JSON = [("Content-Type", "application/json")]


def answer(status: int, body: Any, headers: Any = JSON) -> Answer:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Answer.of(status, headers, raw)


def found(theirs: Answer, ours: Answer) -> list[tuple[str, str, str]]:
    return [(f.kind, f.where, f.message) for f in in_kind(theirs, ours)]


def test_the_same_kind_with_other_values_is_no_drift() -> None:
    assert found(answer(200, {"runs": [1, 2], "total": 2}), answer(200, {"runs": []})) == []
    assert found(answer(401, {"code": 1.5}), answer(401, {"code": 2})) == []
    detail = [{"type": "int_parsing", "loc": ["query", "limit"], "input": "x"}]
    assert found(answer(422, {"detail": detail}), answer(422, {"detail": detail * 3})) == []


def test_the_items_of_an_error_list_are_shaped_as_one() -> None:
    detail = [{"type": "int_parsing", "loc": ["query", "limit"], "input": "x"}]
    other = [{"type": "greater_than", "loc": ["query", "page"], "input": "0", "ctx": {"gt": 0}},
             {"type": "int_parsing", "loc": ["query", "limit"], "input": "y"}]  # fmt: skip
    assert found(answer(422, {"detail": detail}), answer(422, {"detail": other})) == [
        ("envelope", "$.detail[*].ctx", "is in the emulator's error body, not in the upstream's")
    ]


def test_a_status_the_emulator_would_not_give() -> None:
    assert found(answer(422, {}), answer(400, {})) == [
        ("status", "status", "the upstream answered 422 (4xx), the emulator 400 (4xx)")
    ]


def test_another_media_type() -> None:
    theirs = answer(200, {}, [("Content-Type", "application/json; charset=utf-8")])
    ((kind, where, _),) = found(theirs, answer(200, {}))
    assert (kind, where) == ("content-type", "Content-Type")


def test_an_error_envelope_of_another_shape_is_named_key_by_key() -> None:
    theirs = answer(400, {"error": {"code": "bad", "details": {"page": "no"}}, "id": 1})
    ours = answer(400, {"error": {"code": "bad", "details": ["page: no"]}, "trace": None})
    assert found(theirs, ours) == [
        ("envelope", "$.error.details",
         "is an object in the upstream's error body, an array in the emulator's"),
        ("envelope", "$.id", "is in the upstream's error body, not in the emulator's"),
        ("envelope", "$.trace", "is in the emulator's error body, not in the upstream's"),
    ]  # fmt: skip


def test_an_error_body_that_is_not_json_on_one_side_is_not_shaped() -> None:
    assert found(answer(404, b"", []), answer(404, {"detail": "Not Found"})) == []
