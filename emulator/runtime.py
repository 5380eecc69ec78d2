"""The running emulator's state: settings, the clock, and each vendor's tenants and store.

One object, rebuilt in place by a reset, so that every sub-application (path-mounted or on a
port of its own) sees the same data. The data a reset builds is kept pristine and handed out as
copies, so a reset with an unchanged dataset (the usual reset between two tests) costs a copy
of each store instead of a regeneration.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from emulator.clock import Clock
from emulator.fragments import FragmentCache
from emulator.generate import FixtureError, build_store, read_yaml
from emulator.recall import Recall
from emulator.settings import BUILTIN_FIXTURES, Settings
from emulator.store import Store
from emulator.vendor import Tenant, Vendor

# Settings fields the dataset depends on; a reset that changes none of them reuses the data.
DATASET_FIELDS = ("seed", "runs", "epoch", "fixtures", "vendors")


@dataclass(slots=True)
class VendorState:
    vendor: Vendor
    tenants: dict[str, Tenant]
    store: Store
    clock: Clock
    settings: Settings
    # Writable vendor state beside the runs (a changed threshold, say); cleared by a reset.
    memory: dict[str, Any] = field(default_factory=dict)
    # Encoded list items, so that a page is a join of bytes (emulator/fragments.py).
    fragments: FragmentCache = field(default_factory=FragmentCache)
    # Requests numbered since the last reset (Call.number): what a vendor derives per-request
    # values from (B3OS request ids), so a reset, a fork and a new process all start at 1.
    requests: int = 0
    # Changes to `memory` that a recalled read shows (Dograh's issued tokens): `edited()`.
    edits: int = 0
    # Answers of repeated reads (emulator/recall.py), sized by the settings.
    recall: Recall = field(init=False)

    def __post_init__(self) -> None:
        self.recall = Recall(self.settings.reply_cache)

    def edited(self) -> None:
        """`memory` changed in a way a read shows: what the recall holds is stale."""
        self.edits += 1

    def copy(self, clock: Clock, settings: Settings) -> VendorState:
        """The same runs in a store of its own, with empty memory and request count."""
        store = self.store.copy(clock)
        return VendorState(self.vendor, dict(self.tenants), store, clock, settings)

    def next_request(self) -> int:
        self.requests += 1
        return self.requests


@dataclass(frozen=True, slots=True)
class Dataset:
    """What a reset built, never served itself: each reset serves copies of it."""

    key: tuple[Any, ...]
    states: dict[str, VendorState]


@dataclass(slots=True)
class Runtime:
    settings: Settings
    vendors: tuple[Vendor, ...]
    clock: Clock = field(default_factory=Clock)
    started: float = field(default_factory=time.monotonic)
    states: dict[str, VendorState] = field(default_factory=dict)
    pristine: Dataset | None = None

    @classmethod
    def start(cls, settings: Settings, vendors: tuple[Vendor, ...]) -> Runtime:
        runtime = cls(settings, vendors)
        runtime.reset(settings)
        return runtime

    def reset(self, settings: Settings) -> None:
        """Back to the data of `settings`, with a released clock and empty vendor memory;
        all-or-nothing, so a bad fixture keeps the previous state."""
        key = dataset_key(settings)
        if self.pristine is None or self.pristine.key != key:
            tenants_file = read_yaml(settings.fixtures, "tenants.yaml", BUILTIN_FIXTURES) or {}
            built = {v.name: self._state(v, settings, tenants_file) for v in self.vendors}
            self.pristine = Dataset(key, built)
        self.settings = settings
        self.clock.home = None if settings.clock == "wall" else settings.epoch
        self.clock.release()
        self.states = {n: s.copy(self.clock, settings) for n, s in self.pristine.states.items()}

    def _state(self, vendor: Vendor, settings: Settings, tenants_file: Any) -> VendorState:
        try:
            tenants = vendor.tenancy(tenants_file.get(vendor.name))
        except (KeyError, TypeError, ValueError) as error:
            raise FixtureError(f"tenants.yaml, {vendor.name}: {error}") from None
        fixtures = read_yaml(settings.fixtures, f"{vendor.name}.yaml", BUILTIN_FIXTURES)
        store = build_store(vendor, tenants, settings, fixtures, self.clock)
        return VendorState(vendor, {t.slug: t for t in tenants}, store, self.clock, settings)

    def fork(self) -> Runtime:
        """A runtime with the same data and its own stores, clock and memory (tests, replicas)."""
        twin = Runtime(self.settings, self.vendors, pristine=self.pristine)
        twin.clock.home, twin.clock.frozen_at = self.clock.home, self.clock.frozen_at
        twin.clock.offset = self.clock.offset
        twin.states = {name: s.copy(twin.clock, s.settings) for name, s in self.states.items()}
        return twin

    def state(self, vendor: str) -> VendorState:
        return self.states[vendor]


def dataset_key(settings: Settings) -> tuple[Any, ...]:
    """The settings the data depends on, and the fixture files as they are now (an edited
    fixture file makes the next reset rebuild)."""
    files = [
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for folder in (settings.fixtures, BUILTIN_FIXTURES)
        if folder.is_dir()
        for path in sorted(folder.glob("*.yaml"))
    ]
    return (*(getattr(settings, name) for name in DATASET_FIELDS), tuple(files))
