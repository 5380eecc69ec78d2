"""When a tenant's runs start: a jittered grid in time warped by a weekly rhythm.

Each hour of the week has a weight (busy weekday afternoons, quiet nights and weekends). The
cumulative weight is a clock that runs fast when the tenant is busy; run i starts when that
clock reads `(i + u_i) / rate`, u_i a draw in [0, 1). So exactly `count` runs start in the
history before the epoch, later positions continue at the same rate after it, starts strictly
increase with the position, and a start is computed from the position alone (vectorised, with
floor, search and IEEE arithmetic only: the same microseconds on every machine).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import below1, mix, mix1, unit

HOUR_US = 3_600_000_000
WEEK_HOURS = 168
# Monday 1970-01-05 00:00 UTC: hours are counted from a Monday, so hour 0 of a week is Monday.
MONDAY_US = 4 * 24 * HOUR_US
# Relative activity per hour of the day on a weekday, and how much quieter a weekend day is.
_DAY = (0.25, 0.2, 0.18, 0.18, 0.22, 0.3, 0.5, 0.8, 1.1, 1.4, 1.6, 1.65,
        1.55, 1.6, 1.65, 1.6, 1.45, 1.2, 0.95, 0.8, 0.65, 0.5, 0.4, 0.3)  # fmt: skip
_WEEKEND = 0.45
# A tenant's working day is shifted by its zone: UTC-8 .. UTC+2, drawn from its key.
_ZONES = tuple(range(-8, 3))
Micros = npt.NDArray[np.int64]


def weekly_weights(key: int) -> npt.NDArray[np.float64]:
    zone = _ZONES[below1(mix1(key, 0, 0x2A), len(_ZONES))]
    local = np.array([_DAY[h % 24] * (_WEEKEND if h // 24 >= 5 else 1.0)
                      for h in range(WEEK_HOURS)])  # fmt: skip
    # The weight of UTC hour h is the local hour h + zone.
    shifted: npt.NDArray[np.float64] = np.roll(local, -zone)
    return shifted


@dataclass(frozen=True)
class Rhythm:
    key: int
    start_us: int  # the generated history begins here
    epoch_us: int  # ... and `count` runs start before this instant
    count: int
    weights: npt.NDArray[np.float64] = field(repr=False)
    _totals: npt.NDArray[np.float64] = field(init=False, repr=False)
    _origin: float = field(init=False, repr=False)
    _rate: float = field(init=False, repr=False)

    @classmethod
    def of(cls, key: int, start_us: int, epoch_us: int, count: int) -> Rhythm:
        return cls(key, start_us, epoch_us, count, weekly_weights(key))

    def __post_init__(self) -> None:
        object.__setattr__(self, "_totals", np.concatenate(([0.0], np.cumsum(self.weights))))
        origin, epoch = self._clock(np.array([self.start_us, self.epoch_us]))
        object.__setattr__(self, "_origin", float(origin))
        # Positions per weight-hour.
        span = float(epoch) - float(origin)
        object.__setattr__(self, "_rate", self.count / span if self.count and span > 0 else 0.0)

    def _clock(self, instants: Micros) -> npt.NDArray[np.float64]:
        """Weight-hours from the Monday origin to each instant."""
        hours = (instants - MONDAY_US).astype(np.float64) / HOUR_US
        weeks = np.floor(hours / WEEK_HOURS)
        within = hours - weeks * WEEK_HOURS
        hour = np.minimum(np.floor(within).astype(np.int64), WEEK_HOURS - 1)
        result: npt.NDArray[np.float64] = (
            weeks * self._totals[-1] + self._totals[hour] + self.weights[hour] * (within - hour)
        )
        return result

    def _instants(self, clocks: npt.NDArray[np.float64]) -> Micros:
        """The inverse of `_clock`."""
        weeks = np.floor(clocks / self._totals[-1])
        within = clocks - weeks * self._totals[-1]
        hour = np.clip(np.searchsorted(self._totals, within, side="right") - 1, 0, WEEK_HOURS - 1)
        hours = weeks * WEEK_HOURS + hour + (within - self._totals[hour]) / self.weights[hour]
        result: Micros = MONDAY_US + np.floor(hours * HOUR_US).astype(np.int64)
        return result

    def starts(self, first: int, stop: int) -> Micros:
        """Start instants (µs) of positions [first, stop)."""
        if self._rate == 0.0 or stop <= first:
            return np.zeros(0, dtype=np.int64)
        positions = np.arange(first, stop, dtype=np.int64)
        # Jitter below 0.99: consecutive runs are at least 1% of a mean gap apart, far above a
        # microsecond at any plausible rate, so starts strictly increase without a running
        # correction and each one is a function of its position alone.
        jitter = unit(mix(self.key, positions, 0x51)) * 0.99
        return self._instants(self._origin + (positions.astype(np.float64) + jitter) / self._rate)

    def start_of(self, position: int) -> int:
        return int(self.starts(position, position + 1)[0])

    def count_until(self, instant_us: int) -> int:
        """How many positions start at or before `instant_us` (exact: a few starts computed
        around the estimate, no columns needed)."""
        low, high = max(0, self._estimate(instant_us) - 3), self._estimate(instant_us) + 2
        starts = self.starts(low, high)
        return low + int(np.searchsorted(starts, instant_us, side="right"))

    def _estimate(self, instant_us: int) -> int:
        if self._rate == 0.0:
            return 0
        clock = self._clock(np.array([instant_us]))[0] - self._origin
        return max(0, int(np.floor(clock * self._rate)))
