"""An upstream answer against our spec of its operation, field by field.

Checked, in this order: the status is one the operation declares (exactly, as `4XX` or as
`default`); each header the response declares is there when required and fits its schema
when present (B3OS's `X-Request-Id`); where a body is declared, the answer has one, its
Content-Type is a declared one (compared without case or spaces), and a JSON body passes the
declared schema, every failure named at its JSON path (`$.data.items[0].totalCu`), with
every field our spec does not know (unknown.py). A response the spec declares without content
(a redirect, a 204) has its body left unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema.protocols import Validator

from emulator.flaws import Flaw, Path, schema_flaws
from emulator.proxy.answer import Answer, is_json_type, media_type
from emulator.proxy.route import Routed
from emulator.proxy.unknown import declared_at, unknown_fields
from emulator.spec import Operation, Spec, quick_check_of

UNKNOWN = "is not a field our spec knows"
# jsonschema's words for fields an `unevaluatedProperties: false` schema did not evaluate.
UNEVALUATED = "Unevaluated properties are not allowed"
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A path part standing for every item of a list (kind.py compares the items' shapes as one).
EVERY_ITEM = "[*]"


@dataclass(frozen=True, slots=True)
class Finding:
    """One way an answer differs: from our spec (`check: spec`) or from the emulator's answer
    to the same request (`check: emulator`)."""

    check: str
    kind: str
    where: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"check": self.check, "kind": self.kind, "where": self.where,
                "message": self.message}  # fmt: skip


def against_spec(spec: Spec, routed: Routed, answer: Answer) -> list[Finding]:
    operation = routed.operation
    key = declared_key(operation, answer.status)
    if key is None:
        listed = ", ".join(operation.responses) or "none"
        message = f"{answer.status} is not a status our spec declares for " \
                  f"{operation.operation_id} (declared: {listed})"  # fmt: skip
        return [Finding("spec", "status", "status", message)]
    response: Mapping[str, Any] = operation.responses[key]
    return [*_headers(spec, response, answer), *_content(spec, response, answer)]


def declared_key(operation: Operation, status: int) -> str | None:
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in operation.responses:
            return key
    return None


def _headers(spec: Spec, response: Mapping[str, Any], answer: Answer) -> Iterator[Finding]:
    for name, declared in (response.get("headers") or {}).items():
        header = spec.resolve(declared)
        value = answer.header(name)
        if value is None:
            if header.get("required"):
                yield Finding("spec", "header", name, "is missing; our spec requires it")
            continue
        check = spec.validator_of(header.get("schema") or {})
        for error in check.iter_errors(value):
            yield Finding("spec", "header", name, f"does not fit our spec: {error.message}")


def _content(spec: Spec, response: Mapping[str, Any], answer: Answer) -> list[Finding]:
    declared: Mapping[str, Any] = response.get("content") or {}
    if not declared:
        return []
    types = ", ".join(declared)
    if not answer.body:
        return [Finding("spec", "content-type", "body", f"is empty; our spec declares {types}")]
    by_type = {media_type(name): content for name, content in declared.items()}
    # A declared type without parameters covers the answer's with them (`text/csv` covers
    # `text/csv; charset=utf-8`, as Starlette sends it); one with parameters must match them.
    essence = answer.media_type.split(";")[0]
    content = by_type.get(answer.media_type, by_type.get(essence))
    if content is None:
        sent = answer.header("Content-Type")
        message = f"{sent!r} is not what our spec declares ({types})"
        return [Finding("spec", "content-type", "Content-Type", message)]
    schema = content.get("schema")
    if schema is None or not is_json_type(answer.media_type) or answer.content is None:
        return []
    if answer.json is None:
        return [Finding("spec", "body", "$", "is not valid JSON")]
    return body_findings(spec, schema, answer.json.value)


def body_findings(spec: Spec, schema: Mapping[str, Any], value: Any) -> list[Finding]:
    """Every failure of `value` against `schema`, and every field the schema does not know."""
    check = _check(spec, schema)
    found = [] if check.quick is not None and check.quick(value) else [
        finding
        for flaw in schema_flaws(check.full, value)
        for finding in _findings(flaw, check.inlined, value)
    ]  # fmt: skip
    seen = {finding.where for finding in found}
    for path in unknown_fields(check.inlined, value):
        where = json_path(path)
        if where not in seen:
            seen.add(where)
            found.append(Finding("spec", "unknown-field", where, UNKNOWN))
    return found


@dataclass(frozen=True, slots=True)
class SchemaCheck:
    """A response schema, inlined, with its validator and (where it compiles) a quick check
    for the usual answer that conforms."""

    inlined: Any
    full: Validator
    quick: Callable[[Any], bool] | None


_CHECKS: dict[tuple[str, int], SchemaCheck] = {}


def _check(spec: Spec, schema: Mapping[str, Any]) -> SchemaCheck:
    # Keyed by the schema object: a spec's response schemas live as long as the spec does.
    key = (spec.uri, id(schema))
    if key not in _CHECKS:
        inlined = spec.inlined(schema)
        _CHECKS[key] = SchemaCheck(inlined, spec.validator_of(schema), quick_check_of(inlined))
    return _CHECKS[key]


def _findings(flaw: Flaw, schema: Any, value: Any) -> Iterator[Finding]:
    if flaw.message == "is not a known field":
        yield Finding("spec", "unknown-field", json_path(flaw.path), UNKNOWN)
    elif flaw.message.startswith(UNEVALUATED):
        # A field the schema declares is "unevaluated" when its own value failed (reported at
        # that field): only the fields it does not declare are unknown.
        declared = declared_at(schema, value, flaw.path)
        held = _at(value, flaw.path)
        for key in held if isinstance(held, Mapping) else ():
            if key not in declared:
                yield Finding("spec", "unknown-field", json_path((*flaw.path, key)), UNKNOWN)
    else:
        yield Finding("spec", "body", json_path(flaw.path), flaw.message)


def _at(value: Any, path: Path) -> Any:
    for step in path:
        value = value[step]
    return value


def json_path(path: Path) -> str:
    """`$.data.items[0].totalCu`; a key that is no identifier as `['a key']`; `[*]` for every
    item of a list (EVERY_ITEM)."""
    text = "$"
    for part in path:
        if part == EVERY_ITEM:
            text += "[*]"
        elif isinstance(part, int):
            text += f"[{part}]"
        elif IDENTIFIER.fullmatch(part):
            text += f".{part}"
        else:
            text += "[" + repr(part) + "]"
    return text
