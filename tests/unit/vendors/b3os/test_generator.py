"""Seeded B3OS runs as columns: a pure function of the generation, each run made from its
position agreeing with its row, ids decoding back to their positions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from emulator.engine.rhythm import Rhythm
from emulator.engine.tenant import TenantRuns
from emulator.engine.timeline import Timeline
from emulator.store import micros
from emulator.vendor import Generation
from emulator.vendors.b3os.costs import price
from emulator.vendors.b3os.generator import HISTORY, MAX_DURATION_US, B3osRuns, runs_of
from emulator.vendors.b3os.model import LOW_BITS, id_number
from emulator.vendors.b3os.run import as_of
from emulator.vendors.b3os.tenancy import Organization, organizations
from tests.b3os_xid import seconds_of

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)
SECTION = {
    "organizations": [
        {
            "slug": "acme",
            "id": "org_aaaaaaaaaaaaaaaaaaaa",
            "name": "Acme",
            "api_keys": [{"key": "b3sk_w", "scope": "read-write"}],
            "workflows": [
                {"id": f"wf_{n}", "name": f"W{n}", "trigger": trigger}
                for n, trigger in enumerate(["manual", "schedule", "token-price-cexes", "evm-log"])
            ],
        }
    ]
}


def acme() -> Organization:
    return organizations(SECTION)[0]


def tenant(seed: bytes = b"seed", count: int = 3000, index: int = 0) -> TenantRuns:
    """As the core builds a tenant (emulator/generate.py timeline_of)."""
    generation = Generation(seed, count, EPOCH, index)
    generator: Any = runs_of(acme(), generation)
    rhythm = Rhythm.of(generation.key, micros(EPOCH - HISTORY), micros(EPOCH), count)
    runs = TenantRuns(Timeline(rhythm, generator), generator)
    runs.timeline.visible(micros(EPOCH) + 5 * 86_400_000_000)  # and five days beyond
    return runs


def test_the_same_generation_gives_the_same_runs() -> None:
    first, again, other = tenant(), tenant(), tenant(b"other")
    assert [first.run_at(p) for p in range(300)] == [again.run_at(p) for p in range(300)]
    assert first.run_at(5) != other.run_at(5)


def test_each_run_agrees_with_its_row() -> None:
    runs = tenant()
    timeline = runs.timeline
    for position in range(timeline.size):
        run, row = runs.run_at(position), timeline.row(position)
        assert (
            micros(run.started_at) == row["start"] and seconds_of(run.id) == row["start"] // 10**6
        )
        assert run.finished_at is not None and micros(run.finished_at) == row["end"]
        assert round(run.total_cu * 4) == row["cu"]
        assert run.total_cu == sum(c.count * price(c.kind, c.node_type).cost for c in run.charges)
        assert run.charges[0].kind == "trigger" and run.charges[0].node_type == run.trigger_source
        assert row["end"] - row["start"] <= MAX_DURATION_US
        assert run.progress is not None  # which, run to its end, charges what the run says
        final = run.progress.charges(run.progress.executed)
        assert final[0] == run.charges[0]
        assert sorted(final[1:], key=lambda c: c.node_type) == list(run.charges[1:])


def test_outcomes_are_final_and_partial_runs_loop() -> None:
    runs = tenant(count=5000)
    statuses = {runs.run_at(p).status for p in range(runs.timeline.size)}
    assert statuses == {"success", "failure", "cancelled", "partial"}
    for position in range(runs.timeline.size):
        run = runs.run_at(position)
        if run.status == "partial":
            assert any(c.node_type == "for-each" for c in run.charges)


def test_the_vectorised_progress_is_each_runs_own() -> None:
    runs = tenant()
    generator, timeline = runs.generator, runs.timeline
    assert isinstance(generator, B3osRuns)
    positions = np.arange(timeline.size, dtype=np.int64)
    columns = {name: timeline.column(name)[positions].astype(np.int64)
               for name in ("start", "workflow", "executed")}  # fmt: skip
    for offset in (0, 1, 20_000_000, 3_600_000_000, 50_000_000_000):
        now_us = micros(EPOCH) + offset
        done, waiting = generator.done_at(positions, columns, now_us)
        for position in range(0, timeline.size, 7):
            run = runs.run_at(position)
            if run.started_at > datetime.fromtimestamp(now_us / 1e6, UTC):
                continue
            assert run.progress is not None
            expected = run.progress.done_at(now_us - micros(run.started_at))
            assert (int(done[position]), bool(waiting[position])) == expected


def test_runs_wait_at_their_plans_wait_node() -> None:
    runs = tenant()
    waited = 0
    for position in range(runs.timeline.size):
        run = runs.run_at(position)
        assert run.progress is not None
        if not run.progress.wait_us:
            continue
        waited += 1
        paused = run.progress.pause_after
        assert paused is not None and run.progress.executed >= paused
        assert isinstance(runs.generator, B3osRuns)
        plan = runs.generator.plans[runs.timeline.row(position)["workflow"]]
        assert plan.slots[paused - 1] == "wait"
        at = run.started_at.timestamp() + (paused * run.progress.pace_us + 1) / 1e6
        assert as_of(run, datetime.fromtimestamp(at, UTC)).status == "waiting"
    assert waited > 100


def test_ids_decode_to_their_position_and_nothing_else() -> None:
    runs, other = tenant(), tenant(index=1, seed=b"another")
    generator = runs.generator
    for position in range(runs.timeline.size):
        run = runs.run_at(position)
        assert generator.position_of(run.id) == position
        assert other.generator.position_of(run.id) is None
        assert generator.tiebreak(position) == id_number(run.id) & LOW_BITS
    shifted = runs.run_at(10).id[:4] + "0" + runs.run_at(10).id[5:]  # another second
    for ident in (shifted, "run_x", 42, "wf_" + runs.run_at(3).id[4:], runs.run_at(3).id.upper()):
        assert generator.position_of(ident) is None


def test_history_spans_several_months() -> None:
    runs = tenant(count=600)
    before = runs.timeline.visible(micros(EPOCH))
    months = {(r.started_at.year, r.started_at.month) for r in map(runs.run_at, range(before))}
    assert len(months) >= 3 and before == 600
    assert runs.run_at(0).started_at >= EPOCH - HISTORY


def test_only_b3os_organizations_are_generated() -> None:
    with pytest.raises(TypeError):
        runs_of(object(), Generation(b"s", 1, EPOCH, 0))
