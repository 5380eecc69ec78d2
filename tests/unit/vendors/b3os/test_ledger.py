"""Sums as of an instant, from columns and corrections, against the plain sums of the runs as
served then (generated, deleted, cleared, in progress, overlay)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest

from emulator.engine.rhythm import Rhythm
from emulator.engine.tenant import Placed, TenantRuns
from emulator.engine.timeline import Timeline
from emulator.store import RunList, micros
from emulator.vendor import Generation
from emulator.vendors.b3os.generator import HISTORY, runs_of
from emulator.vendors.b3os.ledger import DAY_US, snapshot
from emulator.vendors.b3os.model import evenly, place
from emulator.vendors.b3os.plans import NODE_INDEX, NODES
from emulator.vendors.b3os.run import B3osRun, as_of, charge, new_run
from tests.unit.vendors.b3os.test_generator import acme

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
INSTANTS = [EPOCH, EPOCH + timedelta(minutes=3), EPOCH + timedelta(days=2, hours=7),
            EPOCH - timedelta(days=30), EPOCH - HISTORY - timedelta(days=1)]  # fmt: skip


def overlay_run(n: int, at: datetime, seconds: float) -> B3osRun:
    charges = (charge("trigger", "schedule", 1), charge("action", "http-request", 4))
    finished = at + timedelta(seconds=seconds)
    span = micros(finished) - micros(at)
    return new_run(f"run_{n:020d}", "wf_1", "success", "schedule", at, finished, charges,
                   evenly(charges, span))  # fmt: skip


@pytest.fixture(scope="module")
def runs() -> TenantRuns:
    generation = Generation(b"ledger", 4000, EPOCH, 0)
    generator: Any = runs_of(acme(), generation)
    rhythm = Rhythm.of(generation.key, micros(EPOCH - HISTORY), micros(EPOCH), 4000)
    found = TenantRuns(Timeline(rhythm, generator), generator)
    for run in (overlay_run(1, EPOCH - timedelta(seconds=20), 60),
                overlay_run(2, EPOCH - timedelta(days=10), 5),
                overlay_run(3, EPOCH + timedelta(hours=1), 100)):  # fmt: skip
        found.add(Placed(place(run), run.id, run, "injected"))
    for position in (5, 17, 3998, 4001):  # deleted, among them one in progress at the epoch
        found.hide(position)
    found.cleared_below = 3  # and everything below
    return found


def served(runs: TenantRuns, now: datetime) -> list[B3osRun]:
    return [as_of(r, now) for r in RunList(runs, micros(now))]


@pytest.mark.parametrize("now", INSTANTS)
def test_windows_are_the_sums_of_the_runs_started_in_them(runs: TenantRuns, now: datetime) -> None:
    snap, shown = snapshot(runs, now), served(runs, now)
    edges = np.array([micros(EPOCH) + d * DAY_US for d in range(-80, 4)], dtype=np.int64)
    counts, quarters = snap.windows(edges)
    for index in range(len(edges) - 1):
        inside = [r for r in shown if edges[index] <= micros(r.started_at) < edges[index + 1]]
        assert counts[index] == len(inside)
        assert quarters[index] == sum(round(r.total_cu * 4) for r in inside)


@pytest.mark.parametrize("now", INSTANTS)
def test_workflows_are_the_sums_of_their_runs(runs: TenantRuns, now: datetime) -> None:
    snap, shown = snapshot(runs, now), served(runs, now)
    low, high = micros(EPOCH - timedelta(days=40)), micros(EPOCH + timedelta(hours=2))
    counts, quarters = snap.by_workflow(low, high)
    index = {w.id: i for i, w in enumerate(acme().workflows)}
    expected_counts, expected_quarters = Counter[int](), Counter[int]()
    for run in shown:
        if low <= micros(run.started_at) < high:
            expected_counts[index[run.workflow_id]] += 1
            expected_quarters[index[run.workflow_id]] += round(run.total_cu * 4)
    assert counts.tolist() == [expected_counts[i] for i in range(len(index))]
    assert quarters.tolist() == [expected_quarters[i] for i in range(len(index))]


@pytest.mark.parametrize("now", INSTANTS)
def test_days_count_every_execution_of_every_node_type(runs: TenantRuns, now: datetime) -> None:
    snap, shown = snapshot(runs, now), served(runs, now)
    first = micros(EPOCH) // DAY_US - 78
    days = range(first, first + 82)
    cells = snap.cells(days)
    expected = np.zeros_like(cells)
    for run in shown:
        row = micros(run.started_at) // DAY_US - first
        if 0 <= row < len(days):
            for c in run.charges:
                expected[row, NODE_INDEX[(c.kind, c.node_type)]] += c.count
    assert (cells == expected).all()
    assert cells.shape == (len(days), len(NODES))


def test_nothing_is_summed_before_anything_is_built() -> None:
    generation = Generation(b"none", 0, EPOCH, 0)
    generator: Any = runs_of(acme(), generation)
    empty = TenantRuns(Timeline(Rhythm.of(generation.key, 0, 1, 0), generator), generator)
    snap = snapshot(empty, EPOCH)
    assert snap.windows(np.array([0, 2**62], dtype=np.int64))[0].tolist() == [0]
    assert snap.by_workflow(0, 2**62)[0].sum() == 0 and snap.cells(range(3)).sum() == 0
