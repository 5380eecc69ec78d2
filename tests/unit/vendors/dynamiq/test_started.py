"""Runs a client starts: whole at creation, drawn from the seed and their own id, ids counted
since the last reset; synchronous runs take no virtual time, background ones queue and work."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from emulator.runtime import Runtime
from emulator.vendors.dynamiq.model import TERMINAL, as_of
from emulator.vendors.dynamiq.started import Starting, next_id, start
from emulator.vendors.dynamiq.tenancy import App, Organization
from emulator.vendors.dynamiq.timing import ACTIVE, QUEUE, WAIT

NOW = datetime(2026, 11, 1, 12, 0, 0, 250_000, tzinfo=UTC)


def app_of(runtime: Runtime, kind: str) -> App:
    organization = runtime.state("dynamiq").tenants["helios"]
    assert isinstance(organization, Organization)
    return replace(organization.apps[0], kind=kind)  # an app of each kind


def starting(runtime: Runtime, *, background: bool, kind: str = "returns") -> Starting:
    return Starting(app_of(runtime, kind), {"order_id": "ORD-1"}, "u-1", None, background)


def test_ids_are_counted_since_the_reset_and_fixed_by_the_seed(runtime: Runtime) -> None:
    state = runtime.state("dynamiq")
    first, second = next_id(state), next_id(state)
    assert first != second and len(first) == 36 and first[14] == "4"
    again = runtime.fork().state("dynamiq")
    again.memory.clear()
    assert (next_id(again), next_id(again)) == (first, second)


def test_a_synchronous_run_is_over_at_its_request(runtime: Runtime) -> None:
    run = start(runtime.state("dynamiq"), starting(runtime, background=False), "r", NOW)
    assert run.created_at == run.started_at == run.ended_at == NOW
    assert run.status in TERMINAL - {"canceled"} and not run.input_requests
    assert run.input == {"order_id": "ORD-1"} and run.user_id == "u-1"
    assert as_of(run, NOW) is run


def test_the_same_id_draws_the_same_run(runtime: Runtime) -> None:
    state, plan = runtime.state("dynamiq"), starting(runtime, background=True)
    assert start(state, plan, "a", NOW) == start(state, plan, "a", NOW)
    assert start(state, plan, "a", NOW) != start(state, plan, "b", NOW)


def test_background_runs_queue_work_and_sometimes_ask(runtime: Runtime) -> None:
    state, plan = runtime.state("dynamiq"), starting(runtime, background=True)
    runs = [start(state, plan, f"run-{n}", NOW) for n in range(400)]
    longest = QUEUE[1][-1] + ACTIVE[1][-1] + WAIT[1][-1]
    for run in runs:
        assert run.started_at is not None and run.ended_at is not None
        assert QUEUE[1][0] <= (run.started_at - NOW).total_seconds() <= QUEUE[1][-1]
        assert 0 < (run.ended_at - run.started_at).total_seconds() <= longest
        assert as_of(run, NOW).status == "created"
        for request in run.input_requests:
            assert request.asked_at is not None and request.answered_at is not None
            assert run.started_at < request.asked_at <= request.answered_at < run.ended_at
    outcomes = Counter(run.status for run in runs)
    assert set(outcomes) == {"completed", "failed"} and outcomes["completed"] > 300
    assert 10 <= sum(1 for run in runs if run.input_requests) <= 80  # returns apps ask 1 in 10


@pytest.mark.parametrize("kind", ["support", "order_status", "catalog", "research"])
def test_every_kind_starts_on_any_input(runtime: Runtime, kind: str) -> None:
    plan = starting(runtime, background=True, kind=kind)
    for n in range(50):
        run = start(runtime.state("dynamiq"), plan, f"{kind}-{n}", NOW)
        assert run.app_id == plan.app.id and run.input == plan.input
