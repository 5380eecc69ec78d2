"""Why a run cannot be stored, field by field: the one vocabulary of fixture loading, the
control plane's injection and the vendors' models.

A flaw is a path into what was given (`("usage_info", "call_duration_seconds")`) and a reason.
jsonschema's own errors are turned into flaws here, so that every caller names the deepest
field at fault: an error under `anyOf` (a nullable object, say) is reported at the field of the
one alternative that fits the value's type, not at the object holding it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jsonschema import ValidationError
from jsonschema.protocols import Validator

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Flaw:
    path: Path
    message: str


@dataclass(frozen=True, slots=True)
class Inferred:
    """A record field a served run does not carry, and how the emulator filled it."""

    path: Path
    how: str


class RecordRefused(ValueError):
    """A record (or a served run) the emulator cannot store, with every flaw at its field."""

    def __init__(self, *flaws: Flaw) -> None:
        super().__init__("; ".join(f"{dotted(f.path)}: {f.message}" for f in flaws))
        self.flaws = flaws


def refused(field: str, message: str) -> RecordRefused:
    """A refusal of one top-level field (what a vendor's model raises)."""
    return RecordRefused(Flaw((field,), message))


def dotted(path: Iterable[Any]) -> str:
    """`usage_info.call_duration_seconds`, `charges[0].node_type`; `(run)` for the whole."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(run)"


def schema_flaws(check: Validator, instance: Any) -> list[Flaw]:
    """Every way `instance` breaks the schema, in field order, each at its deepest field."""
    errors = sorted(check.iter_errors(instance), key=_where)
    return [flaw for error in errors for flaw in _flaws(error, check.schema, instance)]


def _where(error: ValidationError) -> list[str]:
    return [str(part) for part in error.absolute_path]


def _flaws(error: ValidationError, schema: Any, root: Any) -> Iterator[Flaw]:
    path: Path = tuple(error.absolute_path)
    if error.validator in ("anyOf", "oneOf"):
        fitting = _fitting_alternative(error)
        if fitting is not None:
            for inner in sorted(fitting, key=_where):
                yield from _flaws(inner, schema, root)
            return
    if error.validator is None and list(error.schema_path)[-1:] == ["properties"]:
        yield _ruled_out(error, schema, root)
    elif error.validator == "required":
        # jsonschema names a missing or unexpected field in its message only; put it in the path.
        required: Iterable[Any] = error.validator_value  # type: ignore[assignment]
        names = [n for n in required if error.message.startswith(repr(n))]
        yield Flaw((*path, *names[:1]), "is required")
    elif error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = error.schema.get("properties", {}) if isinstance(error.schema, Mapping) else {}
        for name in sorted(str(n) for n in error.instance if n not in known):
            yield Flaw((*path, name), "is not a known field")
    else:
        yield Flaw(path, error.message)


def _ruled_out(error: ValidationError, schema: Any, root: Any) -> Flaw:
    """A field a `false` schema rules out (Dynamiq's `ended_at` on a run still going): jsonschema
    reports it at the object, without the field's name, which the schema's `properties` give."""
    path: Path = tuple(error.absolute_path)
    try:
        for part in list(error.absolute_schema_path)[:-1]:
            schema = schema[part]
        container = root
        for part in path:
            container = container[part]
        names = [k for k, sub in schema["properties"].items() if sub is False and k in container]
    except (KeyError, IndexError, TypeError):  # a schema reached through a $ref: say it as is
        return Flaw(path, error.message)
    held = [k for k in names if container[k] is error.instance]
    return Flaw((*path, *(held or names)[:1]), "is not allowed with the run's other fields")


def _fitting_alternative(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the one alternative whose type the value has (the object of a nullable
    object), or None when none or several fit: then the alternatives are reported as one."""
    by_branch: dict[Any, list[ValidationError]] = {}
    for inner in error.context or ():
        by_branch.setdefault(inner.relative_schema_path[0], []).append(inner)
    branches = len(error.validator_value) if isinstance(error.validator_value, list) else 0
    fitting = [
        by_branch.get(index, [])
        for index in range(branches)
        if not any(_is_type_mismatch(e) for e in by_branch.get(index, []))
    ]
    return fitting[0] if len(fitting) == 1 and fitting[0] else None


def _is_type_mismatch(error: ValidationError) -> bool:
    return not error.relative_path and error.validator in ("type", "const", "enum")
