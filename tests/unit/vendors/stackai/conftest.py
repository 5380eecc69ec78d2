"""A busy StackAI organisation seen at instants where runs are going, pausing and ending,
with deleted and injected runs beside the generated ones: what the flow list and the project
summary are checked against, run by run (`as_of`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover
from emulator.vendors.stackai.model import StackRun, as_of

CHAT = "57fa49e56a34b37178e10e70"
Views = dict[datetime, list[StackRun]]


@pytest.fixture(scope="session")
def busy() -> Runtime:
    """Runs start about half an hour apart, so some are often going."""
    return Runtime.start(Settings(runs=3_000), discover(("stackai",)))


@pytest.fixture(scope="session")
def world(busy: Runtime) -> Runtime:
    """The busy organisation with a few runs deleted and three injected, going for a day."""
    runtime = busy.fork()
    state = runtime.state("stackai")
    for run in state.store.runs("northwind")[5:400][::37]:
        state.store.remove(run.run_id)
    record = {"flow_id": CHAT, "date": "2026-10-31T23:00:00Z", "state": "COMPLETED",
              "user_id": "someone", "ended_at": "2026-11-02T00:00:00Z",
              "llm_usage": [{"provider": "OpenAI", "model_id": "m", "tokens": 9}]}  # fmt: skip
    organization = state.tenants["northwind"]
    runs = [state.vendor.runs.from_record(
        {**record, "run_id": f"fa000000-0000-4000-8000-0000000001{n:02x}"}, organization
    ) for n in range(3)]  # fmt: skip
    state.store.load("northwind", runs)
    return runtime


def instants(runtime: Runtime) -> Iterator[datetime]:
    """The epoch, and moments inside the pauses of the history's last days."""
    epoch = runtime.settings.epoch
    yield epoch
    runs = runtime.state("stackai").store.runs("northwind")[:600]
    for run in [r for r in runs if r.paused_at is not None][:2]:
        assert run.paused_at is not None and run.resumed_at is not None
        yield run.paused_at + (run.resumed_at - run.paused_at) / 2
        yield run.resumed_at
    yield epoch - timedelta(days=2, minutes=7)


def everything(runtime: Runtime, now: datetime) -> list[StackRun]:
    """Every run of the organisation at `now`, as it is then (the clock stops there)."""
    runtime.clock.freeze(now)
    return [as_of(r, now) for r in runtime.state("stackai").store.runs("northwind")]


@pytest.fixture(scope="session")
def views(world: Runtime) -> Views:
    """Every run at each instant, as it is then; generated runs in progress at most."""
    found = {now: everything(world, now) for now in instants(world)}
    going = [sum(r.state in ("PENDING", "PAUSED", "RESUMED") and not r.run_id.startswith("fa")
                 for r in runs) for runs in found.values()]  # fmt: skip
    assert sum(map(bool, going)) >= len(going) - 2, going
    return found
