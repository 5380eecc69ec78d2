"""The usage list's selection (tallies, indexes, spans) equals the plain filter over every run
as of now: random conditions, windows, deleted runs, clock instants, orders and pages."""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.engine.positions import Positions
from emulator.engine.tenant import TenantRuns
from emulator.runtime import Runtime
from emulator.settings import DEFAULT_EPOCH, Settings
from emulator.store import micros
from emulator.vendor import discover
from emulator.vendors.dograh import select
from emulator.vendors.dograh.generator import DograhRuns
from emulator.vendors.dograh.model import DograhRun, as_of
from emulator.vendors.dograh.query import (
    CHANNELS,
    Channel,
    Codes,
    Condition,
    Created,
    Direction,
    DurationRange,
    Equals,
    Like,
    Window,
    like_pattern,
)  # fmt: skip

# Enough runs for several blocks of the small tallies (4,096 positions each).
RUNS = 9_000
BOUNDS = st.sampled_from([None, 0.0, 0.5, 1.0, 10.0, 59.5, 60.0, 70.123, 300.0, 1800.0, 2e3,
                          float("nan")])  # fmt: skip
NUMBERS = st.sampled_from(["415555", "+1212", "555", "+44", "9_9", "0%1", "+14155550"])
CODES = st.frozensets(st.sampled_from(["XFER", "DNC", "busy", "user_hangup", "unknown", "x"]))
INSTANTS = st.sampled_from([timedelta(days=-3), timedelta(hours=-1), timedelta(0),
                            timedelta(minutes=20)])  # fmt: skip
CONDITIONS = st.one_of(
    st.builds(DurationRange, BOUNDS, BOUNDS),
    st.builds(Codes, CODES.filter(bool)),
    st.builds(Channel, st.sampled_from(sorted(CHANNELS)).map(CHANNELS.__getitem__)),
    st.builds(Like, st.sampled_from(["caller_number", "called_number"]), NUMBERS.map(like_pattern)),
    st.builds(Direction, st.sampled_from(["inbound", "outbound"])),
    st.builds(Created, st.just(DEFAULT_EPOCH - timedelta(days=20)), st.just(DEFAULT_EPOCH)),
)


@cache
def runtime() -> Runtime:
    return Runtime.start(Settings(runs=RUNS), tuple(v for v in discover() if v.name == "dograh"))


def tenant() -> TenantRuns:
    state = runtime().state("dograh")
    return state.store.tenant(next(iter(state.tenants)))


@cache
def generated_run(position: int) -> DograhRun:
    runs = tenant()
    run: DograhRun = runs.generator.make(position, runs.timeline.row(position))
    return run


def every_run(runs: TenantRuns, now_us: int) -> list[DograhRun]:
    visible = runs.timeline.visible(now_us)
    kept = [generated_run(p) for p in range(runs.cleared_below, visible)
            if not runs.is_hidden(p)]  # fmt: skip
    return kept + [p.run for p in runs.added(now_us)]


def kept(run: DograhRun, window: Window, conditions: list[Condition]) -> bool:
    inside = (window.start is None or run.created_at >= window.start) and (
        window.end is None or run.created_at <= window.end
    )
    return inside and all(select.holds(run, c) for c in conditions)


def expected_order(shown: list[DograhRun], sort_by: str | None, order: str) -> list[int]:
    if sort_by == "duration":
        sign = 1.0 if order == "asc" else -1.0
        ordered = sorted(shown, key=lambda r: (r.duration is None, sign * (r.duration or 0.0),
                                               -r.id))  # fmt: skip
    else:
        ordered = sorted(shown, key=lambda r: (r.created_at, r.id), reverse=order == "desc")
    return [r.id for r in ordered]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(CONDITIONS, max_size=3),
    st.booleans(),
    INSTANTS,
    st.lists(st.integers(0, RUNS - 1), max_size=40),
    st.sampled_from([(None, "desc"), (None, "asc"), ("duration", "desc"), ("duration", "asc")]),
    st.integers(0, 3_000),
)
def test_a_selection_is_the_plain_filter_as_of_now(
    conditions: list[Condition], has_window: bool, moved: timedelta, deleted: list[int],
    sort: tuple[str | None, str], offset: int,
) -> None:  # fmt: skip
    runs = tenant().copy()
    for position in sorted(set(deleted)):
        runs.hide(position)
    now = DEFAULT_EPOCH + moved
    window = Window(DEFAULT_EPOCH - timedelta(days=30), DEFAULT_EPOCH - timedelta(days=2))
    window = window if has_window else Window(None, None)
    found = select.select(runs, now, window, conditions)
    shown = [r for r in (as_of(run, now) for run in every_run(runs, micros(now)))
             if kept(r, window, conditions)]  # fmt: skip
    assert len(found) == len(shown)
    expected = expected_order(shown, *sort)
    offset = min(offset, max(0, len(expected) - 5))
    page = select.page(found, sort[0], sort[1], offset, 50)
    assert [r.id for r in page] == expected[offset : offset + 50]
    assert select.totals_of(page) == sum(r.shown_duration for r in page)


def test_a_workflow_with_a_tallied_condition_tests_the_index_lookup() -> None:
    runs = tenant()
    assert isinstance(runs.generator, DograhRuns)
    workflow = runs.generator.organization.workflows[0].id
    conditions: list[Any] = [Equals("workflow_id", workflow), DurationRange(60.0, 300.0)]
    found = select.select(runs, DEFAULT_EPOCH, Window(None, None), conditions)
    every = [as_of(r, DEFAULT_EPOCH) for r in every_run(runs, micros(DEFAULT_EPOCH))]
    assert len(found) == sum(kept(r, Window(None, None), conditions) for r in every)
    assert isinstance(found.generated, Positions) and np.all(np.diff(found.generated.array()) > 0)
