"""Generated StackAI runs: columns that agree with the runs made from them, for any chunking,
and runs consistent in themselves (the HTTP tests check the served dataset; these check other
seeds and sizes)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from emulator.engine.tenant import TenantRuns
from emulator.engine.timeline import NEVER
from emulator.generate import timeline_of
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.store import micros
from emulator.vendors.stackai.generator import HISTORY, StackRuns
from emulator.vendors.stackai.model import STATES, SUCCESS, StackRun


def tenant_runs(runtime: Runtime, seed: int, count: int) -> TenantRuns:
    state = runtime.state("stackai")
    settings = Settings(seed=seed, runs=count)
    return timeline_of(state.vendor, state.tenants["northwind"], 0, settings)


def made(runs: TenantRuns, count: int) -> list[StackRun]:
    runs.timeline.ensure(count)
    return [runs.run_at(p) for p in range(count)]


def test_the_generators_starts_are_the_timelines(runtime: Runtime) -> None:
    runs = tenant_runs(runtime, 3, 5000)
    generator = runs.generator
    assert isinstance(generator, StackRuns)
    runs.timeline.ensure(5000)
    assert np.array_equal(generator.rhythm.starts(0, 5000), runs.timeline.column("start"))


def test_columns_do_not_depend_on_how_the_timeline_is_chunked(runtime: Runtime) -> None:
    whole, pieces = tenant_runs(runtime, 4, 3000), tenant_runs(runtime, 4, 3000)
    whole.timeline.ensure(3001)
    for stop in (1, 2, 7, 1000, 1001, 3001):  # odd boundaries split pairs
        pieces.timeline.ensure(stop)
    for name in ("end", "paused", "resumed", "flow", "state", "user", "tokens", "early"):
        size = min(whole.timeline.size, pieces.timeline.size)
        column = pieces.timeline.column(name)[:size]
        assert np.array_equal(whole.timeline.column(name)[:size], column), name


@pytest.mark.parametrize("seed", [1, 2])
def test_a_made_run_agrees_with_its_columns(runtime: Runtime, seed: int) -> None:
    runs = tenant_runs(runtime, seed, 2000)
    organization = runtime.state("stackai").tenants["northwind"]
    for position, run in enumerate(made(runs, 2000)):
        row = runs.timeline.row(position)
        assert run.flow_id == organization.flows[row["flow"]].id  # type: ignore[attr-defined]
        assert run.state == STATES[row["state"]]
        assert run.total_tokens == row["tokens"] == sum(u.tokens or 0 for u in run.llm_usage)
        assert run.ended_at is not None and micros(run.ended_at) == row["end"]
        assert micros(run.date) == row["start"]
        early = run.llm_usage[: run.calls_before_pause]
        assert sum(u.tokens or 0 for u in early) == row["early"]
        assert (run.paused_at is None) == (row["paused"] == NEVER)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_runs_are_consistent_for_any_seed(runtime: Runtime, seed: int) -> None:
    runs = made(tenant_runs(runtime, seed, 3000), 3000)
    by_id = {r.run_id: r for r in runs}
    assert len(by_id) == len(runs)
    generator = tenant_runs(runtime, seed, 3000).generator
    for run in runs:
        assert run.ended_at is not None
        assert (
            timedelta(0)
            < run.ended_at - run.date
            <= timedelta(microseconds=generator.max_duration_us)
        )
        assert (run.error is not None) == (run.state == "FAILED")
        assert (run.latency is not None) == (run.state in SUCCESS)
        assert (run.outputs is not None) == (run.state == "COMPLETED")
        if run.paused_at is not None:
            assert run.date < run.paused_at < run.resumed_at < run.ended_at  # type: ignore[operator]
            waited = run.resumed_at - run.paused_at  # type: ignore[operator]
            assert run.latency == (run.ended_at - run.date - waited) / timedelta(seconds=1)
        elif run.latency is not None:
            assert run.latency == (run.ended_at - run.date) / timedelta(seconds=1)
        if run.parent_run_id is not None:
            check_step(run, by_id[run.parent_run_id], runtime)
    assert {r.state for r in runs} == {"COMPLETED", "FAILED", "CANCELLED", "PAUSED"}


def check_step(step: StackRun, parent: StackRun, runtime: Runtime) -> None:
    """A sub-workflow run runs inside its parent, for whoever ran the parent."""
    assert step.run_type == "sub_workflow" and parent.flow_id == step.parent_project_id
    assert parent.date < step.date and step.ended_at <= parent.ended_at  # type: ignore[operator]
    if parent.paused_at is not None:
        assert parent.resumed_at < step.date  # type: ignore[operator]
    assert (step.ran_by_id, step.user_id) == (parent.ran_by_id, parent.user_id)
    expected = {"COMPLETED": {"COMPLETED"}, "CANCELLED": {"CANCELLED"},
                "FAILED": {"FAILED", "COMPLETED"}}[str(parent.state)]  # fmt: skip
    assert step.state in expected
    if step.state == "FAILED":
        flow = runtime.state("stackai").tenants["northwind"].flow(step.flow_id)  # type: ignore[attr-defined]
        assert parent.error == f"Sub-workflow '{flow.name}' failed: {step.error}"


def test_a_run_paused_for_good_ends_when_it_pauses(runtime: Runtime) -> None:
    paused = [r for r in made(tenant_runs(runtime, 5, 2000), 2000) if r.state == "PAUSED"]
    assert paused and all(r.paused_at is None and r.latency is None for r in paused)


def test_the_history_has_the_asked_count_before_the_epoch(runtime: Runtime) -> None:
    runs = tenant_runs(runtime, 6, 500)
    epoch = runtime.settings.epoch
    assert runs.timeline.count_until(int(epoch.timestamp() * 1e6) - 1) == 500
    first = made(runs, 1)[0]
    assert epoch - HISTORY <= first.date < epoch


def test_the_same_generation_gives_the_same_runs(runtime: Runtime) -> None:
    assert made(tenant_runs(runtime, 5, 300), 300) == made(tenant_runs(runtime, 5, 300), 300)
    assert made(tenant_runs(runtime, 5, 300), 300) != made(tenant_runs(runtime, 6, 300), 300)
