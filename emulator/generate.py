"""Seeded generation and fixture replay: builds each vendor's store from tenants and fixtures.

The seed of each (vendor, tenant) pair is derived with SHA-256, never with `hash()` (which is
salted per process), so the same seed gives the same bytes on every machine and in any order
of requests. Building a store builds no run: each tenant gets a timeline (its rhythm and the
vendor's generator) whose runs are made when read. Every replayed fixture run is checked
against the vendor's record schema before it is stored; generated runs are held to the same
schema by the test suite's property tests.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import yaml

from emulator.clock import Clock
from emulator.engine.rhythm import Rhythm
from emulator.engine.tenant import TenantRuns
from emulator.engine.timeline import Timeline
from emulator.materialized import MaterializedStore
from emulator.settings import Settings
from emulator.spec import load_yaml
from emulator.store import DuplicateRun, Store, micros
from emulator.vendor import Generation, Tenant, Vendor


class FixtureError(ValueError):
    """A tenants or fixture file that cannot be served; the message names file and entry."""


def derive_seed(seed: int, *parts: str) -> bytes:
    return hashlib.sha256(":".join((str(seed), *parts)).encode()).digest()


def read_yaml(directory: Path, name: str, fallback: Path) -> Any:
    """`name` from the user's fixtures directory if it has one, else the built-in file."""
    path = directory / name if (directory / name).exists() else fallback / name
    if not path.exists():
        return None
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise FixtureError(f"{path}: not valid YAML: {error}") from None


def build_store(
    vendor: Vendor, tenants: Sequence[Tenant], settings: Settings, fixtures: Any, clock: Clock
) -> Store:
    if vendor.runs.generator is None or vendor.runs.place is None:
        store = _materialized(vendor, tenants, settings, clock)
    else:
        timelines = {t.slug: timeline_of(vendor, t, i, settings) for i, t in enumerate(tenants)}
        store = Store(timelines, vendor.runs.identity, vendor.runs.place, clock)
    # One by one, in the file's order: the store remembers that order for the state export.
    for slug, run in replayed(vendor, tenants, fixtures):
        try:
            store.load(slug, [run], origin="fixture")
        except DuplicateRun as error:
            raise FixtureError(f"{vendor.name} fixtures: {error}") from None
    return store


def _materialized(
    vendor: Vendor, tenants: Sequence[Tenant], settings: Settings, clock: Clock
) -> Store:
    """TRANSITIONAL: a vendor not yet on the engine makes every run now."""
    generate, order = vendor.runs.generate, vendor.runs.order
    assert generate is not None
    assert order is not None
    store: MaterializedStore[Any] = MaterializedStore(vendor.runs.identity, order, clock)
    for index, tenant in enumerate(tenants):
        seed = derive_seed(settings.seed, vendor.name, tenant.slug)
        generation = Generation(seed, settings.runs, settings.epoch, index)
        store.load(tenant.slug, checked(vendor, generate(tenant, generation)), "generated")
    return cast(Store, store)


def timeline_of(vendor: Vendor, tenant: Tenant, index: int, settings: Settings) -> TenantRuns:
    assert vendor.runs.generator is not None
    seed = derive_seed(settings.seed, vendor.name, tenant.slug)
    generation = Generation(seed, settings.runs, settings.epoch, index)
    generator = vendor.runs.generator(tenant, generation)
    start = micros(settings.epoch - vendor.runs.history)
    rhythm = Rhythm.of(generation.key, start, micros(settings.epoch), settings.runs)
    return TenantRuns(Timeline(rhythm, generator), generator)


def replayed(vendor: Vendor, tenants: Sequence[Tenant], fixtures: Any) -> list[tuple[str, Any]]:
    """(tenant slug, run) of every fixture entry in the file's order, parsed and checked."""
    by_slug = {t.slug: t for t in tenants}
    found: list[tuple[str, Any]] = []
    for position, entry in enumerate((fixtures or {}).get("runs", [])):
        where = f"{vendor.name} fixtures, run {position}"
        if not isinstance(entry, Mapping) or entry.get("tenant") not in by_slug:
            raise FixtureError(f"{where}: needs `tenant`, one of {sorted(by_slug)}")
        record = {k: v for k, v in entry.items() if k != "tenant"}
        found.append(
            (entry["tenant"], parse_record(vendor, record, by_slug[entry["tenant"]], where))
        )
    return found


def parse_record(vendor: Vendor, record: Mapping[str, Any], tenant: Tenant, where: str) -> Any:
    problems = record_problems(vendor, record)
    if problems:
        raise FixtureError(f"{where}: " + "; ".join(problems))
    try:
        run = vendor.runs.from_record(record, tenant)
    except (KeyError, TypeError, ValueError) as error:
        raise FixtureError(f"{where}: {error}") from None
    return next(iter(checked(vendor, [run])))


def record_problems(vendor: Vendor, record: Any) -> list[str]:
    """Every way `record` breaks the vendor's record schema, as `path: message` lines."""
    validator = vendor.spec.schema_validator(vendor.runs.record_schema)
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(run)'}: {e.message}"
        for e in sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))
    ]


def checked(vendor: Vendor, runs: Sequence[Any]) -> Sequence[Any]:
    """The runs themselves, once each has been shown to satisfy the record schema."""
    is_valid = vendor.spec.quick_check(vendor.runs.record_schema)
    for run in runs:
        record = vendor.runs.to_record(run)
        problems = [] if is_valid(record) else record_problems(vendor, record)
        if problems:
            ident = vendor.runs.identity(run)
            raise FixtureError(f"{vendor.name} run {ident!r} breaks the spec: {problems}")
    return runs
