"""Generated runs: a pure function of `Generation`, consistent, sessions of one user and app."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from emulator.generate import read_yaml
from emulator.settings import BUILTIN_FIXTURES, DEFAULT_EPOCH
from emulator.vendor import Generation
from emulator.vendors.dynamiq.events import events_of
from emulator.vendors.dynamiq.generator import generate
from emulator.vendors.dynamiq.model import TERMINAL, DynamiqRun, check_consistency
from emulator.vendors.dynamiq.tenancy import Organization, organizations


def tenants() -> list[Organization]:
    section = read_yaml(BUILTIN_FIXTURES, "tenants.yaml", BUILTIN_FIXTURES)["dynamiq"]
    return list(organizations(section))


def runs(count: int = 600, seed: bytes = b"seed", index: int = 0) -> list[DynamiqRun]:
    return generate(tenants()[index], Generation(seed, count, DEFAULT_EPOCH, index))


def test_the_same_generation_gives_the_same_runs() -> None:
    assert runs() == runs()
    assert runs(seed=b"other") != runs()


@pytest.mark.parametrize("count", [0, 1, 7, 250])
def test_exactly_count_runs_with_unique_ids(count: int) -> None:
    found = runs(count)
    assert len(found) == len({r.id for r in found}) == count


def test_runs_are_consistent_whole_seconds_before_the_epoch() -> None:
    for run in runs():
        check_consistency(run)
        for moment in (run.created_at, run.started_at, run.ended_at):
            assert moment is None or (moment < DEFAULT_EPOCH and moment.microsecond == 0)


def test_runs_spread_over_the_live_apps_only() -> None:
    vega = tenants()[1]
    found = runs(index=1)
    assert {r.app_id for r in found} == {a.id for a in vega.live_apps}
    helios = Counter(r.app_id for r in runs())
    assert len(helios) == 3 and min(helios.values()) > 100


def test_sessions_group_runs_of_one_user_on_one_app() -> None:
    sessions: dict[str, list[DynamiqRun]] = {}
    for run in runs():
        if run.session_id is not None:
            sessions.setdefault(run.session_id, []).append(run)
    assert sum(len(group) > 1 for group in sessions.values()) > 20
    for group in sessions.values():
        assert len({(r.user_id, r.app_id) for r in group}) == 1
        assert group[0].user_id is not None


def test_every_status_occurs_and_unfinished_runs_are_recent() -> None:
    found = runs(4000)
    # A paused run with nothing pending is left to the fixtures.
    assert {r.reported_status for r in found} == {
        "created", "started", "completed", "failed", "canceled", "awaiting_input",
    }  # fmt: skip
    for run in found:
        if run.status not in TERMINAL and not run.input_requests:
            assert DEFAULT_EPOCH - run.created_at < timedelta(hours=1)
        if run.input_requests:
            assert DEFAULT_EPOCH - run.created_at < timedelta(days=10)


def test_events_of_generated_runs_end_before_the_epoch() -> None:
    epoch = datetime(2026, 11, 1, tzinfo=UTC)
    for run in runs(2000):
        for event in events_of(run, "returns"):
            assert event.timestamp < epoch
