"""Generated StackAI runs: a pure function of Generation, exactly `count` per tenant, and
consistent in themselves (the HTTP tests check the served dataset; these check any seed)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.generate import derive_seed
from emulator.runtime import Runtime
from emulator.vendor import Generation
from emulator.vendors.stackai.generator import generate
from emulator.vendors.stackai.model import StackRun
from emulator.vendors.stackai.tenancy import Organization

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


def northwind(runtime: Runtime) -> Organization:
    organization = runtime.state("stackai").tenants["northwind"]
    assert isinstance(organization, Organization)
    return organization


def runs_for(runtime: Runtime, seed: int, count: int) -> list[StackRun]:
    return generate(northwind(runtime), Generation(derive_seed(seed, "t"), count, EPOCH, 0))


@pytest.mark.parametrize("count", [0, 1, 2, 3, 57])
def test_exactly_count_runs(runtime: Runtime, count: int) -> None:
    assert len(runs_for(runtime, 1, count)) == count


def test_the_same_generation_gives_the_same_runs(runtime: Runtime) -> None:
    assert runs_for(runtime, 5, 80) == runs_for(runtime, 5, 80)
    assert runs_for(runtime, 5, 80) != runs_for(runtime, 6, 80)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_runs_are_consistent_for_any_seed(runtime: Runtime, seed: int) -> None:
    runs = runs_for(runtime, seed, 300)
    by_id = {r.run_id: r for r in runs}
    assert len(by_id) == len(runs)
    for run in runs:
        assert EPOCH - timedelta(days=60) <= run.date < EPOCH
        assert run.total_tokens == sum(u.tokens or 0 for u in run.llm_usage)
        assert (run.error is not None) == (run.state == "FAILED")
        if run.latency is not None:
            assert run.date + timedelta(seconds=run.latency) <= EPOCH
        if run.parent_run_id is not None:
            parent = by_id[run.parent_run_id]
            assert parent.date < run.date and run.run_type == "sub_workflow"
            assert (
                parent.latency is None
                or run.latency is None
                or (
                    run.date + timedelta(seconds=run.latency)
                    <= parent.date + timedelta(seconds=parent.latency)
                )
            )
    assert {r.state for r in runs} >= {"COMPLETED", "FAILED", "CANCELLED", "PAUSED"}


def test_open_states_only_in_the_last_half_hour(runtime: Runtime) -> None:
    for run in runs_for(runtime, 4, 2000):
        if run.state in ("PENDING", "RESUMED"):
            assert EPOCH - run.date < timedelta(minutes=30)
