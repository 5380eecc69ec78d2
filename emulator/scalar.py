"""Coercion of one raw query/path string into a typed value, as pydantic v2 does it in lax mode.

Lax mode is what FastAPI applies to query strings: surrounding whitespace is ignored, `1_000`
and `3.0` are integers, `yes`/`off` are booleans. A property test holds these against pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Coercer = Callable[[str], Any]


class Invalid(Exception):
    """A raw value that does not fit: pydantic's error type, message and context."""

    def __init__(self, kind: str, message: str, context: tuple[tuple[str, Any], ...] = ()) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.context = context


_INTEGER = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
# Rust's f64 grammar, which pydantic-core applies once single inner underscores are removed.
_FLOAT = re.compile(
    r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity|nan)", re.IGNORECASE
)
_MAX_INT_DIGITS = 4300
_NOT_A_NUMBER = "Input should be a valid number, unable to parse string as a number"
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def to_integer(raw: str) -> int:
    text = raw.strip()
    if not _INTEGER.fullmatch(text):
        message = "Input should be a valid integer, unable to parse string as an integer"
        raise Invalid("int_parsing", message)
    digits = text.split(".")[0].replace("_", "")
    # pydantic refuses what CPython's int() refuses: more than 4300 digits.
    if len(digits.lstrip("+-")) > _MAX_INT_DIGITS:
        message = "Unable to parse input string as an integer, exceeded maximum size"
        raise Invalid("int_parsing_size", message)
    return int(digits)


def to_number(raw: str) -> float:
    # pydantic-core trims whitespace only on its plain path; with underscores it parses the raw
    # string, so `0_0 ` is an error while `0_0` and ` 00 ` are numbers.
    text = raw if "_" in raw else raw.strip()
    if text.startswith("_") or text.endswith("_") or "__" in text:
        raise Invalid("float_parsing", _NOT_A_NUMBER)
    bare = text.replace("_", "")
    if not _FLOAT.fullmatch(bare):
        raise Invalid("float_parsing", _NOT_A_NUMBER)
    return float(bare)


def to_boolean(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise Invalid("bool_parsing", "Input should be a valid boolean, unable to interpret input")


def to_string(raw: str) -> str:
    return raw


_BY_TYPE: dict[str, Coercer] = {
    "integer": to_integer,
    "number": to_number,
    "boolean": to_boolean,
    "string": to_string,
}


def coercer_for(schema: Mapping[str, Any]) -> Coercer:
    """The coercer for a parameter schema's JSON type (strings stay as sent)."""
    return _BY_TYPE.get(str(schema.get("type", "string")), to_string)
