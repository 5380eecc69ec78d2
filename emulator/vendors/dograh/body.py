"""JSON request bodies read as FastAPI and pydantic v2 read them (FastAPI 0.135 with pydantic
2.14, Dograh's pins): the body parsed with Python's json module, then validated in lax mode
against the route's model, every failure one entry of a 422 whose `loc` starts with "body".

Only what Dograh's request models use is here: required and optional integers, strings and
objects, extra keys ignored. tests/unit/vendors/dograh/test_body.py holds it against pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from emulator.errors import Crash
from emulator.framework.fastapi_body import BodyInvalid, decoded, is_json
from emulator.scalar import Invalid, to_integer

Kind = Literal["int", "str", "dict"]
_I64 = 2**63


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    is_required: bool = False


@dataclass(frozen=True, slots=True)
class Model:
    name: str
    fields: tuple[Field, ...]


def parse(model: Model, raw: bytes, content_type: str | None) -> dict[str, Any]:
    """The validated fields (optional ones absent from the body are None)."""
    document = _document(raw, content_type)
    if document is _MISSING:
        raise BodyInvalid(
            ({"type": "missing", "loc": ["body"], "msg": "Field required", "input": None},)
        )
    if not isinstance(document, dict):
        raise BodyInvalid(
            (
                {
                    "type": "model_type",
                    "loc": ["body"],
                    "msg": f"Input should be a valid dictionary or instance of {model.name}",
                    "input": document,
                    "ctx": {"class_name": model.name},
                },
            )
        )
    values, entries = {}, []
    for field in model.fields:
        try:
            values[field.name] = _field(field, document)
        except _Refused as refused:
            entries.append(
                {
                    "type": refused.kind,
                    "loc": ["body", field.name],
                    "msg": refused.message,
                    "input": refused.value,
                }
            )
    if entries:
        raise BodyInvalid(tuple(entries))
    return values


_MISSING: Any = object()


def _document(raw: bytes, content_type: str | None) -> Any:
    if not raw:
        return _MISSING
    if content_type and not is_json(content_type):
        return raw.decode("utf-8", "replace")  # validated as the raw bytes, shown as text
    return decoded(raw, parse_constant=_non_finite)


def _non_finite(name: str) -> Any:
    # Python's json reads NaN and Infinity; an error that shows one cannot be written as JSON
    # (Starlette refuses NaN), so the vendor answers an unhandled 500.
    raise Crash(f"non-finite number {name} in a request body")


class _Refused(Exception):
    def __init__(self, kind: str, message: str, value: Any) -> None:
        super().__init__(message)
        self.kind, self.message, self.value = kind, message, value


def _field(field: Field, document: Mapping[str, Any]) -> Any:
    if field.name not in document:
        if field.is_required:
            raise _Refused("missing", "Field required", dict(document))
        return None
    value = document[field.name]
    if value is None and not field.is_required:
        return None
    return {"int": _integer, "str": _string, "dict": _object}[field.kind](value)


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if abs(value) >= _I64:
            raise _Refused(
                "int_parsing_size",
                "Unable to parse input string as an integer, exceeded maximum size",
                value,
            )
        if not value.is_integer():
            raise _Refused(
                "int_from_float",
                "Input should be a valid integer, got a number with a fractional part",
                value,
            )
        return int(value)
    if isinstance(value, str):
        try:
            return to_integer(value)
        except Invalid as invalid:
            raise _Refused(invalid.kind, invalid.message, value) from None
    raise _Refused("int_type", "Input should be a valid integer", value)


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise _Refused("string_type", "Input should be a valid string", value)
    return value


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Refused("dict_type", "Input should be a valid dictionary", value)
    return value
