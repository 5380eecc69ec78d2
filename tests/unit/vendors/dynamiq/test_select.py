"""The run list over the engine equals a plain reference: every visible run as of now, kept by
`holds`, sorted by its key. Checked at the instants where runs change (queued, working,
waiting for a human, just finished), with deleted runs, a cleared tenant, an order rebuilt
as the clock moves and one that serves a long tail apart."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from emulator.engine.tenant import TenantRuns
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.store import micros
from emulator.vendor import discover
from emulator.vendors.dynamiq import select
from emulator.vendors.dynamiq.generator import DynamiqRuns
from emulator.vendors.dynamiq.model import REPORTED, DynamiqRun, as_of
from emulator.vendors.dynamiq.order import Spec, normalized, run_key
from emulator.vendors.dynamiq.query import Filters, SortKey
from emulator.vendors.dynamiq.tenancy import Organization

SPECS: list[Spec] = [
    normalized([SortKey(field, is_descending) for field, is_descending in keys])
    for keys in ((), (("started_at", False),), (("ended_at", True),), (("created_at", False),),
                 (("status", False), ("started_at", True)), (("status", True), ("ended_at", False)))
]  # fmt: skip
STATUSES = [frozenset(), *(frozenset({s}) for s in REPORTED), frozenset({"completed", "failed"}),
            frozenset({"started", "awaiting_input"})]  # fmt: skip


@pytest.fixture(scope="module")
def world() -> Runtime:
    return Runtime.start(Settings(runs=1500), discover(("dynamiq",)))


def helios(runtime: Runtime) -> tuple[Organization, TenantRuns]:
    state = runtime.state("dynamiq")
    organization = state.tenants["helios"]
    assert isinstance(organization, Organization)
    return organization, state.store.tenant("helios")


def every_run(runtime: Runtime, now: datetime) -> list[DynamiqRun]:
    runtime.clock.freeze(now)
    return [as_of(r, now) for r in runtime.state("dynamiq").store.runs("helios")]


def reference(shown: list[DynamiqRun], ask: select.Ask) -> list[DynamiqRun]:
    return sorted((r for r in shown if select.holds(r, ask)), key=lambda r: run_key(r, ask.spec))


def asks(organization: Organization, sample: DynamiqRun) -> list[select.Ask]:
    app = next(i for i, a in enumerate(organization.live_apps) if a.id == sample.app_id)
    found = []
    for statuses, spec in itertools.product(STATUSES, SPECS):
        filters = Filters(statuses, "", "")
        found.append(select.Ask(app, sample.app_id, filters, organization.behaviour, spec))
    for user, session in ((sample.user_id, ""), ("", sample.session_id), (sample.user_id,
                          sample.session_id)):  # fmt: skip
        for statuses in STATUSES[:4]:
            filters = Filters(statuses, user or "", session or "")
            switched = replace(organization.behaviour, is_awaiting_in_underlying_status=True)
            found.append(select.Ask(app, sample.app_id, filters, switched, SPECS[4]))
    return found


def assert_served_as_the_reference(runtime: Runtime, now: datetime, sample: DynamiqRun) -> set[str]:
    """Every ask about the sample's app, user and session served as the reference: the
    statuses the pages showed."""
    organization, runs = helios(runtime)
    seen: set[str] = set()
    shown = every_run(runtime, now)
    for ask in asks(organization, sample):
        expected = [r.id for r in reference(shown, ask)]
        total, whole = select.page(runs, ask, now, 0, len(expected) + 5)
        assert (total, [r.id for r in whole]) == (len(expected), expected), ask
        seen |= {as_of(r, now).reported_status for r in whole}
        for offset in (1, len(expected) // 2, len(expected) - 3):
            _, part = select.page(runs, ask, now, max(0, offset), 7)
            assert [r.id for r in part] == expected[max(0, offset) : max(0, offset) + 7]
    return seen


def moments(run: DynamiqRun) -> list[datetime]:
    """The instants at which the run changes, and just before them."""
    assert run.started_at is not None and run.ended_at is not None
    found = [run.created_at, run.started_at, run.ended_at]
    for request in run.input_requests:
        assert request.asked_at is not None and request.answered_at is not None
        found += [request.asked_at, request.answered_at]
    tick = timedelta(seconds=1)
    return sorted({m + d for m in found for d in (-tick, timedelta(0), tick)})


def samples(runtime: Runtime) -> list[DynamiqRun]:
    """Generated runs that ask a human (one pausing while it waits, one not) and a queued one
    in a session."""
    _, runs = helios(runtime)
    runs.timeline.visible(micros(runtime.clock.now()))
    made = [runs.run_at(p) for p in range(1000, 1500)]
    pausing = [r for r in made if r.input_requests and r.input_requests[0].is_pausing]
    working = [r for r in made if r.input_requests and not r.input_requests[0].is_pausing]
    queued = [r for r in made if r.started_at != r.created_at and r.session_id]
    return [pausing[0], working[0], queued[0]]


def test_pages_equal_the_reference_at_every_change_of_a_run(world: Runtime) -> None:
    runtime = world.fork()
    seen: set[str] = set()
    for sample in samples(runtime):
        for now in moments(sample)[::2]:
            seen |= assert_served_as_the_reference(runtime, now, sample)
    # `paused` with nothing pending is the fixtures' (a generated run pauses only to wait).
    assert seen == {"created", "started", "awaiting_input", "completed", "failed", "canceled"}


def test_deleted_and_cleared_runs_are_left_out(world: Runtime) -> None:
    runtime = world.fork()
    store = runtime.state("dynamiq").store
    sample = samples(runtime)[0]
    now = moments(sample)[3]
    runtime.clock.freeze(now)
    for run in list(store.runs("helios"))[5:40:3]:
        assert store.remove(run.id)
    assert_served_as_the_reference(runtime, now, sample)
    store.clear("helios")
    later = now + timedelta(days=3)
    _, _runs = helios(runtime)
    runtime.clock.freeze(later)
    fresh = next(r for r in store.runs("helios") if r.created_at > now)
    assert_served_as_the_reference(runtime, later, fresh)


def test_a_moving_clock_serves_the_tail_apart_then_builds_again(world: Runtime) -> None:
    runtime = world.fork()
    _, runs = helios(runtime)
    generator = runs.generator
    assert isinstance(generator, DynamiqRuns)
    generator.bases.tail = 6  # a long tail for this dataset: several steps before a rebuild
    sample = samples(runtime)[1]
    start = moments(sample)[0]
    try:
        for step in range(12):
            assert_served_as_the_reference(runtime, start + step * timedelta(hours=11), sample)
    finally:
        generator.bases.tail = 4096
