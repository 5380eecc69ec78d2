"""Fields of an answer that our spec does not know, where its schema would let them pass.

A schema that closes its object (`additionalProperties: false`) makes an unknown field a
schema error, which conformance.py reports. An object described by `properties` alone, or
assembled from `allOf` parts (B3OS's envelope and its `data`), lets any other field through;
here those are named too, since a field the vendor added is drift a client may come to read.
A free-form map (no `properties` at all, or `additionalProperties` given a schema) has no
unknown fields.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from emulator.flaws import Path

CLOSING = ("additionalProperties", "patternProperties", "unevaluatedProperties")
COMPOSED = ("allOf", "anyOf", "oneOf")
CONDITIONAL = ("if", "then", "else")


def unknown_fields(schema: Any, value: Any) -> Iterator[Path]:
    """The path of every field of `value` that `schema` (inlined) neither declares nor closes."""
    # A schema's parts depend on the value's JSON type alone: found once per schema and type.
    return _unknown(schema, value, (), {})


Parts = list[Mapping[str, Any]]


def _unknown(
    schema: Any, value: Any, path: Path, known: dict[tuple[int, str], Parts]
) -> Iterator[Path]:
    key = (id(schema), json_type(value))
    if key not in known:
        known[key] = list(_parts(schema, value))
    parts = known[key]
    if isinstance(value, Mapping):
        yield from _unknown_keys(parts, value, path)
        for name, item in value.items():
            for sub in _property_schemas(parts, str(name)):
                yield from _unknown(sub, item, (*path, str(name)), known)
    elif isinstance(value, list):
        items = [part["items"] for part in parts if isinstance(part.get("items"), Mapping)]
        for index, item in enumerate(value):
            for sub in items:
                yield from _unknown(sub, item, (*path, index), known)


def declared_at(schema: Any, value: Any, path: Path) -> set[str]:
    """The field names the schema declares for the object at `path` of `value`."""
    parts = list(_parts(schema, value))
    for step in path:
        value = value[step]
        if isinstance(step, int):
            subs = [p["items"] for p in parts if isinstance(p.get("items"), Mapping)]
        else:
            subs = list(_property_schemas(parts, step))
        parts = [part for sub in subs for part in _parts(sub, value)]
    return {name for part in parts for name in part.get("properties") or {}}


def _unknown_keys(
    parts: list[Mapping[str, Any]], value: Mapping[str, Any], path: Path
) -> Iterator[Path]:
    declared = {name for part in parts for name in part.get("properties") or {}}
    if not declared or any(word in part for part in parts for word in CLOSING):
        return
    yield from ((*path, str(key)) for key in value if key not in declared)


def _property_schemas(parts: list[Mapping[str, Any]], key: str) -> Iterator[Any]:
    for part in parts:
        properties = part.get("properties") or {}
        if key in properties:
            yield properties[key]
        elif isinstance(part.get("additionalProperties"), Mapping):
            yield part["additionalProperties"]


def _parts(schema: Any, value: Any) -> Iterator[Mapping[str, Any]]:
    """The schema and every part of it that describes the same value: its `allOf` members, the
    `anyOf`/`oneOf` alternatives of the value's JSON type, and the branches of an `if`."""
    if not isinstance(schema, Mapping):
        return
    yield schema
    for word in COMPOSED:
        for member in schema.get(word) or ():
            if word == "allOf" or _fits(member, value):
                yield from _parts(member, value)
    for word in CONDITIONAL:
        yield from _parts(schema.get(word), value)


def _fits(schema: Any, value: Any) -> bool:
    """Whether `value` has a JSON type the alternative allows (an object for a nullable object)."""
    if not isinstance(schema, Mapping) or "type" not in schema:
        return isinstance(schema, Mapping)
    allowed = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return json_type(value) in allowed or (json_type(value) == "integer" and "number" in allowed)


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
