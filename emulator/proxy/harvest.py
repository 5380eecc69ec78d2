"""The runs an upstream answer serves, made into runs the emulator can hold and serve back.

Runs are found in any successful JSON answer: every object that is one of the vendor's served
forms (`RunModel.served`, the shapes `shape: served` fixtures take), once the fields the form
needs from the request are added (StackAI's `flow_id`, Dynamiq's `app_id`: a path or mount
variable of that name). Each run then has its credentials and personal data replaced by
stand-ins (standins.py) and is fitted to the tenant its credentials stand for (tenancy.py):
read as a served fixture would be (emulator/records.py), and wherever that refuses a field (a
workflow the tenant does not have, a total the emulator's price list cannot make), the field
takes the value a generated run of that tenant has there (a donor), or, failing that, is left
out, until the run reads. The values replaced are named, and learnt, so that later requests
naming them (a run's details under its workflow) are translated (translate.py).

A fitted run goes into the emulator's store, unless the emulator already holds a run of that
identity (one of its own generated runs, or one seen before), and is kept for `--record`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator.flaws import RecordRefused
from emulator.proxy.standins import StandIns
from emulator.proxy.twin import Twin
from emulator.records import read_served, served_as
from emulator.spec import quick_check_of
from emulator.store import DuplicateRun
from emulator.vendor import ServedForm, Tenant, Vendor

LEFT_OUT = None


@dataclass(frozen=True, slots=True)
class Recorded:
    tenant: str
    entry: Mapping[str, Any]
    # Fields whose upstream value was replaced to fit the tenant (or left out).
    fitted: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fitted:
    entry: dict[str, Any]
    run: Any
    replaced: Mapping[str, tuple[Any, Any]]


@dataclass(slots=True)
class Harvest:
    twin: Twin
    standins: StandIns
    # Upstream value -> the emulator's, read by translate.py.
    learnt: dict[str, str] = field(default_factory=dict)
    recorded: list[Recorded] = field(default_factory=list)
    # Runs not kept, by reason: `held` (the emulator has that identity), `unfit`.
    skipped: Counter[str] = field(default_factory=Counter)

    def take(self, body: Any, tenant: Tenant, context: Mapping[str, str],
             secrets: Sequence[str]) -> int:  # fmt: skip
        """Keep every run `body` serves; how many were new."""
        vendor, kept = self.twin.vendor, 0
        for form, found in served_runs(vendor, body, context):
            entry = self.standins.scrubbed(found, secrets)
            fitted = fit(vendor, entry, tenant, self.twin, form)
            if fitted is None:
                self.skipped["unfit"] += 1
            elif self._store(tenant, fitted):
                kept += 1
        return kept

    def _store(self, tenant: Tenant, fitted: Fitted) -> bool:
        try:
            self.twin.state.store.load(tenant.slug, [fitted.run], origin="injected")
        except DuplicateRun:
            self.skipped["held"] += 1
            return False
        for old, new in fitted.replaced.values():
            if isinstance(old, (str, int)) and isinstance(new, (str, int)):
                self.learnt[str(old)] = str(new)
        self.recorded.append(Recorded(tenant.slug, fitted.entry, tuple(fitted.replaced)))
        return True


def served_runs(
    vendor: Vendor, body: Any, context: Mapping[str, str]
) -> Iterator[tuple[ServedForm, dict[str, Any]]]:
    """Every object of `body` in one of the vendor's served forms (outermost first)."""
    if isinstance(body, list):
        for item in body:
            yield from served_runs(vendor, item, context)
    elif isinstance(body, Mapping):
        entry = {**_needed(vendor, body, context), **body}
        form = _form_of(vendor, entry)
        if form is not None:
            yield form, entry
            return
        for item in body.values():
            yield from served_runs(vendor, item, context)


def _needed(vendor: Vendor, body: Mapping[str, Any], context: Mapping[str, str]) -> dict[str, str]:
    """The request's values of fields a served form requires and `body` lacks."""
    wanted = {name for form in vendor.runs.served for name in _required(vendor, form)}
    return {name: context[name] for name in wanted - set(body) if name in context}


def _form_of(vendor: Vendor, entry: Mapping[str, Any]) -> ServedForm | None:
    """The served form `entry` is in: only an object with every field a form requires can be
    one, and the form's compiled schema decides (jsonschema where it does not compile; the
    keys a form adds, such as StackAI's flow id, are checked when the run is read)."""
    for form in vendor.runs.served:
        if not _required(vendor, form) <= set(entry):
            continue
        quick = _quick(vendor, form)
        if quick is None:
            return served_as(vendor, entry)
        if quick({k: v for k, v in entry.items() if k not in form.context}):
            return form
    return None


_REQUIRED: dict[tuple[str, str], frozenset[str]] = {}
_QUICK: dict[tuple[str, str], Callable[[Any], bool] | None] = {}


def _quick(vendor: Vendor, form: ServedForm) -> Callable[[Any], bool] | None:
    key = (vendor.spec.uri, form.schema)
    if key not in _QUICK:
        schema = vendor.spec.inlined({"$ref": f"#/components/schemas/{form.schema}"})
        _QUICK[key] = quick_check_of(schema)
    return _QUICK[key]


def _required(vendor: Vendor, form: ServedForm) -> frozenset[str]:
    key = (vendor.spec.uri, form.schema)
    if key not in _REQUIRED:
        schema = vendor.spec.resolve({"$ref": f"#/components/schemas/{form.schema}"})
        _REQUIRED[key] = frozenset({*schema.get("required", ()), *form.context})
    return _REQUIRED[key]


def fit(vendor: Vendor, entry: Mapping[str, Any], tenant: Tenant, twin: Twin,
        form: ServedForm) -> Fitted | None:  # fmt: skip
    """The run `entry` makes for `tenant`, refused fields replaced (see the module); None when
    a refusal names no field, or a field stays refused with the donor's value and without."""
    current, replaced = dict(entry), dict[str, tuple[Any, Any]]()
    donor = twin.donor(tenant, form) or {}
    settings = twin.state.settings
    while True:
        try:
            run = read_served(vendor, current, tenant, settings).run
        except RecordRefused as refusal:
            names = {str(flaw.path[0]) if flaw.path else "" for flaw in refusal.flaws}
            if "" in names or not all(_replace(current, replaced, name, donor) for name in names):
                return None
            continue
        return Fitted(current, run, replaced)


def _replace(current: dict[str, Any], replaced: dict[str, tuple[Any, Any]], name: str,
             donor: Mapping[str, Any]) -> bool:  # fmt: skip
    """The donor's value in place of a refused field, then the field left out; False when
    both were tried."""
    original = replaced[name][0] if name in replaced else current.get(name)
    if name not in replaced and name in donor and donor[name] != current.get(name):
        current[name] = donor[name]
        replaced[name] = (original, donor[name])
        return True
    if name in current:
        del current[name]
        replaced[name] = (original, LEFT_OUT)
        return True
    return False
