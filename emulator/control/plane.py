"""The control plane's own state beside the runtime: journal, faults, injected runs.

One per runtime, shared by every application that serves it (the shared port, each vendor's
own port), so a fault or a journal query covers every way a client reaches a vendor.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from emulator.control.fault import FaultBook
from emulator.control.journal import Journal
from emulator.runtime import Runtime
from emulator.settings import Settings


@dataclass(slots=True)
class ControlPlane:
    runtime: Runtime
    # What a reset without arguments returns to: the emulator as it was started.
    initial: Settings
    journal: Journal
    faults: FaultBook = field(default_factory=FaultBook)
    # Per vendor, the identities of injected runs in injection order (a dict as ordered set).
    injected: dict[str, dict[Hashable, None]] = field(default_factory=dict)
    # Per vendor, how many ids `RunModel.mint_id` was asked for since the last reset.
    minted: dict[str, int] = field(default_factory=dict)

    @classmethod
    def attach(cls, runtime: Runtime) -> ControlPlane:
        return cls(runtime, runtime.settings, Journal(runtime.settings.journal_size))

    def reset(self, seed: int | None = None, runs: int | None = None) -> None:
        """The start-up data (or a new seed / size), a released clock, no faults, an empty
        journal; nothing changes if the new data cannot be built."""
        settings = self.initial.with_overrides({"seed": seed, "runs": runs})
        self.runtime.reset(settings)
        self.journal.clear()
        self.faults.clear()
        self.injected.clear()
        self.minted.clear()

    def injected_ids(self, vendor: str) -> dict[Hashable, None]:
        return self.injected.setdefault(vendor, {})
