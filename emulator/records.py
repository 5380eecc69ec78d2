"""A run as fixtures and the control plane give it, read into the vendor's run: either in the
record shape of our spec (`shape: record`, the default), or as the vendor's API serves it
(`shape: served`: a run copied from a real response).

A record passes the record schema, then the vendor's model, then a round trip (what is stored
is what will be served). A served run passes one of the vendor's served schemas, is derived
into a record (the form says which fields it had to infer), is read as a record, and is then
served back: whatever would be served differently from what was given is refused, by field,
since the emulator could not map it. Every refusal is a RecordRefused whose flaws name the
fields of what was given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from jsonschema.protocols import Validator

from emulator.flaws import Flaw, Inferred, Path, RecordRefused, dotted, schema_flaws
from emulator.settings import Settings
from emulator.vendor import ServedForm, Tenant, Vendor

Shape = Literal["record", "served"]
SHAPES: tuple[Shape, ...] = ("record", "served")


@dataclass(frozen=True, slots=True)
class Reading:
    run: Any
    inferred: tuple[Inferred, ...] = ()


def read(vendor: Vendor, entry: Any, tenant: Tenant, settings: Settings, shape: Shape) -> Reading:
    if shape == "served":
        return read_served(vendor, entry, tenant, settings)
    return Reading(read_record(vendor, entry, tenant))


def read_record(vendor: Vendor, record: Any, tenant: Tenant) -> Any:
    """The vendor's run for `record`, or RecordRefused with every flaw the schema finds (the
    model's own checks, such as the tenant's workflows, run on a record the schema accepts)."""
    flaws = record_flaws(vendor, record)
    if flaws:
        raise RecordRefused(*flaws)
    try:
        run = vendor.runs.from_record(record, tenant)
    except RecordRefused:
        raise
    except Exception as error:  # whatever the vendor's model refuses is the record's fault
        raise RecordRefused(Flaw((), str(error) or type(error).__name__)) from None
    stored = vendor.runs.to_record(run)
    if not vendor.spec.quick_check(vendor.runs.record_schema)(stored):
        raise RecordRefused(*record_flaws(vendor, stored))
    return run


def record_flaws(vendor: Vendor, record: Any) -> list[Flaw]:
    return schema_flaws(vendor.spec.schema_validator(vendor.runs.record_schema), record)


def read_served(vendor: Vendor, entry: Any, tenant: Tenant, settings: Settings) -> Reading:
    form = served_form(vendor, entry)
    derived = form.derive(entry, tenant, settings)
    try:
        run = read_record(vendor, derived.record, tenant)
    except RecordRefused as refusal:
        raise RecordRefused(*(_renamed(f, derived.sources) for f in refusal.flaws)) from None
    given = {k: v for k, v in entry.items() if k not in form.context}
    mismatches = list(differences(given, form.serve(run, entry)))
    if mismatches:
        raise RecordRefused(*mismatches)
    return Reading(run, derived.inferred)


def served_form(vendor: Vendor, entry: Any) -> ServedForm:
    """The first of the vendor's served forms that `entry` satisfies; else RecordRefused with
    the flaws against the form it comes closest to (the fewest)."""
    if not vendor.runs.served:
        raise RecordRefused(Flaw((), f"{vendor.name} runs are given in the record shape only"))
    closest: list[Flaw] | None = None
    for form in vendor.runs.served:
        flaws = schema_flaws(_validator(vendor, form), entry)
        if not flaws:
            return form
        if closest is None or len(flaws) < len(closest):
            closest = flaws
    raise RecordRefused(*(closest or ()))


def served_as(vendor: Vendor, entry: Any) -> ServedForm | None:
    """The served form `entry` is in, if it is in one (to tell a client that forgot to say
    `shape: served`)."""
    return next((f for f in vendor.runs.served if _validator(vendor, f).is_valid(entry)), None)


def mixup(vendor: Vendor, entry: Any, others: Sequence[Vendor] = ()) -> Flaw | None:
    """What a refused record more likely is: this vendor's served run, or another vendor's
    record (the base URLs mixed up)."""
    form = served_as(vendor, entry)
    if form is not None:
        message = f"this is a {vendor.name} run as its API serves it ({form.schema}): say"
        return Flaw((), f"{message} `shape: served`")
    for other in others:
        if other is not vendor and other.spec.quick_check(other.runs.record_schema)(entry):
            return Flaw((), f"this is a {other.name} run, not a {vendor.name} run")
    return None


def differences(given: Any, shown: Any, path: Path = ()) -> Iterator[Flaw]:
    """Where the run as served (`shown`) differs from the run as given, field by field; a
    field left out is not compared (a hand-written run may leave out what the view derives)."""
    if isinstance(given, Mapping) and isinstance(shown, Mapping):
        for key in given:
            if key in shown:
                yield from differences(given[key], shown[key], (*path, key))
            else:
                yield Flaw((*path, key), "is never served for this run; leave it out")
    elif isinstance(given, list) and isinstance(shown, list) and len(given) == len(shown):
        for index, (mine, theirs) in enumerate(zip(given, shown, strict=True)):
            yield from differences(mine, theirs, (*path, index))
    elif given != shown or isinstance(given, bool) != isinstance(shown, bool):
        reason = "does not follow from the rest of the run"
        yield Flaw(path, f"{given!r} {reason}: it would be served as {shown!r}")


def _renamed(flaw: Flaw, sources: Mapping[str, str]) -> Flaw:
    """A flaw of the derived record, at the served field it came from (saying which part of
    the record, where that is deeper than the field)."""
    if not flaw.path or str(flaw.path[0]) not in sources:
        return flaw
    said = f"{dotted(flaw.path)}: {flaw.message}" if len(flaw.path) > 1 else flaw.message
    return Flaw((sources[str(flaw.path[0])],), said)


_VALIDATORS: dict[tuple[str, str], Validator] = {}


def _validator(vendor: Vendor, form: ServedForm) -> Validator:
    """The served schema, with the keys the form adds (StackAI's flow id) required too."""
    key = (vendor.spec.uri, form.schema)
    if key not in _VALIDATORS:
        schema = dict(vendor.spec.inlined({"$ref": f"#/components/schemas/{form.schema}"}))
        if form.context:
            schema["properties"] = {**schema.get("properties", {}), **form.context}
            schema["required"] = [*schema.get("required", ()), *form.context]
        _VALIDATORS[key] = vendor.spec.validator_of(schema)
    return _VALIDATORS[key]
