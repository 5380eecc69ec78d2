"""One HTTP answer as the proxy compares it: status, headers, the body as sent and as read.

The body goes back to the client as sent (its content coding untouched); the checks read it
with the coding undone, where the coding is one the standard library knows (gzip, deflate).
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Json:
    """A body that parsed as JSON (its value may be null)."""

    value: Any


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    # The body with its content coding undone; None when the coding is one we cannot read.
    content: bytes | None
    json: Json | None

    @classmethod
    def of(cls, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> Answer:
        pairs = tuple(headers)
        coding = _header(pairs, "Content-Encoding") or "identity"
        content = decoded(body, coding)
        return cls(status, pairs, body, content, parsed(content, _header(pairs, "Content-Type")))

    def header(self, name: str) -> str | None:
        return _header(self.headers, name)

    @property
    def media_type(self) -> str:
        """The Content-Type, lower case, without spaces around its parameters ("" for none)."""
        return media_type(self.header("Content-Type") or "")

    @property
    def is_error(self) -> bool:
        return self.status >= 400


def _header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def media_type(value: str) -> str:
    parts = [part.strip().lower() for part in value.split(";") if part.strip()]
    return "; ".join(parts)


def is_json_type(value: str) -> bool:
    essence = media_type(value).split(";")[0]
    return essence == "application/json" or essence.endswith("+json")


def decoded(body: bytes, coding: str) -> bytes | None:
    """The body without its content coding, or None for a coding we cannot undo."""
    try:
        match coding.strip().lower():
            case "identity" | "":
                return body
            case "gzip" | "x-gzip":
                return gzip.decompress(body)
            case "deflate":  # zlib-wrapped as RFC 9110 says; some servers send it raw
                return zlib.decompress(body) if body[:1] == b"\x78" else zlib.decompress(body, -15)
            case _:
                return None
    except (OSError, EOFError, zlib.error):
        return None


def parsed(content: bytes | None, content_type: str | None) -> Json | None:
    """The JSON value of a body declared JSON, or None (not JSON, empty, or unreadable)."""
    if not content or content_type is None or not is_json_type(content_type):
        return None
    try:
        return Json(json.loads(content))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
