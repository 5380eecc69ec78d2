"""Per-project rows: every flow, totals over the window, busiest first."""

from __future__ import annotations

from datetime import UTC, datetime

from emulator.runtime import Runtime
from emulator.vendors.stackai.query import Window
from emulator.vendors.stackai.summary import project_rows
from emulator.vendors.stackai.tenancy import Organization


def test_rows_cover_every_flow_even_without_runs(runtime: Runtime) -> None:
    state = runtime.state("stackai")
    organization = state.tenants["contoso"]
    assert isinstance(organization, Organization)
    runs = state.store.runs("contoso")
    rows = project_rows(organization, runs, Window(start=datetime(2100, 1, 1, tzinfo=UTC)))
    assert {r["project_id"] for r in rows} == {f.id for f in organization.flows}
    assert all(r["total_runs"] == r["total_tokens"] == r["total_users"] == 0 for r in rows)
    assert [r["project_name"] for r in rows] == sorted(r["project_name"] for r in rows)
    everything = project_rows(organization, runs, Window())
    assert sum(r["total_runs"] for r in everything) == len(runs)
    assert everything[0]["total_runs"] >= everything[-1]["total_runs"]
