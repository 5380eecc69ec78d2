"""Per-project rows: every flow, busiest first, with totals equal to the sums over the runs as
they are at the instant asked (tests/unit/vendors/stackai/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from emulator.runtime import Runtime
from emulator.vendors.stackai.query import Window
from emulator.vendors.stackai.summary import project_rows
from emulator.vendors.stackai.tenancy import Organization
from tests.unit.vendors.stackai.conftest import Views, everything


def rows(runtime: Runtime, slug: str, now: datetime, window: Window) -> list[dict[str, Any]]:
    state = runtime.state("stackai")
    organization = state.tenants[slug]
    assert isinstance(organization, Organization)
    return project_rows(state.store.tenant(slug), organization, now, window)


def test_totals_are_the_sums_of_the_runs_as_of_now(world: Runtime, views: Views) -> None:
    for now, runs in views.items():
        world.clock.freeze(now)
        for window in (Window(), Window(start=now - timedelta(hours=30), end=now)):
            for row in rows(world, "northwind", now, window):
                mine = [r for r in runs if r.flow_id == row["project_id"] and window.holds(r)]
                assert row["total_runs"] == len(mine)
                assert row["total_errors"] == sum(r.error is not None for r in mine)
                assert row["total_tokens"] == sum(r.total_tokens for r in mine)
                assert row["total_users"] == len({r.user_id for r in mine} - {None})


def test_rows_cover_every_flow_even_without_runs(runtime: Runtime) -> None:
    organization = runtime.state("stackai").tenants["contoso"]
    assert isinstance(organization, Organization)
    now = runtime.clock.now()
    later = rows(runtime, "contoso", now, Window(start=datetime(2100, 1, 1, tzinfo=UTC)))
    assert {r["project_id"] for r in later} == {f.id for f in organization.flows}
    assert all(r["total_runs"] == r["total_tokens"] == r["total_users"] == 0 for r in later)
    assert [r["project_name"] for r in later] == sorted(r["project_name"] for r in later)
    every = rows(runtime, "contoso", now, Window())
    assert sum(r["total_runs"] for r in every) == len(
        runtime.state("stackai").store.runs("contoso")
    )


def test_a_cleared_history_counts_only_what_arrives_later(busy: Runtime) -> None:
    runtime = busy.fork()
    runtime.state("stackai").store.clear("northwind")
    now = datetime(2026, 11, 1, 6, tzinfo=UTC)
    found = rows(runtime, "northwind", now, Window())
    arrived = everything(runtime, now)
    assert sum(r["total_runs"] for r in found) == len(arrived) > 0
    assert all(r.date >= runtime.settings.epoch for r in arrived)
