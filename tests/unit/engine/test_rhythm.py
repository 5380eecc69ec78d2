"""When runs start: exactly `count` before the epoch, strictly increasing, the same rate after
it, busier on weekday afternoons, and each start a function of its position alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emulator.engine.rhythm import HOUR_US, MONDAY_US, Rhythm
from emulator.store import micros

EPOCH = micros(datetime(2026, 11, 1, tzinfo=UTC))
START = EPOCH - 60 * 24 * HOUR_US


@pytest.mark.parametrize("count", [0, 1, 3, 250, 20_000])
def test_exactly_count_runs_start_before_the_epoch(count: int) -> None:
    rhythm = Rhythm.of(11, START, EPOCH, count)
    starts = rhythm.starts(0, count + 100)
    assert int((starts < EPOCH).sum()) == count
    assert bool(np.all(np.diff(starts) > 0)) and (count == 0 or starts[0] >= START)
    assert rhythm.count_until(EPOCH) == count


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**63), st.integers(1, 5000), st.integers(-(10**12), 10**13))
def test_counting_agrees_with_the_starts(key: int, count: int, shift_us: int) -> None:
    rhythm = Rhythm.of(key, START, EPOCH, count)
    instant = EPOCH + shift_us
    counted = rhythm.count_until(instant)
    starts = rhythm.starts(0, counted + 2)
    assert int((starts <= instant).sum()) == counted


def test_a_start_depends_on_its_position_alone() -> None:
    rhythm = Rhythm.of(3, START, EPOCH, 1000)
    whole = rhythm.starts(0, 3000)
    assert np.array_equal(
        np.concatenate((rhythm.starts(0, 1234), rhythm.starts(1234, 3000))), whole
    )
    assert rhythm.start_of(2500) == int(whole[2500])


def test_runs_keep_arriving_after_the_epoch_at_the_same_rate() -> None:
    rhythm = Rhythm.of(5, START, EPOCH, 6000)
    weeks = 8 * 7 * 24 * HOUR_US
    before = rhythm.count_until(EPOCH) - rhythm.count_until(EPOCH - weeks)
    after = rhythm.count_until(EPOCH + weeks) - rhythm.count_until(EPOCH)
    assert abs(after - before) / before < 0.05


def test_weekday_afternoons_are_busier_than_nights_and_weekends() -> None:
    starts = Rhythm.of(9, START, EPOCH, 100_000).starts(0, 100_000)
    hours = ((starts - MONDAY_US) // HOUR_US) % 168
    by_hour = np.bincount(hours, minlength=168)
    weekday_peak = max(by_hour[h] for h in range(0, 120))
    assert weekday_peak > 3 * min(by_hour) and sum(by_hour[120:]) < sum(by_hour[:120]) / 3


def test_no_run_means_none_ever() -> None:
    rhythm = Rhythm.of(1, START, EPOCH, 0)
    assert rhythm.count_until(EPOCH + micros(datetime(2030, 1, 1, tzinfo=UTC)) - EPOCH) == 0
    assert len(rhythm.starts(0, 10)) == 0


def test_history_starts_where_it_is_told() -> None:
    rhythm = Rhythm.of(2, START, EPOCH, 500)
    assert rhythm.count_until(START - 1) == 0
    assert rhythm.count_until(START + int(timedelta(days=30) / timedelta(microseconds=1))) > 0
