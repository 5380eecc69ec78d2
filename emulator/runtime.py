"""The running emulator's state: settings, the clock, and each vendor's tenants and store.

One object, rebuilt in place by a reset, so that every sub-application (path-mounted or on a
port of its own) sees the same data.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from emulator.clock import Clock
from emulator.fragments import FragmentCache
from emulator.generate import FixtureError, build_store, read_yaml
from emulator.settings import BUILTIN_FIXTURES, Settings
from emulator.store import Store
from emulator.vendor import Tenant, Vendor


@dataclass(slots=True)
class VendorState:
    vendor: Vendor
    tenants: dict[str, Tenant]
    store: Store[Any]
    clock: Clock
    settings: Settings
    # Writable vendor state beside the runs (a changed threshold, say); cleared by a reset.
    memory: dict[str, Any] = field(default_factory=dict)
    # Encoded list items, so that a page is a join of bytes (emulator/fragments.py).
    fragments: FragmentCache = field(default_factory=FragmentCache)


@dataclass(slots=True)
class Runtime:
    settings: Settings
    vendors: tuple[Vendor, ...]
    clock: Clock = field(default_factory=Clock)
    started: float = field(default_factory=time.monotonic)
    states: dict[str, VendorState] = field(default_factory=dict)

    @classmethod
    def start(cls, settings: Settings, vendors: tuple[Vendor, ...]) -> Runtime:
        runtime = cls(settings, vendors)
        runtime.reset(settings)
        return runtime

    def reset(self, settings: Settings) -> None:
        """Rebuild every vendor's data from the seed; all-or-nothing, so a bad fixture keeps
        the previous state."""
        tenants_file = read_yaml(settings.fixtures, "tenants.yaml", BUILTIN_FIXTURES) or {}
        fresh = {v.name: self._state(v, settings, tenants_file) for v in self.vendors}
        self.settings = settings
        self.states = fresh
        self.clock.release()

    def _state(self, vendor: Vendor, settings: Settings, tenants_file: Any) -> VendorState:
        try:
            tenants = vendor.tenancy(tenants_file.get(vendor.name))
        except (KeyError, TypeError, ValueError) as error:
            raise FixtureError(f"tenants.yaml, {vendor.name}: {error}") from None
        fixtures = read_yaml(settings.fixtures, f"{vendor.name}.yaml", BUILTIN_FIXTURES)
        store = build_store(vendor, tenants, settings, fixtures)
        return VendorState(vendor, {t.slug: t for t in tenants}, store, self.clock, settings)

    def fork(self) -> Runtime:
        """A runtime with the same data and its own stores, clock and memory (tests, replicas)."""
        twin = Runtime(self.settings, self.vendors)
        twin.states = {
            name: VendorState(s.vendor, dict(s.tenants), s.store.copy(), twin.clock, s.settings)
            for name, s in self.states.items()
        }
        return twin

    def state(self, vendor: str) -> VendorState:
        return self.states[vendor]
