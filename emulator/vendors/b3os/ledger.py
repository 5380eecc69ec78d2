"""Sums over one tenant's runs as of one instant, by windows of their starts: how many runs,
how many quarter CU, how many executions of each node type. Never a loop over the runs.

Generated runs are summed from the columns' running sums (the CU of positions [a, b) is
p[b] - p[a]; a window of starts is two binary searches) and from tables derived once per built
size (positions by workflow, executions by day and node type). Those hold what every run ends
with; the few rows that differ at this instant are corrected (emulator/vendors/b3os/changes.py).
Nothing that starts after the instant is counted, and a run's CU counts in the window of its
start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import numpy.typing as npt

from emulator.engine.tenant import TenantRuns
from emulator.engine.timeline import Timeline
from emulator.store import micros
from emulator.vendors.b3os.changes import Changes, changes_at, rows_of
from emulator.vendors.b3os.generator import B3osRuns
from emulator.vendors.b3os.plans import NODES, node_counts
from emulator.vendors.b3os.run import as_of

Ints = npt.NDArray[np.int64]
DAY_US = 86_400_000_000


@dataclass(frozen=True)
class Snapshot:
    runs: TenantRuns
    generator: B3osRuns
    now_us: int
    visible: int
    changes: Changes = field(repr=False)

    @property
    def timeline(self) -> Timeline:
        return self.runs.timeline

    def spans(self, edges: Ints) -> Ints:
        """The first generated position starting at or after each edge, among the visible
        and not cleared."""
        starts = self._column("start")[: self.visible]
        found = np.searchsorted(starts, edges, side="left")
        return np.clip(found, self.runs.cleared_below, self.visible).astype(np.int64)

    def windows(self, edges: Ints) -> tuple[Ints, Ints]:
        """Runs and quarter CU started in each window [edges[i], edges[i + 1])."""
        bounds = self.spans(edges)
        sums = self.timeline.prefix("cu") if self.timeline.size else np.zeros(1, np.int64)
        runs, quarters = np.diff(bounds), np.diff(sums[bounds])
        window, inside = self.changes.assign(edges)
        np.add.at(runs, window[inside], self.changes.runs[inside])
        np.add.at(quarters, window[inside], self.changes.quarters[inside])
        return runs, quarters

    def by_workflow(self, low_us: int, high_us: int) -> tuple[Ints, Ints]:
        """Runs and quarter CU of each workflow (by index) started in [low_us, high_us)."""
        edges = np.array([low_us, high_us], dtype=np.int64)
        low, high = self.spans(edges)
        order, bounds, sums = self.timeline.derived(("b3os", "by workflow"), self._by_workflow)
        runs = np.zeros(len(bounds) - 1, dtype=np.int64)
        quarters = np.zeros(len(bounds) - 1, dtype=np.int64)
        for index in range(len(runs)):
            first, last = int(bounds[index]), int(bounds[index + 1])
            a, b = np.searchsorted(order[first:last], (low, high)) + first
            runs[index], quarters[index] = b - a, sums[b] - sums[a]
        _, inside = self.changes.assign(edges)
        np.add.at(runs, self.changes.workflows[inside], self.changes.runs[inside])
        np.add.at(quarters, self.changes.workflows[inside], self.changes.quarters[inside])
        return runs, quarters

    def _by_workflow(self) -> tuple[Ints, Ints, Ints]:
        """Positions grouped by workflow (ascending within each), each group's bounds, and
        the running sums of CU in that order."""
        workflow = self._column("workflow")
        order = np.argsort(workflow, kind="stable").astype(np.int64)
        count = len(self.generator.organization.workflows)
        bounds = np.searchsorted(workflow[order], np.arange(count + 1)).astype(np.int64)
        cu = self._column("cu")[order]
        return order, bounds, np.concatenate(([0], np.cumsum(cu, dtype=np.int64)))

    def cells(self, days: range) -> Ints:
        """[day, node]: executions per node type of the runs started on each UTC day."""
        first_day, table, day_bounds = self.timeline.derived(("b3os", "days"), self._days)
        edges = np.array([d * DAY_US for d in (*days, days.stop)], dtype=np.int64)
        bounds = self.spans(edges)
        cells = np.zeros((len(days), len(NODES)), dtype=np.int64)
        for row, day in enumerate(days):
            low, high, index = int(bounds[row]), int(bounds[row + 1]), day - first_day
            if low == high:
                continue
            whole = 0 <= index < len(table) and (low, high) == tuple(day_bounds[index : index + 2])
            cells[row] = table[index] if whole else self._cells(np.arange(low, high), 1)[0]
        return cells + self.changes.cells(self.generator.table, edges)

    def _days(self) -> tuple[int, Ints, Ints]:
        """Executions per node type of each day's generated runs (all that are built), and
        the positions each day starts at."""
        starts = self._column("start")
        if not len(starts):
            return 0, np.zeros((0, len(NODES)), dtype=np.int64), np.zeros(1, dtype=np.int64)
        day = starts // DAY_US
        first, size = int(day[0]), int(day[-1] - day[0]) + 1
        table = self._cells(np.arange(len(starts)), size, day - first)
        bounds = np.searchsorted(starts, (first + np.arange(size + 1)) * DAY_US).astype(np.int64)
        return first, table, bounds

    def _cells(self, positions: Ints, size: int, groups: Ints | None = None) -> Ints:
        rows = rows_of(self.timeline, positions.astype(np.int64))
        trigger = self.generator.trigger_nodes(rows["workflow"], rows["by_hand"])
        grouped = np.zeros(len(positions), dtype=np.int64) if groups is None else groups
        return node_counts(self.generator.table, rows["workflow"], trigger, rows["executed"],
                           grouped, size)  # fmt: skip

    def _column(self, name: str) -> Ints:
        if not self.timeline.size:
            return np.zeros(0, dtype=np.int64)
        values: Ints = self.timeline.column(name)
        return values


def snapshot(runs: TenantRuns, now: datetime) -> Snapshot:
    """The tenant's runs as of `now`, ready to be summed."""
    generator, now_us, timeline = runs.generator, micros(now), runs.timeline
    assert isinstance(generator, B3osRuns)
    visible, low = timeline.visible(now_us), runs.cleared_below
    hidden = runs.hidden[(runs.hidden >= low) & (runs.hidden < visible)]
    going = timeline.in_progress(now_us, visible)
    going = going[(going >= low) & ~np.isin(going, hidden)]
    overlay = [(p.place[0], as_of(p.run, now)) for p in runs.added(now_us)]
    changes = changes_at(timeline, generator, hidden, going, now_us, overlay)
    return Snapshot(runs, generator, now_us, visible, changes)
