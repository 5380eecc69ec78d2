"""The control plane's own state beside the runtime: the journal and the faults.

One per runtime, shared by every application that serves it (the shared port, each vendor's
own port), so a fault or a journal query covers every way a client reaches a vendor.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from emulator.control.faults.book import FaultBook
from emulator.control.journal.book import Journal
from emulator.runtime import Runtime
from emulator.settings import Settings


@dataclass(slots=True)
class ControlPlane:
    runtime: Runtime
    # What a reset without arguments returns to: the emulator as it was started.
    initial: Settings
    journal: Journal
    faults: FaultBook = field(default_factory=FaultBook)

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
