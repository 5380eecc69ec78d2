"""The Go envelope, ozzo-validation wording and encoding/json's escapes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator.errors import ApiError, Crash, ParamError, ParamIssue
from emulator.vendors.dynamiq.dialect import DIALECT, encode, ozzo_message


def issue(kind: str, name: str = "page", **context: Any) -> ParamIssue:
    return ParamIssue(kind, "query", name, "x", "pydantic words", tuple(context.items()))


@pytest.mark.parametrize(
    ("found", "message"),
    [
        (issue("missing"), "cannot be blank"),
        (issue("int_parsing"), "must be an integer number"),
        (issue("int_parsing_size"), "must be an integer number"),
        (issue("greater_than_equal", ge=1), "must be no less than 1"),
        (issue("less_than_equal", le=100), "must be no greater than 100"),
        (issue("enum", "status"), "must be a valid value"),
        (issue("string_pattern_mismatch", "other"), "must be in a valid format"),
        (issue("string_pattern_mismatch", "session_id"), "must be a valid UUID"),
        (issue("string_pattern_mismatch", "sort"), "must be a valid value"),
        (issue("int_parsing", "sort"), "must be an integer number"),
        (issue("something_new"), "must be a valid value"),
    ],
)
def test_ozzo_wording(found: ParamIssue, message: str) -> None:
    assert ozzo_message(found) == message


def body(error: Any) -> Any:
    reply = DIALECT.render(error, 1)
    return reply.status, json.loads(DIALECT.encode(reply.body)), dict(reply.headers)


def test_validation_is_one_message_per_field_sorted_by_field() -> None:
    error = ParamError((
        issue("enum", "status"), issue("greater_than_equal", "page_size", ge=1),
        issue("enum", "status"), issue("int_parsing", "page"),
    ))  # fmt: skip
    status, found, _ = body(error)
    assert status == 400
    assert json.dumps(found) == json.dumps({"error": {
        "code": "bad_request", "message": "Bad Request",
        "details": {"page": "must be an integer number", "page_size": "must be no less than 1",
                    "status": "must be a valid value"},
    }})  # fmt: skip


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (ApiError(401, "unauthorized", "Unauthorized"), 401, "unauthorized"),
        (ApiError(403, "forbidden", "Forbidden"), 403, "forbidden"),
        (ApiError(404, "not_found", "Not Found"), 404, "not_found"),
        (ApiError(413, "payload_too_large", "Request Entity Too Large"), 413,
         "request_entity_too_large"),
        (ApiError(500, "internal", "Internal Server Error"), 500, "internal_server_error"),
        (Crash("a bug of the vendor's"), 500, "internal_server_error"),
    ],
)  # fmt: skip
def test_errors_pair_the_status_text_with_its_snake_case_code(
    error: Any, status: int, code: str
) -> None:
    found_status, found, _ = body(error)
    assert found_status == status
    assert found["error"]["code"] == code and set(found["error"]) == {"code", "message"}


def test_headers_and_details_of_an_api_error_are_kept() -> None:
    error = ApiError(
        405, "method_not_allowed", "Method Not Allowed", {"x": "y"}, (("Allow", "GET"),)
    )
    assert body(error) == (
        405,
        {"error": {"code": "method_not_allowed", "message": "Method Not Allowed",
                   "details": {"x": "y"}}},
        {"Allow": "GET"},
    )  # fmt: skip


def test_json_is_compact_utf8_with_go_escapes() -> None:
    text = {"a": "<b> & \u2028\u2029 é 注文 📦", "n": [1, 2.5, None, True]}
    assert (
        encode(text)
        == (
            '{"a":"\\u003cb\\u003e \\u0026 \\u2028\\u2029 é 注文 📦","n":[1,2.5,null,true]}'
        ).encode()
    )
    assert json.loads(encode(text)) == text
