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
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from emulator.clock import Clock
from emulator.engine.rhythm import Rhythm
from emulator.engine.tenant import TenantRuns
from emulator.engine.timeline import Timeline
from emulator.flaws import Flaw, RecordRefused, dotted
from emulator.records import SHAPES, Shape, mixup, read
from emulator.settings import BUILTIN_FIXTURES, Settings
from emulator.store import DuplicateRun, Store, micros
from emulator.vendor import Generation, Tenant, Vendor


class FixtureError(ValueError):
    """A tenants or fixture file that cannot be served; the message names file, entry and field."""


class FixtureLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's where PyYAML has it), with timestamps kept as written:
    `created_at: 2026-10-01T00:00:00Z` unquoted is the same text as quoted, which the record
    check then reads as the instant it says (PyYAML would make a datetime of it, or a date of
    `2026-10-01`, which no record schema takes)."""


FixtureLoader.add_constructor("tag:yaml.org,2002:timestamp", FixtureLoader.construct_yaml_str)
log = logging.getLogger("emulator.fixtures")


def derive_seed(seed: int, *parts: str) -> bytes:
    return hashlib.sha256(":".join((str(seed), *parts)).encode()).digest()


def fixture_file(directory: Path, name: str, fallback: Path) -> Path:
    """`name` in the user's fixtures directory if it has one, else the built-in file."""
    return directory / name if (directory / name).exists() else fallback / name


def read_yaml(directory: Path, name: str, fallback: Path) -> Any:
    """The document of `fixture_file(...)`, or None where there is none."""
    path = fixture_file(directory, name, fallback)
    if not path.exists():
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=FixtureLoader)  # a safe loader
    except yaml.YAMLError as error:
        raise FixtureError(f"{path}: not valid YAML: {error}") from None


def build_store(
    vendor: Vendor, tenants: Sequence[Tenant], settings: Settings, fixtures: Any, clock: Clock
) -> Store:
    timelines = {t.slug: timeline_of(vendor, t, i, settings) for i, t in enumerate(tenants)}
    store = Store(timelines, vendor.runs.identity, vendor.runs.place, clock)
    path = fixture_file(settings.fixtures, f"{vendor.name}.yaml", BUILTIN_FIXTURES)
    # One by one, in the file's order: the store remembers that order for the state export.
    for position, (slug, run) in enumerate(replayed(vendor, tenants, settings, fixtures, path)):
        try:
            store.load(slug, [run], origin="fixture")
        except DuplicateRun as error:
            raise FixtureError(f"{path}: run {position}: {error}") from None
    return store


def timeline_of(vendor: Vendor, tenant: Tenant, index: int, settings: Settings) -> TenantRuns:
    seed = derive_seed(settings.seed, vendor.name, tenant.slug)
    generation = Generation(seed, settings.runs, settings.epoch, index)
    generator = vendor.runs.generator(tenant, generation)
    start = micros(settings.epoch - vendor.runs.history)
    rhythm = Rhythm.of(generation.key, start, micros(settings.epoch), settings.runs)
    return TenantRuns(Timeline(rhythm, generator), generator)


def replayed(
    vendor: Vendor, tenants: Sequence[Tenant], settings: Settings, fixtures: Any, path: Path
) -> list[tuple[str, Any]]:
    """(tenant slug, run) of every fixture entry in the file's order, read and checked; the
    first bad entry stops the start with the file, the entry and every bad field named."""
    by_slug = {t.slug: t for t in tenants}
    entries = fixtures.get("runs") if isinstance(fixtures, Mapping) else fixtures
    entries = [] if entries is None else entries
    if not isinstance(entries, list):
        raise FixtureError(f"{path}: needs `runs:`, a list of runs")
    found: list[tuple[str, Any]] = []
    for position, entry in enumerate(entries):
        where = f"{path}: run {position}"
        slug, shape, given = _parts(entry, by_slug, where)
        try:
            reading = read(vendor, given, by_slug[slug], settings, shape)
        except RecordRefused as refusal:
            hint = mixup(vendor, given) if shape == "record" else None
            flaws = [*refusal.flaws, *([hint] if hint else [])]
            raise FixtureError(f"{where}: " + "; ".join(_said(f) for f in flaws)) from None
        for inferred in reading.inferred:
            log.info("%s (served): inferred %s: %s", where, dotted(inferred.path), inferred.how)
        found.append((slug, reading.run))
    return found


def _parts(entry: Any, by_slug: Mapping[str, Tenant], where: str) -> tuple[str, Shape, Any]:
    """An entry's tenant, shape and the run itself (the entry without those two keys)."""
    if not isinstance(entry, Mapping):
        raise FixtureError(f"{where}: is not a mapping of fields")
    if entry.get("tenant") not in by_slug:
        raise FixtureError(f"{where}: tenant: needs one of {sorted(by_slug)}")
    shape = entry.get("shape", "record")
    if shape not in SHAPES:
        raise FixtureError(f"{where}: shape: needs one of {list(SHAPES)}, not {shape!r}")
    return entry["tenant"], shape, {k: v for k, v in entry.items() if k not in ("tenant", "shape")}


def _said(flaw: Flaw) -> str:
    return f"{dotted(flaw.path)}: {flaw.message}" if flaw.path else flaw.message
