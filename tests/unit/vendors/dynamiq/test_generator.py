"""Generated runs: a pure function of seed, tenant and position, made only when read; columns
and made runs agree; sessions of one user and app; every run finishes within the bound."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import numpy as np
import pytest

from emulator.engine.tenant import TenantRuns
from emulator.runtime import Runtime
from emulator.settings import DEFAULT_EPOCH, Settings
from emulator.store import micros
from emulator.vendor import discover
from emulator.vendors.dynamiq.generator import DynamiqRuns
from emulator.vendors.dynamiq.model import STORED, TERMINAL, DynamiqRun, check_consistency
from emulator.vendors.dynamiq.timing import MAX_DURATION


def tenant(count: int = 2000, seed: int = 7, slug: str = "helios") -> TenantRuns:
    runtime = Runtime.start(Settings(runs=count, seed=seed), discover(("dynamiq",)))
    return runtime.state("dynamiq").store.tenant(slug)


def made(runs: TenantRuns, count: int) -> list[DynamiqRun]:
    runs.timeline.visible(micros(DEFAULT_EPOCH))
    return [runs.run_at(p) for p in range(count)]


def generator(runs: TenantRuns) -> DynamiqRuns:
    assert isinstance(runs.generator, DynamiqRuns)
    return runs.generator


def test_nothing_is_built_until_read_and_the_same_seed_makes_the_same_runs() -> None:
    runs = tenant()
    assert runs.timeline.size == 0
    assert made(runs, 300) == made(tenant(), 300)
    assert made(tenant(seed=8), 300) != made(runs, 300)


@pytest.mark.parametrize("count", [0, 1, 7, 250])
def test_exactly_count_runs_before_the_epoch_with_unique_ids(count: int) -> None:
    runs = tenant(count)
    assert runs.timeline.visible(micros(DEFAULT_EPOCH)) == count
    assert len({r.id for r in made(runs, count)}) == count


def test_columns_and_made_runs_agree() -> None:
    runs = tenant()
    for position, run in enumerate(made(runs, 2000)):
        row = runs.timeline.row(position)
        check_consistency(run)
        assert run.status == STORED[row["status"]] and run.status in TERMINAL
        assert micros(run.created_at) == row["start"] // 10**6 * 10**6
        assert run.ended_at is not None and micros(run.ended_at) == row["end"]
        assert run.started_at is not None
        assert (run.started_at - run.created_at).total_seconds() == row["queue"]
        assert bool(run.input_requests) == (row["asked"] >= 0)
        assert (run.user_id is None) == (row["user"] < 0)
        assert run.ended_at - run.created_at <= MAX_DURATION
        assert generator(runs).position_of(run.id) == position
        assert generator(runs).tiebreak(position) == int(run.id.replace("-", ""), 16)


def test_a_request_is_asked_while_working_and_answered_before_the_end() -> None:
    asked = [r for r in made(tenant(4000), 4000) if r.input_requests]
    assert len(asked) > 50
    for run in asked:
        (request,) = run.input_requests
        assert request.asked_at is not None and request.answered_at is not None
        assert run.started_at is not None and run.ended_at is not None
        assert run.started_at < request.asked_at < request.answered_at < run.ended_at
        if request.type == "approval_request":
            assert run.output is None or run.output["refund_amount"] == request.params["amount"]


def test_runs_spread_over_the_live_apps_only() -> None:
    vega = tenant(slug="vega")
    assert {r.app_id for r in made(vega, 500)} == {a.id for a in generator(vega).apps}
    helios = Counter(r.app_id for r in made(tenant(), 2000))
    assert len(helios) == 3 and min(helios.values()) > 500


def test_sessions_group_runs_of_one_user_on_one_app() -> None:
    runs = tenant()
    sessions: dict[str, list[DynamiqRun]] = {}
    for run in made(runs, 2000):
        if run.session_id is not None:
            sessions.setdefault(run.session_id, []).append(run)
    assert sum(len(group) > 1 for group in sessions.values()) > 100
    for session, group in sessions.items():
        assert len({(r.user_id, r.app_id) for r in group}) == 1 and group[0].user_id
        head = generator(runs).session_head(session)
        assert head is not None and generator(runs).sessions.members(head)[0] == head
        assert generator(runs).position_of(session) is None  # a session id is no run id


def test_user_ids_are_found_by_name() -> None:
    runs = tenant()
    names = Counter(r.user_id for r in made(runs, 2000) if r.user_id)
    assert len(names) > 40 and any(n.startswith("customer-") for n in names)
    assert any("@" in n for n in names)
    for name in list(names)[:20]:
        indices = generator(runs).users_named(name)
        assert indices and all(generator(runs).user_name(i) == name for i in indices)
    assert generator(runs).users_named("nobody") == []


def test_every_run_is_over_within_the_bound_and_outcomes_are_plausible() -> None:
    runs = tenant(20_000)
    visible = runs.timeline.visible(micros(DEFAULT_EPOCH))
    column = runs.timeline.column
    lengths = (column("end")[:visible] - column("start")[:visible]) / 10**6
    assert float(lengths.max()) <= MAX_DURATION / timedelta(seconds=1)
    outcomes = Counter(STORED[s] for s in column("status")[:visible].tolist())
    assert outcomes["completed"] > 0.8 * visible and outcomes["failed"] > outcomes["canceled"]
    assert 0.05 < float(np.mean(column("queue")[:visible] >= 3)) < 0.15  # background runs
