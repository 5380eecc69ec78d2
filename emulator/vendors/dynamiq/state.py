"""Generated runs at an instant, from their columns and vectorised: what a status filter
matches and a sort compares for runs that may still be queued, working or waiting for a human.

It is the column twin of `model.as_of` (tests/vendors/test_dynamiq_living.py holds them
equal): a run is `created` until its start, `started` while it works, `awaiting_input` (stored
`paused` or `started`) while its input request is pending, and its final status from its end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from emulator.engine.timeline import Timeline
from emulator.vendors.dynamiq.model import AWAITING, REPORTED, STORED

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]
SECOND_US = 1_000_000
CODES = {name: code for code, name in enumerate(REPORTED)}
CREATED, STARTED, PAUSED, AWAITING_CODE = (CODES[n] for n in ("created", "started", "paused",
                                                               AWAITING))  # fmt: skip
# Postgres compares the status column as text: its stored names in text order.
TEXT_RANK = np.array([sorted(STORED).index(name) for name in STORED], dtype=np.int64)
# An instant after every end: the final state.
LAST = 2**62


@dataclass(frozen=True, slots=True)
class Seen:
    """Per position: the seconds of creation, start and end (valid where not `is_queued` /
    `is_going`), the stored and the reported status codes."""

    positions: Ints
    created: Ints
    started: Ints
    ended: Ints
    is_queued: Flags
    is_going: Flags
    stored: Ints
    reported: Ints

    def matching(self, wanted: frozenset[int], is_awaiting_underlying: bool) -> Flags:
        """Whose reported status is wanted (or, switched, whose stored one is, while waiting)."""
        codes = np.fromiter(wanted, dtype=np.int64, count=len(wanted))
        found: Flags = np.isin(self.reported, codes)
        if is_awaiting_underlying:
            found |= (self.reported == AWAITING_CODE) & np.isin(self.stored, codes)
        return found

    def value(self, field: str) -> tuple[Ints, Flags]:
        """A sort field's values and where they are NULL."""
        never = np.zeros(len(self.positions), dtype=bool)
        if field == "started_at":
            return self.started, self.is_queued
        if field == "ended_at":
            return self.ended, self.is_going
        if field == "created_at":
            return self.created, never
        return TEXT_RANK[self.stored], never


def seen(timeline: Timeline, positions: Ints, now_us: int) -> Seen:
    column = timeline.column
    created = column("start")[positions] // SECOND_US
    started = created + column("queue")[positions]
    end = column("end")[positions]
    final = column("status")[positions].astype(np.int64)
    if now_us >= LAST:  # every run is over: what the precomputed orders read
        over = np.zeros(len(positions), dtype=bool)
        return Seen(positions, created, started, end // SECOND_US, over, over, final, final)
    is_going = now_us < end
    is_queued = now_us < started * SECOND_US
    asked = column("asked")[positions].astype(np.int64)
    asked_us = (started + asked) * SECOND_US
    answered_us = asked_us + column("wait")[positions].astype(np.int64) * SECOND_US
    is_waiting = (
        is_going & ~is_queued & (asked >= 0) & (asked_us <= now_us) & (now_us < answered_us)
    )
    paused = np.where(column("pauses")[positions] == 1, PAUSED, STARTED)
    stored = np.where(is_going, np.where(is_queued, CREATED, np.where(is_waiting, paused,
                                                                      STARTED)), final)  # fmt: skip
    reported = np.where(is_waiting, AWAITING_CODE, stored)
    return Seen(positions, created, started, end // SECOND_US, is_queued, is_going,
                stored.astype(np.int64), reported.astype(np.int64))  # fmt: skip
