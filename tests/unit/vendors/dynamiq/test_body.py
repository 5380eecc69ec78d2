"""Request bodies as the Go handlers read them: the media type first, then JSON decoding into
the request's fields, then ozzo-validation's messages, every failing field named."""

from __future__ import annotations

import json
from typing import Any

import pytest

from emulator.errors import ApiError
from emulator.vendors.dynamiq.body import CreateRun, RunInput, create_run, run_input

JSON = "application/json"


def refusal(raw: bytes, content_type: str | None = JSON) -> ApiError:
    with pytest.raises(ApiError) as caught:
        create_run(raw, content_type)
    return caught.value


def test_a_create_body_reads_every_field() -> None:
    session = "3D3E8A1F-09A6-4F64-9D68-1D2F3A4B5C6D"
    body = {"input": {"q": 1}, "user_id": "u-1", "session_id": session, "stream": False,
            "background": True, "file_ids": ["f-1"], "unknown": [1]}  # fmt: skip
    assert create_run(json.dumps(body).encode(), "application/json; charset=utf-8") == CreateRun(
        {"q": 1}, "u-1", "3d3e8a1f-09a6-4f64-9d68-1d2f3a4b5c6d", False, True
    )


def test_empty_strings_are_no_user_or_session() -> None:
    read = create_run(b'{"input": {"q": 1}, "user_id": "", "session_id": ""}', JSON)
    assert (read.user_id, read.session_id) == (None, None)


@pytest.mark.parametrize(
    ("raw", "details"),
    [
        (b"", {"input": "cannot be blank"}),
        (b"  ", {"input": "cannot be blank"}),
        (b'{"input": {}, "stream": true, "background": true}',
         {"background": "must be blank", "input": "cannot be blank"}),
        (b'{"input": [1]}', {"input": "must be an object"}),
        (b'{"user_id": 1, "input": 2}', {"user_id": "must be a string"}),
        (b'{"input": {"a": 1}, "stream": 1}', {"stream": "must be a boolean"}),
        (b'{"input": {"a": 1}, "file_ids": "f"}', {"file_ids": "must be an array of strings"}),
        (b"[1]", None),
        (b'{"input": NaN}', None),
        (b"\xff", None),
        (b"{", None),
    ],
)  # fmt: skip
def test_bad_create_bodies(raw: bytes, details: Any) -> None:
    error = refusal(raw)
    assert (error.status, error.message, error.details) == (400, "Bad Request", details)


@pytest.mark.parametrize("content_type", [None, "", "text/plain", "application/jsonx", "nonsense"])
def test_other_media_types_are_415(content_type: str | None) -> None:
    error = refusal(b"{}", content_type)
    assert (error.status, error.message) == (415, "Unsupported Media Type")


def multipart(*parts: tuple[str, str]) -> tuple[bytes, str]:
    lines = []
    for name, value in parts:
        lines += ["--B", f'Content-Disposition: form-data; name="{name}"', "", value]
    return ("\r\n".join([*lines, "--B--", ""])).encode(), "multipart/form-data; boundary=B"


def test_a_multipart_body_holds_the_input_as_json_text() -> None:
    raw, content_type = multipart(("input", '{"q": 1}'), ("background", "T"), ("user_id", "u"))
    assert create_run(raw, content_type) == CreateRun({"q": 1}, "u", None, False, True)


def test_multipart_flags_are_go_booleans() -> None:
    raw, content_type = multipart(("input", '{"q": 1}'), ("stream", "yes"))
    with pytest.raises(ApiError) as caught:
        create_run(raw, content_type)
    assert caught.value.details == {"stream": "must be a boolean"}


def test_a_broken_multipart_body_is_400() -> None:
    with pytest.raises(ApiError) as caught:
        create_run(b"not multipart", "multipart/form-data; boundary=B")
    assert (caught.value.status, caught.value.details) == (400, None)


def test_an_answer_names_its_type_and_request() -> None:
    raw = b'{"type": "approval", "data": {"request_id": "0D464138-A623-4255-BFC1-EA36F17FD374"}}'
    assert run_input(raw, JSON) == RunInput("approval", "0d464138-a623-4255-bfc1-ea36f17fd374")


@pytest.mark.parametrize(
    ("raw", "details"),
    [
        (b"{}", {"data": "cannot be blank", "type": "cannot be blank"}),
        (b'{"type": "x", "data": {"request_id": "r"}}',
         {"data": {"request_id": "must be a valid UUID"}, "type": "must be a valid value"}),
        (b'{"type": "approval", "data": []}', {"data": "must be an object"}),
        (b'{"type": "approval", "data": {"params": 1}}', {"params": "must be an object"}),
    ],
)  # fmt: skip
def test_bad_answers(raw: bytes, details: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run_input(raw, JSON)
    assert (caught.value.status, caught.value.details) == (400, details)


def test_answers_are_json_only() -> None:
    raw, content_type = multipart(("type", "approval"))
    with pytest.raises(ApiError) as caught:
        run_input(raw, content_type)
    assert caught.value.status == 415
