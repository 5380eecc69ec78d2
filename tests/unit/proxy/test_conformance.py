"""An answer against the spec of its operation: status, headers, content type and body, each
difference named at its field."""

from __future__ import annotations

import json
from typing import Any

from emulator.proxy.answer import Answer
from emulator.proxy.conformance import against_spec, json_path
from tests.unit.proxy.spec_document import GOOD, JSON_UTF8, REQUEST_ID, ROUTED, SPEC


def answer(body: Any = GOOD, status: int = 200, headers: Any = (JSON_UTF8, REQUEST_ID)) -> Answer:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Answer.of(status, headers, raw)


def found(given: Answer) -> set[tuple[str, str]]:
    return {(f.kind, f.where) for f in against_spec(SPEC, ROUTED, given)}


def test_a_conforming_answer_has_no_findings() -> None:
    assert against_spec(SPEC, ROUTED, answer()) == []
    error = answer({"detail": "no"}, 404, [("Content-Type", "application/json")])
    assert against_spec(SPEC, ROUTED, error) == []


def test_a_type_declared_without_parameters_covers_the_same_type_with_them() -> None:
    error = answer({"detail": "no"}, 404, [("Content-Type", "application/json; charset=utf-8")])
    assert against_spec(SPEC, ROUTED, error) == []


def test_a_status_the_operation_does_not_declare() -> None:
    (finding,) = against_spec(SPEC, ROUTED, answer({"detail": "x"}, 500))
    assert (finding.kind, finding.where) == ("status", "status")
    assert finding.message == (
        "500 is not a status our spec declares for list_things (declared: 200, 307, 4XX)"
    )


def test_a_required_header_missing_or_out_of_its_pattern() -> None:
    assert found(answer(headers=[JSON_UTF8])) == {("header", "X-Request-Id")}
    (finding,) = against_spec(SPEC, ROUTED, answer(headers=[JSON_UTF8, ("X-Request-Id", "r1")]))
    assert finding.message.startswith("does not fit our spec")


def test_another_content_type_an_empty_body_and_a_body_that_is_not_json() -> None:
    plain = [("Content-Type", "application/json"), REQUEST_ID]
    (finding,) = against_spec(SPEC, ROUTED, answer(headers=plain))
    assert (finding.kind, finding.where) == ("content-type", "Content-Type")
    assert "application/json; charset=utf-8" in finding.message
    assert found(answer(b"")) == {("content-type", "body")}
    assert found(answer(b"<html>")) == {("body", "$")}


def test_a_response_declared_without_content_is_not_read() -> None:
    assert against_spec(SPEC, ROUTED, answer(b"<a>moved</a>", 307, [])) == []


def test_a_field_of_another_type_is_named_alone_at_its_path() -> None:
    body = json.loads(json.dumps(GOOD))
    body["data"]["items"].append({"id": "2"})
    (finding,) = against_spec(SPEC, ROUTED, answer(body))
    assert (finding.kind, finding.where) == ("body", "$.data.items[1].id")
    assert "'2' is not of type 'integer'" in finding.message


def test_every_field_our_spec_does_not_know_is_named_closed_or_open() -> None:
    body = json.loads(json.dumps(GOOD))
    body["extra"] = 1  # beside an envelope closed by unevaluatedProperties
    body["data"]["more"] = 1  # in an object closed by additionalProperties
    body["data"]["items"][0]["colour"] = "red"  # in an object the spec leaves open
    body["data"]["items"][0]["cost"] = {"usd": 1.5, "eur": 1.4}  # in a nullable object
    body["data"]["items"][0]["meta"]["free"] = 1  # in a free-form map: not unknown
    assert found(answer(body)) == {
        ("unknown-field", "$.extra"),
        ("unknown-field", "$.data.more"),
        ("unknown-field", "$.data.items[0].colour"),
        ("unknown-field", "$.data.items[0].cost.eur"),
    }


def test_json_paths() -> None:
    assert json_path(()) == "$"
    assert json_path(("data", "items", 0, "a key", "[*]")) == "$.data.items[0]['a key'][*]"
