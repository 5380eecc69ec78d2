"""What a tenant's columns get wrong at one instant, as rows of corrections (they are few).

The columns hold what every generated run ends with. At an instant, a deleted (or replaced)
position takes its run away, a run still in progress counts what it has executed so far
instead of everything, and each overlay run (fixture, injected) adds itself as served then.
Each correction is a row: its start, its workflow, the runs and quarter CU it adds, and the
executions per node type it adds, counted only when a daily breakdown asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from emulator.engine.timeline import Timeline
from emulator.vendors.b3os.generator import B3osRuns
from emulator.vendors.b3os.plans import NODE_INDEX, NODES, PlanTable, node_counts, quarters
from emulator.vendors.b3os.run import B3osRun

Ints = npt.NDArray[np.int64]
_ROW_COLUMNS = ("start", "workflow", "by_hand", "executed", "cu")


@dataclass(frozen=True)
class Executions:
    """Generated runs' first `done` executions, added (sign 1) or taken away (-1) by rows."""

    rows: Ints
    workflow: Ints
    trigger: Ints
    done: Ints
    sign: int


@dataclass(frozen=True)
class Changes:
    starts: Ints
    workflows: Ints
    runs: Ints
    quarters: Ints
    executions: tuple[Executions, ...]
    charged: tuple[Ints, Ints]  # overlay rows, and their executions per node type

    def assign(self, edges: Ints) -> tuple[Ints, npt.NDArray[np.bool_]]:
        """Each row's window among consecutive `edges`, and whether it falls in one."""
        window = np.searchsorted(edges, self.starts, side="right") - 1
        return window, (window >= 0) & (window < len(edges) - 1)

    def cells(self, table: PlanTable, edges: Ints) -> Ints:
        """[window, node]: the executions the rows add to each window."""
        window, inside = self.assign(edges)
        size = len(edges) - 1
        cells = np.zeros((size, len(NODES)), dtype=np.int64)
        for term in self.executions:
            chosen = inside[term.rows]
            groups = window[term.rows][chosen]
            counted = node_counts(table, term.workflow[chosen], term.trigger[chosen],
                                  term.done[chosen], groups, size)  # fmt: skip
            cells += term.sign * counted
        rows, charged = self.charged
        chosen = inside[rows]
        np.add.at(cells, window[rows][chosen], charged[chosen])
        return cells


def rows_of(timeline: Timeline, positions: Ints) -> dict[str, Ints]:
    """Some positions' values of the columns the sums read (none before any is built)."""
    if not timeline.size:
        return {name: np.zeros(0, dtype=np.int64) for name in _ROW_COLUMNS}
    return {name: timeline.column(name)[positions].astype(np.int64) for name in _ROW_COLUMNS}


def changes_at(
    timeline: Timeline, generator: B3osRuns, hidden: Ints, going: Ints, now_us: int,
    overlay: list[tuple[int, B3osRun]],
) -> Changes:  # fmt: skip
    """The corrections at `now_us`: `hidden` positions deleted, `going` ones in progress, and
    the overlay's (start, run as of now)."""
    parts = (_deleted(timeline, generator, hidden), _going(timeline, generator, going, now_us),
             _overlay(generator, overlay))  # fmt: skip
    return _joined(parts)


def _deleted(timeline: Timeline, generator: B3osRuns, positions: Ints) -> Changes:
    rows = rows_of(timeline, positions)
    trigger = generator.trigger_nodes(rows["workflow"], rows["by_hand"])
    each = np.arange(len(positions), dtype=np.int64)
    taken = Executions(each, rows["workflow"], trigger, rows["executed"], -1)
    return Changes(rows["start"], rows["workflow"], -np.ones_like(each), -rows["cu"], (taken,),
                   _nothing_charged())  # fmt: skip


def _going(timeline: Timeline, generator: B3osRuns, positions: Ints, now_us: int) -> Changes:
    """Runs in progress: their executions so far instead of all of them."""
    rows = rows_of(timeline, positions)
    done, _ = generator.done_at(positions, rows, now_us)
    workflow, trigger = rows["workflow"], generator.trigger_nodes(rows["workflow"], rows["by_hand"])
    spent = quarters(generator.table, workflow, trigger, done)
    each = np.arange(len(positions), dtype=np.int64)
    executions = (Executions(each, workflow, trigger, rows["executed"], -1),
                  Executions(each, workflow, trigger, done, 1))  # fmt: skip
    return Changes(rows["start"], workflow, np.zeros_like(each), spent - rows["cu"], executions,
                   _nothing_charged())  # fmt: skip


def _overlay(generator: B3osRuns, overlay: list[tuple[int, B3osRun]]) -> Changes:
    index = {w.id: i for i, w in enumerate(generator.organization.workflows)}
    cells = np.zeros((len(overlay), len(NODES)), dtype=np.int64)
    for row, (_, run) in enumerate(overlay):
        for c in run.charges:
            cells[row, NODE_INDEX[(c.kind, c.node_type)]] += c.count
    return Changes(
        np.array([start for start, _ in overlay], dtype=np.int64),
        np.array([index[run.workflow_id] for _, run in overlay], dtype=np.int64),
        np.ones(len(overlay), dtype=np.int64),
        np.array([round(run.total_cu * 4) for _, run in overlay], dtype=np.int64),
        (),
        (np.arange(len(overlay), dtype=np.int64), cells),
    )


def _nothing_charged() -> tuple[Ints, Ints]:
    return np.zeros(0, dtype=np.int64), np.zeros((0, len(NODES)), dtype=np.int64)


def _joined(parts: tuple[Changes, ...]) -> Changes:
    """The parts' rows one after another (row numbers shifted to match)."""
    offsets = np.cumsum([0, *(len(p.starts) for p in parts)])
    executions = tuple(
        Executions(e.rows + offset, e.workflow, e.trigger, e.done, e.sign)
        for part, offset in zip(parts, offsets, strict=False) for e in part.executions
    )  # fmt: skip
    charged = (np.concatenate([p.charged[0] + o for p, o in zip(parts, offsets, strict=False)]),
               np.concatenate([p.charged[1] for p in parts]))  # fmt: skip

    def joined(name: str) -> Ints:
        return np.concatenate([getattr(p, name) for p in parts])

    return Changes(joined("starts"), joined("workflows"), joined("runs"), joined("quarters"),
                   executions, charged)  # fmt: skip
