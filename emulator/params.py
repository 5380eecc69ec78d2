"""Parameter parsers compiled once from an operation's parameter schemas.

Each parser turns the raw strings of one parameter into a value or a `ParamIssue`. The issue
kinds and messages are pydantic v2's (the FastAPI vendors show them verbatim, and a test
checks them against pydantic itself); dialects of other frameworks translate them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from emulator.errors import ParamError, ParamIssue
from emulator.scalar import Coercer, Invalid, coercer_for

RepeatPolicy = Literal["first", "last"]


Check = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class ParamParser:
    name: str
    location: str
    is_required: bool
    default: Any
    is_array: bool
    is_exploded: bool
    coerce: Coercer
    checks: tuple[Check, ...]

    def parse(self, raws: Sequence[str], repeat: RepeatPolicy) -> Any:
        """The parsed value; raises `_Failed` with the issues of this parameter."""
        if not raws:
            if self.is_required:
                raise _Failed((self._issue("missing", None, "Field required"),))
            return self.default
        if self.is_array:
            items = raws if self.is_exploded else [p for r in raws for p in r.split(",")]
            return [self._one(item) for item in items]
        return self._one(raws[0] if repeat == "first" else raws[-1])

    def _one(self, raw: str) -> Any:
        try:
            value = self.coerce(raw)
            for check in self.checks:
                check(value)
        except Invalid as invalid:
            issue = self._issue(invalid.kind, raw, invalid.message, invalid.context)
            raise _Failed((issue,)) from None
        return value

    def _issue(
        self, kind: str, raw: str | None, message: str, context: tuple[tuple[str, Any], ...] = ()
    ) -> ParamIssue:
        return ParamIssue(kind, self.location, self.name, raw, message, context)


class _Failed(Exception):
    def __init__(self, issues: tuple[ParamIssue, ...]) -> None:
        super().__init__()
        self.issues = issues


@dataclass(frozen=True, slots=True)
class RawParams:
    """What a request carried, by location; query values keep every repetition in order."""

    query: Mapping[str, Sequence[str]]
    path: Mapping[str, str]
    header: Mapping[str, str]

    def values(self, location: str, name: str) -> Sequence[str]:
        if location == "query":
            return self.query.get(name, ())
        source = self.path if location == "path" else self.header
        found = source.get(name)
        return () if found is None else (found,)


PARSED_KEPT = 512


@dataclass(frozen=True, slots=True)
class OperationParams:
    parsers: tuple[ParamParser, ...]
    repeat: RepeatPolicy
    # Parsed params by the raw values they came from: clients repeat their queries, and the
    # parse of equal values is equal (the result is read-only). Bounded; refusals not kept.
    _parsed: dict[tuple[Sequence[str], ...], Mapping[str, Any]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def parse(self, raw: RawParams) -> Mapping[str, Any]:
        """Every parameter parsed, or one ParamError listing each failure in declaration order."""
        given = tuple(tuple(raw.values(p.location, p.name)) for p in self.parsers)
        found = self._parsed.get(given)
        if found is None:
            found = self._parse(given)
            if len(self._parsed) >= PARSED_KEPT:
                self._parsed.clear()
            self._parsed[given] = found
        return found

    def _parse(self, given: tuple[Sequence[str], ...]) -> Mapping[str, Any]:
        values: dict[str, Any] = {}
        issues: list[ParamIssue] = []
        for parser, raws in zip(self.parsers, given, strict=True):
            try:
                values[parser.name] = parser.parse(raws, self.repeat)
            except _Failed as failed:
                issues.extend(failed.issues)
        if issues:
            raise ParamError(tuple(issues))
        return MappingProxyType(values)


def compile_parameters(
    parameters: Sequence[Mapping[str, Any]],
    repeat: RepeatPolicy,
    formats: Mapping[str, Coercer] | None = None,
) -> OperationParams:
    """Parsers for an operation; `formats` adds coercers by schema `format` (e.g. date-time)."""
    return OperationParams(tuple(_compile(p, formats or {}) for p in parameters), repeat)


def _compile(parameter: Mapping[str, Any], formats: Mapping[str, Coercer]) -> ParamParser:
    schema = _non_null(parameter.get("schema", {}))
    is_array = schema.get("type") == "array"
    item_schema = _non_null(schema.get("items", {})) if is_array else schema
    return ParamParser(
        name=parameter["name"],
        location=parameter["in"],
        is_required=bool(parameter.get("required", False)),
        default=schema.get("default", parameter.get("schema", {}).get("default")),
        is_array=is_array,
        is_exploded=bool(parameter.get("explode", parameter.get("style", "form") == "form")),
        coerce=formats.get(str(item_schema.get("format")), coercer_for(item_schema)),
        checks=_checks(item_schema),
    )


def _non_null(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """The non-null branch of `anyOf: [X, {type: null}]` or `type: [X, "null"]`."""
    for branch in schema.get("anyOf", ()):
        if branch.get("type") != "null":
            return {**schema, **branch}
    kind = schema.get("type")
    if isinstance(kind, list):
        return {**schema, "type": next(k for k in kind if k != "null")}
    return schema


def _checks(schema: Mapping[str, Any]) -> tuple[Check, ...]:
    found: list[Check] = []
    if "minimum" in schema:
        found.append(_bound(schema["minimum"], "ge"))
    if "maximum" in schema:
        found.append(_bound(schema["maximum"], "le"))
    if "pattern" in schema:
        found.append(_pattern(schema["pattern"]))
    if "enum" in schema:
        found.append(_enum(tuple(schema["enum"])))
    return tuple(found)


_BOUNDS: dict[str, tuple[str, str, Callable[[Any, Any], bool]]] = {
    "ge": ("greater_than_equal", "greater than or equal to", lambda v, b: v >= b),
    "le": ("less_than_equal", "less than or equal to", lambda v, b: v <= b),
}


def _bound(limit: float, which: str) -> Check:
    kind, words, holds = _BOUNDS[which]

    def check(value: Any) -> None:
        if not holds(value, limit):
            raise Invalid(kind, f"Input should be {words} {limit}", ((which, limit),))

    return check


def _pattern(pattern: str) -> Check:
    # Python's `$` also matches before a final newline; the Rust regex behind pydantic (and
    # Go's regexp) does not, so `asc\n` must fail `^(asc|desc)$` here as it does there.
    compiled = re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))

    def check(value: Any) -> None:
        if not compiled.search(value):
            message = f"String should match pattern '{pattern}'"
            raise Invalid("string_pattern_mismatch", message, (("pattern", pattern),))

    return check


def _enum(allowed: tuple[Any, ...]) -> Check:
    quoted = [f"'{a}'" for a in allowed]
    expected = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"

    def check(value: Any) -> None:
        if value not in allowed:
            raise Invalid("enum", f"Input should be {expected}", (("expected", expected),))

    return check
