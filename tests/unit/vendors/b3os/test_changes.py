"""Correction rows: which window each falls in, and the executions they add."""

from __future__ import annotations

import numpy as np

from emulator.vendors.b3os.changes import Changes, Executions
from emulator.vendors.b3os.plans import NODE_INDEX, NODES, Plan, PlanTable

PLAN = Plan(("http-request", "send-email"), loop=None, wait=None)
WEBHOOK = NODE_INDEX[("trigger", "webhook")]


def changes(starts: list[int]) -> Changes:
    rows = np.arange(len(starts), dtype=np.int64)
    each = np.zeros(len(starts), dtype=np.int64)
    charged = np.zeros((1, len(NODES)), dtype=np.int64)
    charged[0, NODE_INDEX[("action", "if")]] = 3
    return Changes(
        starts=np.array(starts, dtype=np.int64), workflows=each, runs=each + 1,
        quarters=each + 2,
        executions=(Executions(rows[:-1], each[:-1], each[:-1] + WEBHOOK, each[:-1] + 2, 1),
                    Executions(rows[:1], each[:1], each[:1] + WEBHOOK, each[:1] + 1, -1)),
        charged=(rows[-1:], charged),
    )  # fmt: skip


def test_a_row_falls_in_the_window_of_its_start_half_open() -> None:
    window, inside = changes([5, 10, 19, 20, -1]).assign(np.array([10, 20, 30]))
    assert window.tolist()[:4] == [-1, 0, 0, 1] and inside.tolist() == [False, True, True,
                                                                        True, False]  # fmt: skip


def test_rows_add_and_take_away_executions_per_window() -> None:
    cells = changes([10, 25, 11]).cells(PlanTable.of([PLAN]), np.array([10, 20, 30]))
    http, email, if_ = (NODE_INDEX[("action", n)] for n in ("http-request", "send-email", "if"))
    # Row 0: 2 executions minus its first; row 1 (the second window): 2; row 2: three `if`s.
    assert cells[0, WEBHOOK] == 0 and (cells[0, http], cells[0, email], cells[0, if_]) == (0, 1, 3)
    assert (cells[1, WEBHOOK], cells[1, http], cells[1, email]) == (1, 1, 1)
