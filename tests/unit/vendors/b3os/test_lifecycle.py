"""Cancel and retry on a runtime's B3OS state: what they refuse, what they store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.store import micros
from emulator.vendors.b3os import lifecycle
from emulator.vendors.b3os.run import B3osRun, as_of
from emulator.vendors.b3os.tenancy import Organization


def moon(runtime: Runtime) -> Organization:
    organization = runtime.state("b3os").tenants["moonbeam-labs"]
    assert isinstance(organization, Organization)
    return organization


def newest(runtime: Runtime, status: str) -> B3osRun:
    state = runtime.state("b3os")
    now = state.clock.now()
    run: B3osRun = next(
        r for r in state.store.runs("moonbeam-labs") if as_of(r, now).status == status
    )
    return run


def test_a_run_of_another_organisation_is_not_found(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    orbit_run = state.store.runs("orbit-dao")[0]
    with pytest.raises(ApiError) as raised:
        lifecycle.found(state, moon(runtime), orbit_run.id)
    assert (raised.value.status, raised.value.details) == (404, ["run not found"])


def test_only_running_or_waiting_runs_are_cancelled(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    with pytest.raises(ApiError) as raised:
        lifecycle.cancel(state, newest(runtime, "success"))
    assert raised.value.status == 409


def test_a_cancel_goes_through_the_store(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    state.clock.freeze(state.clock.now() + timedelta(days=3))  # some runs are in progress then
    now = state.clock.now()
    runs = state.store.runs("moonbeam-labs")
    going = [r for r in runs if as_of(r, now).status in ("running", "waiting")]
    count = len(state.store.runs("moonbeam-labs"))
    origins = {state.store.origin(r.id) for r in going}
    assert origins == {"generated", "fixture"}  # a changed run keeps where it came from
    for run in going:
        origin = state.store.origin(run.id)
        cancelled = lifecycle.cancel(state, run)
        assert state.store.find(run.id) == ("moonbeam-labs", cancelled)
        assert state.store.origin(run.id) == origin
        again = lifecycle.found(state, moon(runtime), run.id)
        assert (again.status, again.finished_at) == ("cancelled", now)
    assert len(state.store.runs("moonbeam-labs")) == count  # replaced, not added


def test_retries_are_started_runs_with_ids_counted_since_the_reset(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    failed = newest(runtime, "failure")
    first = lifecycle.retry(state, moon(runtime), failed)
    second = lifecycle.retry(state, moon(runtime), failed)
    assert first.id != second.id and first.source_run_id == second.source_run_id == failed.id
    assert [r.id for _, r in state.store.of_origin("started")] == [first.id, second.id]
    assert micros(first.started_at) == state.store.now_us
    with pytest.raises(ApiError):
        lifecycle.retry(state, moon(runtime), first if first.status != "failure" else newest(
            runtime, "success"))  # fmt: skip
