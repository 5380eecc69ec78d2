"""Answers as the proxy reads them: the content coding undone where the standard library can,
JSON parsed only where the answer says it is JSON."""

from __future__ import annotations

import gzip
import zlib

import pytest

from emulator.proxy.answer import Answer, Json, decoded, is_json_type, media_type

BODY = b'{"a": [1, 2]}'


def test_media_types_compare_without_case_or_spaces() -> None:
    assert media_type("Application/JSON;  charset=UTF-8") == "application/json; charset=utf-8"
    assert media_type("") == ""


@pytest.mark.parametrize("value", ["application/json", "application/problem+json; charset=utf-8"])
def test_json_types(value: str) -> None:
    assert is_json_type(value)


def test_text_is_not_json() -> None:
    assert not is_json_type("text/plain")


@pytest.mark.parametrize(
    ("coding", "body"),
    [
        ("identity", BODY),
        ("gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", zlib.compress(BODY)[2:-4]),
    ],
    ids=["identity", "gzip", "deflate", "raw deflate"],
)
def test_codings_are_undone(coding: str, body: bytes) -> None:
    assert decoded(body, coding) == BODY


def test_an_unknown_or_broken_coding_is_unread() -> None:
    assert decoded(BODY, "br") is None
    assert decoded(b"not gzip", "gzip") is None


def test_a_json_answer_is_parsed_and_kept_as_sent() -> None:
    sent = gzip.compress(BODY)
    answer = Answer.of(200, [("Content-Type", "application/json"), ("Content-Encoding", "gzip")],
                       sent)  # fmt: skip
    assert (answer.body, answer.content, answer.json) == (sent, BODY, Json({"a": [1, 2]}))
    assert answer.header("content-type") == "application/json"


@pytest.mark.parametrize(
    ("content_type", "body"),
    [("text/plain", BODY), ("application/json", b"{not json"), ("application/json", b"")],
)
def test_what_is_not_json_is_not_parsed(content_type: str, body: bytes) -> None:
    assert Answer.of(200, [("Content-Type", content_type)], body).json is None


def test_null_is_json() -> None:
    assert Answer.of(200, [("Content-Type", "application/json")], b"null").json == Json(None)
