"""`GET /v1/runs?status=` from columns and indexes, against the plain filter of the runs as
served at each instant (generated, deleted, cleared, in progress, overlay)."""

from __future__ import annotations

from datetime import datetime

import pytest

from emulator.engine.tenant import TenantRuns
from emulator.vendors.b3os import select
from emulator.vendors.b3os.run import STATUSES, as_of
from tests.unit.vendors.b3os.test_ledger import INSTANTS, served
from tests.unit.vendors.b3os.test_ledger import runs as runs  # the fixture


@pytest.mark.parametrize("now", INSTANTS)
def test_every_status_is_the_runs_served_with_it(runs: TenantRuns, now: datetime) -> None:
    shown = served(runs, now)
    assert len(select.select(runs, now, None)) == len(shown)
    for status in STATUSES:
        found = select.select(runs, now, status)
        page = [as_of(r, now) for r in select.page(found, 0, len(found) + 1)]
        assert page == [r for r in shown if r.status == status], status


def test_in_progress_runs_are_running_or_waiting_whatever_they_end_as(runs: TenantRuns) -> None:
    now = INSTANTS[1]
    going = [r for r in served(runs, now) if r.finished_at is None]
    found = [len(select.select(runs, now, s)) for s in ("running", "waiting")]
    assert going and sum(found) == len(going)


def test_a_page_is_a_slice_of_the_matches(runs: TenantRuns) -> None:
    now = INSTANTS[0]
    found = select.select(runs, now, "failure")
    every = select.page(found, 0, len(found))
    assert select.page(found, 3, 4) == every[3:7]
    assert select.page(found, len(found), 5) == []
