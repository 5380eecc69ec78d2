"""The run list's filter pieces: state lists, windows, pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from emulator.vendors.stackai import query


@pytest.mark.parametrize(
    ("text", "states"),
    [(None, None), ("", None), (",", None), (" , ", None), ("FAILED", {"FAILED"}),
     (" FAILED ,PAUSED,", {"FAILED", "PAUSED"}), ("failed", {"failed"}),
     ("FAILED,FAILED", {"FAILED"})],
)  # fmt: skip
def test_states_are_split_trimmed_and_kept_as_written(
    text: str | None, states: set[str] | None
) -> None:
    assert query.parse_states(text) == (None if states is None else frozenset(states))


def test_naive_bounds_are_utc_and_aware_ones_kept() -> None:
    naive = datetime(2026, 10, 20, 13)
    window = query.Window.of(naive, datetime(2026, 10, 20, 15, tzinfo=timezone(timedelta(hours=2))))
    assert window.start == datetime(2026, 10, 20, 13, tzinfo=UTC)
    assert window.end is not None and window.end.utcoffset() == timedelta(hours=2)
    start_us, end_us = window.bounds_us()
    assert start_us == end_us == int(datetime(2026, 10, 20, 13, tzinfo=UTC).timestamp()) * 10**6
    assert query.Window().bounds_us() == (None, None)


@pytest.mark.parametrize(
    ("page", "size", "expected"),
    [(0, 3, [0, 1, 2]), (1, 3, [3, 4, 5]), (3, 3, [9]), (4, 3, []), (10**40, 10**40, []),
     (0, 10**40, list(range(10)))],
)  # fmt: skip
def test_pages_are_slices_and_huge_numbers_are_cheap(
    page: int, size: int, expected: list[int]
) -> None:
    assert query.page_of(iter(range(10)), page, size, 10) == expected
