"""The upstream's answer against the emulator's answer to the same request, in kind.

Values are never compared (the data differs by design); what is compared:
- the status, exactly: a status the emulator would not give for that input is drift (a 422
  where the emulator says 400, a 200 where it says 404), the status class named too;
- the media type (without parameters' case and spacing), where both answers have a body;
- for an error answered by both, the shape of its JSON body: the keys at every level and the
  JSON type of every value (numbers as one type; a list as the union of its items' shapes), so
  an envelope of another dialect (`{"detail": [...]}` for `{"error": {...}}`), a key more or
  less, or a string where the emulator has a list is named at its path.
A success body is judged by our spec alone (conformance.py): its values, list lengths and
nulls differ with the data, and a field our spec does not know is named there.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from emulator.flaws import Path
from emulator.proxy.answer import Answer
from emulator.proxy.conformance import EVERY_ITEM, Finding, json_path
from emulator.proxy.unknown import json_type

Shape = Any  # a JSON type name, a dict of shapes, or ("list", shape)


def in_kind(upstream: Answer, emulator: Answer) -> list[Finding]:
    if upstream.status != emulator.status:
        message = f"the upstream answered {upstream.status} ({_class(upstream.status)}), " \
                  f"the emulator {emulator.status} ({_class(emulator.status)})"  # fmt: skip
        return [Finding("emulator", "status", "status", message)]
    if upstream.body and emulator.body and upstream.media_type != emulator.media_type:
        message = f"the upstream sent {upstream.header('Content-Type')!r}, " \
                  f"the emulator {emulator.header('Content-Type')!r}"  # fmt: skip
        return [Finding("emulator", "content-type", "Content-Type", message)]
    if not upstream.is_error or upstream.json is None or emulator.json is None:
        return []
    theirs, ours = shape(upstream.json.value), shape(emulator.json.value)
    return [Finding("emulator", "envelope", json_path(p), m) for p, m in differences(theirs, ours)]


def _class(status: int) -> str:
    return f"{str(status)[0]}xx"


def shape(value: Any) -> Shape:
    if isinstance(value, Mapping):
        return {str(key): shape(item) for key, item in value.items()}
    if isinstance(value, list):
        merged: Shape = None
        for item in value:
            merged = shape(item) if merged is None else merge(merged, shape(item))
        return ("list", merged)
    kind = json_type(value)
    return "number" if kind == "integer" else kind


def merge(one: Shape, other: Shape) -> Shape:
    """The shape of a list holding both: the union of keys; a type the items disagree on is
    kept as the first item's (a finding then names it)."""
    if isinstance(one, dict) and isinstance(other, dict):
        return {key: merge(one[key], other[key]) if key in one and key in other
                else one.get(key, other.get(key)) for key in {**one, **other}}  # fmt: skip
    if isinstance(one, tuple) and isinstance(other, tuple):
        return ("list", other[1] if one[1] is None else one[1])
    return one


def differences(theirs: Shape, ours: Shape, path: Path = ()) -> Iterator[tuple[Path, str]]:
    if isinstance(theirs, dict) and isinstance(ours, dict):
        for key in theirs:
            if key not in ours:
                yield (*path, key), "is in the upstream's error body, not in the emulator's"
            else:
                yield from differences(theirs[key], ours[key], (*path, key))
        for key in ours:
            if key not in theirs:
                yield (*path, key), "is in the emulator's error body, not in the upstream's"
    elif isinstance(theirs, tuple) and isinstance(ours, tuple):
        if theirs[1] is not None and ours[1] is not None:
            yield from differences(theirs[1], ours[1], (*path, EVERY_ITEM))
    elif _name(theirs) != _name(ours):
        yield (
            path,
            f"is {_name(theirs)} in the upstream's error body, {_name(ours)} in the emulator's",
        )


def _name(node: Shape) -> str:
    if isinstance(node, dict):
        return "an object"
    if isinstance(node, tuple):
        return "an array"
    return {"null": "null", "integer": "a number"}.get(node, f"a {node}")
