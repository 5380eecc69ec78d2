"""Request bodies as FastAPI reads them before a route's model sees them: the media type
decides whether the body is JSON, Python's json module parses it, and a failure is the
framework's own answer (a 422 `json_invalid` at the error's offset, or a 400 for bytes that are
not text). What a vendor's model then checks stays with the vendor."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any

from emulator.errors import ApiError, EmulatorError


@dataclass(frozen=True, slots=True, eq=False)
class BodyInvalid(EmulatorError):
    """A 422 of request-body validation; FastApiDialect renders `entries` as FastAPI does."""

    entries: tuple[dict[str, Any], ...]


def is_json(content_type: str) -> bool:
    """`application/json` or any `application/*+json`, parameters aside."""
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def decoded(raw: bytes, parse_constant: Callable[[str], Any] | None = None) -> Any:
    """The JSON document of a body FastAPI takes for JSON, or its refusal."""
    try:
        return json.loads(raw, parse_constant=parse_constant)
    except json.JSONDecodeError as error:
        entry = {"type": "json_invalid", "loc": ["body", error.pos], "msg": "JSON decode error",
                 "input": {}, "ctx": {"error": error.msg}}  # fmt: skip
        raise BodyInvalid((entry,)) from None
    except (UnicodeDecodeError, RecursionError):
        raise ApiError(400, "bad_request", "There was an error parsing the body") from None
