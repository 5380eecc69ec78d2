"""Request bodies as the Runs API's Go handlers read them (docs: createRun, sendRunInput).

The media type comes first: JSON (and, for creating a run, multipart/form-data) or a 415. A
JSON body is decoded as encoding/json decodes into a struct: unknown keys ignored, the first
value of a wrong type refused by name, anything that is not one JSON object a 400 with no
details (inferred); an empty body has no fields. Then the fields are validated as
ozzo-validation does, every failing field one entry of `details` ("cannot be blank", "must be a
valid UUID", "must be blank"). What a type or a multipart body is refused with is inferred.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from emulator.errors import ApiError

JSON, MULTIPART = "application/json", "multipart/form-data"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# Go's strconv.ParseBool, for multipart fields.
_BOOLEANS = {**dict.fromkeys(("1", "t", "T", "TRUE", "true", "True"), True),
             **dict.fromkeys(("0", "f", "F", "FALSE", "false", "False"), False)}  # fmt: skip
_KINDS = {str: "a string", dict: "an object", bool: "a boolean", list: "an array"}


@dataclass(frozen=True, slots=True)
class CreateRun:
    input: Mapping[str, Any]
    user_id: str | None
    session_id: str | None
    stream: bool
    background: bool


def bad_request(details: Mapping[str, Any] | None = None) -> ApiError:
    return ApiError(400, "bad_request", "Bad Request", details=details)


def media_type(content_type: str | None, allowed: tuple[str, ...]) -> str:
    message = Message()
    message["content-type"] = content_type or ""
    media = message.get_content_type() if content_type else ""
    if media not in allowed:
        raise ApiError(415, "unsupported_media_type", "Unsupported Media Type")
    return media


def create_run(raw: bytes, content_type: str | None) -> CreateRun:
    media = media_type(content_type, (JSON, MULTIPART))
    fields = document(raw) if media == JSON else _form(raw, content_type or "")
    typed = {"input": dict, "user_id": str, "session_id": str, "stream": bool,
             "background": bool, "file_ids": list}  # fmt: skip
    checked(fields, typed)
    request = CreateRun(
        input=fields.get("input") or {},
        user_id=fields.get("user_id") or None,
        session_id=(fields.get("session_id") or "").lower() or None,
        stream=bool(fields.get("stream")),
        background=bool(fields.get("background")),
    )
    details: dict[str, str] = {}
    if not request.input:
        details["input"] = "cannot be blank"
    if request.session_id and not _UUID.fullmatch(request.session_id):
        details["session_id"] = "must be a valid UUID"
    if request.stream and request.background:
        details["background"] = "must be blank"  # validation.When(stream, validation.Empty)
    if details:
        raise bad_request(dict(sorted(details.items())))
    return request


def document(raw: bytes) -> dict[str, Any]:
    """A JSON object (an empty body: no fields)."""
    if not raw.strip():
        return {}
    try:
        found = json.loads(raw, parse_constant=_not_json)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise bad_request() from None
    if not isinstance(found, dict):
        raise bad_request()
    return found


def checked(fields: Mapping[str, Any], typed: Mapping[str, type]) -> None:
    """The first field (in the body's order) whose value is of the wrong JSON type; null is
    Go's zero value, accepted everywhere."""
    for name, value in fields.items():
        wanted = typed.get(name)
        is_wrong = wanted is not None and value is not None and type(value) is not wanted
        if is_wrong or (name == "file_ids" and any(type(v) is not str for v in value or ())):
            kind = "an array of strings" if name == "file_ids" else _KINDS[wanted or str]
            raise bad_request({name: f"must be {kind}"})


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _form(raw: bytes, content_type: str) -> dict[str, Any]:
    """A multipart body's fields: `input` holds the JSON object, the flags Go booleans; file
    parts (`files`) are taken and not kept (the emulator has no file store)."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + raw)
    if not message.is_multipart() or message.defects:
        raise bad_request()
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or name == "files":
            continue
        content = part.get_payload(decode=True)
        text = content.decode("utf-8", "replace") if isinstance(content, bytes) else ""
        fields[name] = _form_value(name, text)
    return fields


def _form_value(name: str, text: str) -> Any:
    if name == "input":
        return document(text.encode())
    if name in ("stream", "background"):
        if text not in _BOOLEANS:
            raise bad_request({name: "must be a boolean"})
        return _BOOLEANS[text]
    return text


@dataclass(frozen=True, slots=True)
class RunInput:
    type: str
    request_id: str


def run_input(raw: bytes, content_type: str | None) -> RunInput:
    """`{"type": "human_feedback" | "approval", "data": {"request_id", ...}}`; ozzo nests the
    messages of `data`'s own fields under it."""
    media_type(content_type, (JSON,))
    fields = document(raw)
    checked(fields, {"type": str, "data": dict})
    data: Mapping[str, Any] = fields.get("data") or {}
    checked(data, {"request_id": str, "feedback": str, "is_approved": bool, "params": dict})
    kind, request_id = fields.get("type") or "", data.get("request_id") or ""
    details: dict[str, Any] = {}
    if not kind or kind not in ("human_feedback", "approval"):
        details["type"] = "must be a valid value" if kind else "cannot be blank"
    if not data:
        details["data"] = "cannot be blank"
    elif not request_id or not _UUID.fullmatch(request_id):
        details["data"] = {"request_id": "must be a valid UUID" if request_id
                           else "cannot be blank"}  # fmt: skip
    if details:
        raise bad_request(dict(sorted(details.items())))
    return RunInput(kind, request_id.lower())
