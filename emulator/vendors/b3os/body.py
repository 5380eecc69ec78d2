"""The threshold PUT body as gin's ShouldBindJSON decodes it into `cu.UpdateThresholdParams`.

encoding/json's Decoder: one JSON value is read and anything after it is left unread; object
keys match the field case-insensitively, the last match winning; a wrong type is reported as
`json: cannot unmarshal ...`. The field is required and may not be negative (inferred). The
decoder and its unmarshal errors also read the run body (emulator/vendors/b3os/run_params.py).
"""

from __future__ import annotations

import json
import math
from typing import Any

from emulator.vendors.b3os.dialect import failure
from emulator.vendors.b3os.goparse import quote

TARGET = "cu.UpdateThresholdParams"
FIELD = "minThreshold"
_WHITESPACE = " \t\r\n"
# Python's json messages, as the Go scanner words the same mistake.
_CONTEXTS = {
    "Expecting value": "looking for beginning of value",
    "Expecting property name enclosed in double quotes": "looking for beginning of object key "
    "string",
    "Expecting ':' delimiter": "after object key",
    "Expecting ',' delimiter": "after object key:value pair",
    "Invalid control character at": "in string literal",
}


class _Object(list[tuple[str, Any]]):
    """A JSON object as its key/value pairs in document order (duplicates kept)."""


class _Number:
    """A JSON number as written, parsed as Go's float64 would be."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.value = float(text)


def min_threshold(body: bytes) -> float:
    document = decode(body.decode("utf-8", errors="replace"))
    value = _field(document)
    if value is None:
        raise failure(400, [f"{FIELD}: is required"])
    if not math.isfinite(value.value):
        raise unmarshal(f"number {value.text}", f"Go struct field {_path()}")
    if value.value < 0:
        raise failure(400, [f"{FIELD}: must be greater than or equal to 0"])
    return value.value


def decode(text: str) -> Any:
    """One JSON value as Go's Decoder reads it (objects as key/value pairs in order)."""
    start = len(text) - len(text.lstrip(_WHITESPACE))
    if start == len(text):
        raise failure(400, ["EOF"])
    decoder = json.JSONDecoder(parse_float=_Number, parse_int=_Number, object_pairs_hook=_Object,
                               parse_constant=_refuse_constant)  # fmt: skip
    try:
        return decoder.raw_decode(text, start)[0]
    except json.JSONDecodeError as error:
        raise failure(400, [_syntax(error, text)]) from None


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON to Go; the position is where the word starts.
    raise json.JSONDecodeError("Expecting value", name, 0)


def _syntax(error: json.JSONDecodeError, text: str) -> str:
    if error.pos >= len(text) or error.msg.startswith("Unterminated"):
        return "unexpected EOF"
    literal = _literal(text[error.pos :]) if error.doc == text else None
    if literal is not None:
        return literal
    where = next((v for k, v in _CONTEXTS.items() if error.msg.startswith(k)), None)
    character = text[error.pos] if error.doc == text else error.doc[:1]
    context = where or "looking for beginning of value"
    return f"invalid character {_char(character)} {context}"


def _literal(rest: str) -> str | None:
    """Go reads `n`, `t`, `f` as the start of null/true/false and names the first wrong byte."""
    word = {"n": "null", "t": "true", "f": "false"}.get(rest[:1])
    if word is None:
        return None
    for index, expected in enumerate(word[1:], start=1):
        if index >= len(rest):
            return "unexpected EOF"
        if rest[index] != expected:
            found, wanted = _char(rest[index]), _char(expected)
            return f"invalid character {found} in literal {word} (expecting {wanted})"
    return None


def _char(character: str) -> str:
    if character == "'":
        return "'\\''"
    if character == '"':
        return "'\"'"
    return "'" + quote(character)[1:-1] + "'"


def _field(document: Any) -> _Number | None:
    if document is None:
        return None
    if not is_object(document):
        raise unmarshal(json_kind(document), f"Go value of type {TARGET}")
    found: _Number | None = None
    mistyped: str | None = None
    for key, value in document:
        if key != FIELD and key.casefold() != FIELD.casefold():
            continue
        if value is None or isinstance(value, _Number):
            found = value
        else:  # Go keeps decoding and reports the first mismatch at the end
            mistyped = mistyped or json_kind(value)
    if mistyped is not None:
        raise unmarshal(mistyped, f"Go struct field {_path()}")
    return found


def _path() -> str:
    return f"{TARGET.split('.')[-1]}.{FIELD} of type float64"


def is_object(value: Any) -> bool:
    return isinstance(value, _Object)


def is_number(value: Any) -> bool:
    return isinstance(value, _Number)


def json_kind(value: Any) -> str:
    kinds = {_Object: "object", list: "array", str: "string", bool: "bool", _Number: "number"}
    return kinds[type(value)]


def unmarshal(kind: str, into: str) -> Exception:
    return failure(400, [f"json: cannot unmarshal {kind} into {into}"])
