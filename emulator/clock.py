"""The one source of "now": virtual by default, the wall clock in live mode.

By default the clock starts frozen at the epoch (the end of the generated history), so a
suite that never touches it sees one instant, and so the same data, from its first request to
its last. In live mode (`--clock wall`) it is the wall clock. Either way the control plane may
freeze it, move it (`travel`: running from an instant; `advance`: by a duration) and release
it, which returns it to where it started: its `home` instant, frozen, or the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(slots=True)
class Clock:
    # Where `release` returns: frozen at this instant, or (None) the wall clock.
    home: datetime | None = None
    frozen_at: datetime | None = None
    offset: timedelta = timedelta(0)

    def __post_init__(self) -> None:
        if self.home is not None and self.frozen_at is None:
            self.frozen_at = self.home

    def now(self) -> datetime:
        if self.frozen_at is not None:
            return self.frozen_at
        return datetime.now(UTC) + self.offset

    def freeze(self, at: datetime) -> None:
        self.frozen_at = at if at.tzinfo else at.replace(tzinfo=UTC)

    def travel(self, to: datetime) -> None:
        """Run from `to` on, at the wall clock's pace."""
        self.frozen_at = None
        self.offset = (to if to.tzinfo else to.replace(tzinfo=UTC)) - datetime.now(UTC)

    def advance(self, by: timedelta) -> None:
        if self.frozen_at is not None:
            self.frozen_at += by
        else:
            self.offset += by

    def release(self) -> None:
        self.frozen_at = self.home
        self.offset = timedelta(0)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def is_live(self) -> bool:
        """Released to the wall clock (live mode, untouched)."""
        return self.home is None and self.frozen_at is None and not self.offset
