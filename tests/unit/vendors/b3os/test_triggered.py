"""Runs clients start: made whole at the start, from the seed and their id, stored."""

from __future__ import annotations

from datetime import timedelta

from emulator.runtime import Runtime
from emulator.vendors.b3os import triggered
from emulator.vendors.b3os.run import as_of
from emulator.vendors.b3os.tenancy import Organization


def moon(runtime: Runtime) -> Organization:
    organization = runtime.state("b3os").tenants["moonbeam-labs"]
    assert isinstance(organization, Organization)
    return organization


def test_a_started_run_follows_its_workflows_plan_and_is_stored(runtime: Runtime) -> None:
    state, organization = runtime.state("b3os"), moon(runtime)
    now = state.clock.now()
    runs = []
    for workflow in organization.workflows * 5:
        run_id = triggered.next_id(state, organization, now)
        runs.append(triggered.start(state, organization, workflow, run_id))
    assert len({r.id for r in runs}) == len(runs)
    assert all(r.started_at == now and r.trigger_source == "manual" for r in runs)
    assert [r.id for _, r in state.store.of_origin("started")] == [r.id for r in runs]
    assert {r.status for r in runs} <= {"success", "failure", "partial"}
    for run in runs:
        assert run.finished_at is not None and run.progress is not None
        assert as_of(run, now).status in ("running", "waiting") or run.finished_at == now
        assert as_of(run, run.finished_at).total_cu == run.total_cu


def test_the_same_id_gives_the_same_run(runtime: Runtime, pristine: Runtime) -> None:
    twins = []
    for base in (runtime, pristine.fork()):
        state, organization = base.state("b3os"), moon(base)
        state.clock.freeze(state.clock.now() + timedelta(hours=1))
        run_id = triggered.next_id(state, organization, state.clock.now())
        twins.append(triggered.start(state, organization, organization.workflows[0], run_id))
    assert twins[0] == twins[1]
