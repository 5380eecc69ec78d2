"""A small generator for engine tests: runs of a given length with a colour, made as dicts."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import below, mix
from emulator.engine.rhythm import HOUR_US, Rhythm
from emulator.engine.tenant import TenantRuns
from emulator.engine.timeline import Column, Timeline
from emulator.store import micros

EPOCH = micros(datetime(2026, 11, 1, tzinfo=UTC))
MINUTE_US = 60_000_000


@dataclass
class Colours:
    # Ids are base + position: each tenant its own block, as the vendors' ids are.
    base: int = 1000
    max_duration_us: int = 30 * MINUTE_US
    made: int = 0

    def columns(
        self, positions: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]
    ) -> Mapping[str, Column]:
        minutes = 1 + below(mix(3, positions, 1), 30)
        return {"end": starts + minutes * MINUTE_US, "colour": below(mix(3, positions, 2), 3)}

    def make(self, position: int, row: Mapping[str, Any]) -> dict[str, Any]:
        self.made += 1
        return {"id": self.base + position, "start": row["start"], "colour": row["colour"]}

    def tiebreak(self, position: int) -> int:
        return self.base + position

    def position_of(self, ident: Hashable) -> int | None:
        if not isinstance(ident, int) or not self.base <= ident < self.base + 10**8:
            return None
        return ident - self.base


def tenant(count: int = 200, base: int = 1000) -> TenantRuns:
    generator = Colours(base)
    rhythm = Rhythm.of(7, EPOCH - 20 * 24 * HOUR_US, EPOCH, count)
    return TenantRuns(Timeline(rhythm, generator), generator)
