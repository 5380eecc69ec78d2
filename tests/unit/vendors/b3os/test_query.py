"""Pages of the runs list and usage windows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator.errors import ApiError
from emulator.vendors.b3os.model import new_run
from emulator.vendors.b3os.query import MAX_LIMIT, Window, micros, month_of, page


def run_at(stamp: datetime, n: int = 0) -> object:
    return new_run(f"run_{n:020d}", "wf_a", "success", "manual", stamp, stamp, ())


@pytest.mark.parametrize(
    ("limit", "offset", "shown", "has_more"),
    [(20, 0, 20, True), (250, 0, 100, True), (100, 150, 100, False), (100, 151, 99, False),
     (10, 249, 1, False), (10, 250, 0, False), (10, 10**18, 0, False), (1, 248, 1, True)],
)  # fmt: skip
def test_pages_clamp_the_limit_and_know_whether_more_follow(
    limit: int, offset: int, shown: int, has_more: bool
) -> None:
    runs = list(range(250))
    found = page(runs, limit, offset)  # type: ignore[arg-type]
    assert (len(found.items), found.limit, found.has_more) == (shown, min(limit, MAX_LIMIT),
                                                               has_more)  # fmt: skip


def test_a_window_is_half_open_in_milliseconds() -> None:
    stamp = datetime(2026, 10, 1, 0, 0, 0, 999, tzinfo=UTC)  # 999 µs after a whole second
    ms = micros(stamp) // 1000
    run = run_at(stamp)
    assert Window.of(ms, ms + 1).holds(run)  # type: ignore[arg-type]
    assert not Window.of(ms - 1, ms).holds(run)  # type: ignore[arg-type]
    assert Window.of(0, 3_600_000).hours == 1


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ApiError) as refused:
        Window.of(5, 4)
    assert (refused.value.status, refused.value.details) == (400, ["from: must not be after to"])


def test_a_month_is_its_year_and_number() -> None:
    assert month_of("0000-01") == (0, 1)
    assert month_of("2026-12") == (2026, 12)
