"""A tenant's timeline: nothing built until asked, built only up to now, grown as the clock
moves; indexes, orders and sums derived from the columns; runs made once within a bound."""

from __future__ import annotations

import numpy as np

from emulator.engine.timeline import MADE_RUNS
from tests.unit.engine.fake import EPOCH, MINUTE_US, Colours, tenant


def test_nothing_is_built_until_a_query_asks() -> None:
    runs = tenant(5000)
    assert runs.timeline.size == 0 and runs.timeline.count_until(EPOCH) == 5000
    assert runs.timeline.size == 0
    assert runs.timeline.visible(EPOCH) == 5000 and runs.timeline.size == 5000


def test_a_timeline_with_no_run_yet_has_every_column_empty_in_its_own_type() -> None:
    runs = tenant(5000)
    assert runs.timeline.visible(EPOCH - 400 * 24 * 60 * MINUTE_US) == 0
    assert runs.timeline.column("start").size == runs.timeline.column("colour").size == 0
    empty = runs.timeline.column("colour").dtype
    runs.timeline.visible(EPOCH)
    assert runs.timeline.column("colour").size == 5000
    assert runs.timeline.column("colour").dtype == empty


def test_a_moving_clock_only_appends() -> None:
    runs = tenant(500)
    runs.timeline.visible(EPOCH)
    before = runs.timeline.column("start").copy()
    later = EPOCH + 3 * 24 * 60 * MINUTE_US
    visible = runs.timeline.visible(later)
    assert visible > 500 and runs.timeline.size >= visible
    assert np.array_equal(runs.timeline.column("start")[:500], before)
    assert int(runs.timeline.column("start")[visible - 1]) <= later


def test_in_progress_runs_are_the_started_and_not_ended() -> None:
    runs = tenant(3000)
    now = EPOCH - 10 * MINUTE_US
    visible = runs.timeline.visible(now)
    starts, ends = runs.timeline.column("start")[:visible], runs.timeline.column("end")[:visible]
    expected = np.flatnonzero((starts <= now) & (ends > now))
    assert runs.timeline.in_progress(now, visible).tolist() == expected.tolist()


def test_indexes_sums_and_orders_agree_with_the_columns() -> None:
    runs = tenant(2000)
    timeline = runs.timeline
    timeline.visible(EPOCH)
    colours = timeline.column("colour")
    for colour in range(3):
        assert timeline.index("colour").positions(colour).array().tolist() == (
            np.flatnonzero(colours == colour).tolist()
        )
        assert timeline.index("colour").count(colour) == int((colours == colour).sum())
    assert timeline.prefix("colour")[-1] == int(colours.sum())
    order = timeline.order("colour")
    assert np.all(np.diff(colours[order]) >= 0)
    assert timeline.index("colour") is timeline.index("colour")  # derived once per size


def test_a_run_is_made_once_and_kept_within_a_bound() -> None:
    runs = tenant(MADE_RUNS + 100)
    runs.timeline.visible(EPOCH)
    generator = runs.generator
    assert isinstance(generator, Colours)
    assert runs.run_at(3) is runs.run_at(3) and generator.made == 1
    for position in range(MADE_RUNS + 50):
        runs.run_at(position)
    assert len(runs.timeline._made) == MADE_RUNS
