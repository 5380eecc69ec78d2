"""`GET /v1/runs?status=`: the organisation's runs as of now, of one status if asked, newest
first, answered from the timeline's columns and indexes.

A generated run's final status is its `outcome` column; a run still in progress at now is
served `running`, or `waiting` while paused at its wait node, whatever it will end as. So a
final status is the outcome's index less the runs in progress (the last few, found by their
end column), and `running`/`waiting` are the runs in progress split by how far each has got
(B3osRuns.done_at, vectorised over those few). Overlay runs (fixtures, injected, changed,
retries) are matched on their view as of now. The page is one merge of both sides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np

from emulator.engine.page import merge_page
from emulator.engine.positions import Positions
from emulator.engine.tenant import Placed, TenantRuns
from emulator.store import micros
from emulator.vendors.b3os.changes import rows_of
from emulator.vendors.b3os.generator import OUTCOMES, B3osRuns
from emulator.vendors.b3os.run import B3osRun, as_of


@dataclass(frozen=True, slots=True)
class Found:
    """The matching runs as of `now`: generated positions and overlay entries (oldest first)."""

    runs: TenantRuns
    now: datetime
    generated: Positions
    placed: list[Placed]

    def __len__(self) -> int:
        return len(self.generated) + len(self.placed)


def select(runs: TenantRuns, now: datetime, status: str | None) -> Found:
    now_us = micros(now)
    generated = runs.generated(now_us)
    placed = runs.added(now_us)
    if status is None:
        return Found(runs, now, generated, placed)
    matching = [p for p in placed if as_of(p.run, now).status == status]
    if len(generated):
        generated = generated.intersect(_of_status(runs, status, now_us))
    return Found(runs, now, generated, matching)


def _of_status(runs: TenantRuns, status: str, now_us: int) -> Positions:
    timeline = runs.timeline
    going = timeline.in_progress(now_us, timeline.visible(now_us))
    if status in OUTCOMES:
        ended = timeline.index("outcome").positions(OUTCOMES.index(status))
        return ended.without(going) if len(going) else ended
    generator = runs.generator
    assert isinstance(generator, B3osRuns)
    _, is_waiting = generator.done_at(going, rows_of(timeline, going), now_us)
    chosen: np.ndarray = going[is_waiting == (status == "waiting")]
    return Positions.of(chosen.astype(np.int64))


def page(found: Found, offset: int, limit: int) -> list[B3osRun]:
    """Matches offset .. offset + limit, newest first (stored runs: serve them as of now)."""
    runs = found.runs
    sides = runs.newest_sides(micros(found.now), found.generated, found.placed)
    return [runs.resolve(entry) for entry in merge_page(*sides, offset, limit)]
