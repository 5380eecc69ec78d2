"""The one source of "now": real time, or an instant the control plane froze or moved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(slots=True)
class Clock:
    frozen_at: datetime | None = None
    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        if self.frozen_at is not None:
            return self.frozen_at
        return datetime.now(UTC) + self.offset

    def freeze(self, at: datetime) -> None:
        self.frozen_at = at if at.tzinfo else at.replace(tzinfo=UTC)

    def advance(self, by: timedelta) -> None:
        if self.frozen_at is not None:
            self.frozen_at += by
        else:
            self.offset += by

    def release(self) -> None:
        self.frozen_at = None
        self.offset = timedelta(0)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None
