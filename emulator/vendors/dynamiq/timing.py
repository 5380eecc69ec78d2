"""When each generated run starts, waits for a human and ends, in whole seconds, vectorised.

A run is created at its timeline start; it starts after a queue delay (background runs wait in
`created` for seconds to a minute and a half), is active for its duration, and ends. A run that
asks a human (an approval of a refund, feedback on an answer) asks partway through and waits,
paused or still started, until the answer comes minutes to two days later, then works on to
its end. Durations come from piecewise-linear quantile tables (np.interp), not lognormals, so
a seed names the same seconds on every machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import Draw, mix, unit

Ints = npt.NDArray[np.int64]
SECOND_US = 1_000_000
BACKGROUND = 0.1
# Seconds a background run waits in the queue, and how long runs work, at these quantiles.
QUEUE = ((0.0, 0.5, 0.9, 1.0), (3.0, 12.0, 45.0, 90.0))
ACTIVE = (
    (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.0),
    (2.0, 4.0, 8.0, 13.0, 20.0, 40.0, 120.0, 300.0),
)
# How long a human takes to answer: a few minutes usually, up to two days.
WAIT = ((0.0, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0),
         (20.0, 180.0, 900.0, 3600.0, 14400.0, 86400.0, 172800.0))  # fmt: skip
# Runs of a human-facing kind that ask for input, and the share of waits that pause the run.
ASKING = {"returns": 0.1, "research": 0.08, "support": 0.04, "catalog": 0.04, "order_status": 0.0}
PAUSING = 0.7
MAX_DURATION = timedelta(seconds=QUEUE[1][-1] + ACTIVE[1][-1] + WAIT[1][-1] + 2)
_SALTS = {name: n for n, name in enumerate(
    ("background", "queue", "active", "asks", "asked", "wait", "pauses"), start=300)}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Timings:
    """Per position: seconds queued, active, and the input request (-1: none) asked that
    many seconds after the start and answered `wait` seconds later."""

    queue: Ints
    active: Ints
    asked: Ints
    wait: Ints
    pauses: npt.NDArray[np.bool_]

    @property
    def length(self) -> Ints:
        """Seconds from the start to the end."""
        result: Ints = self.active + np.where(self.asked >= 0, self.wait, 0)
        return result


def timings(key: int, positions: Ints, asking: npt.NDArray[np.float64]) -> Timings:
    """`asking`: per position, the chance that its run asks a human (by the app's kind)."""
    draw = {name: unit(mix(key, positions, salt)) for name, salt in _SALTS.items()}
    queued = np.rint(np.interp(draw["queue"], *QUEUE)).astype(np.int64)
    quick = np.select([draw["queue"] < 0.6, draw["queue"] < 0.85], [0, 1], 2)
    queue = np.where(draw["background"] < BACKGROUND, queued, quick).astype(np.int64)
    active = np.rint(np.interp(draw["active"], *ACTIVE)).astype(np.int64)
    asks = draw["asks"] < asking
    # Asked after at least a second of work, with a second or more left after the answer.
    asked = np.clip(np.rint(active * (0.3 + 0.4 * draw["asked"])), 1, active - 1)
    wait = np.rint(np.interp(draw["wait"], *WAIT)).astype(np.int64)
    return Timings(queue, active, np.where(asks, asked, -1).astype(np.int64), wait,
                   draw["pauses"] < PAUSING)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Timing:
    """One run's seconds (the scalar twin of `Timings`, for a run a client starts): queued,
    active, and its input request's (asked: -1 for none)."""

    queue: int
    active: int
    asked: int
    wait: int
    pauses: bool

    @property
    def length(self) -> int:
        return self.active + (self.wait if self.asked >= 0 else 0)


def one(draw: Draw, asking: float) -> Timing:
    """A background run's timing: always queued as background runs are (`asking`: the chance
    that it asks a human, by the app's kind)."""
    queue = round(float(np.interp(draw.unit(), *QUEUE)))
    active = round(float(np.interp(draw.unit(), *ACTIVE)))
    asks, share = draw.chance(asking), draw.unit()
    asked = min(max(round(active * (0.3 + 0.4 * share)), 1), active - 1) if asks else -1
    wait = round(float(np.interp(draw.unit(), *WAIT)))
    return Timing(queue, active, asked, wait, draw.chance(PAUSING))
