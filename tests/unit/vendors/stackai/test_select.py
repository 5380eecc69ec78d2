"""The flow list over the engine equals a plain walk over every run as it is at the instant
asked (tests/unit/vendors/stackai/conftest.py), for every filter and any page."""

from __future__ import annotations

from datetime import datetime, timedelta

from emulator.runtime import Runtime
from emulator.vendors.stackai import select
from emulator.vendors.stackai.model import place
from emulator.vendors.stackai.query import RunFilter, Window
from emulator.vendors.stackai.tenancy import Organization
from tests.unit.vendors.stackai.conftest import Views

FLOWS = ("2bb71c682097798c8cd3e418", "57fa49e56a34b37178e10e70", "41785bc64c3ac6fc48208231")
STATES = [None, frozenset({"PENDING"}), frozenset({"PAUSED", "RESUMED"}),
          frozenset({"COMPLETED", "FAILED"}), frozenset({"CANCELLED", "BOGUS"})]  # fmt: skip
USERS = [None, "dana@northwind.example", "someone", "nobody"]


def listed(
    runtime: Runtime, now: datetime, rule: RunFilter, offset: int, limit: int
) -> tuple[list[str], int]:
    state = runtime.state("stackai")
    organization = state.tenants["northwind"]
    assert isinstance(organization, Organization)
    flow = [f.id for f in organization.flows].index(rule.flow_id)
    found = select.select(state.store.tenant("northwind"), now, flow, rule)
    return [r.run_id for r in select.page(found, offset, limit)], len(found)


def test_every_filter_and_page_equals_the_plain_walk(world: Runtime, views: Views) -> None:
    epoch = world.settings.epoch
    windows = [Window(), Window(start=epoch - timedelta(days=3)),
               Window(end=epoch - timedelta(days=2, hours=5))]  # fmt: skip
    for now, runs in views.items():
        world.clock.freeze(now)
        for flow in FLOWS:
            for n, states in enumerate(STATES):
                rule = RunFilter(windows[n % 3], flow, USERS[n % 4], states)
                expected = [r.run_id for r in runs if rule.holds(r)]
                for offset, limit in ((0, 25), (7, 60), (max(0, len(expected) - 3), 10)):
                    ids, total = listed(world, now, rule, offset, limit)
                    assert total == len(expected)
                    assert ids == expected[offset : offset + limit], (now, rule)


def test_the_walk_is_newest_first_then_by_run_id(views: Views) -> None:
    for runs in views.values():
        assert [place(r) for r in runs] == sorted((place(r) for r in runs), reverse=True)
