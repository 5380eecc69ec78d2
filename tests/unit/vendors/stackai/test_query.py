"""The run list's filter pieces: state lists, windows, pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from emulator.runtime import Runtime
from emulator.vendors.stackai import query
from emulator.vendors.stackai.model import StackRun


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


@pytest.mark.parametrize(
    ("page", "size", "expected"),
    [(0, 3, [0, 1, 2]), (1, 3, [3, 4, 5]), (3, 3, [9]), (4, 3, []), (10**40, 10**40, []),
     (0, 10**40, list(range(10)))],
)  # fmt: skip
def test_pages_are_slices_and_huge_numbers_are_cheap(
    page: int, size: int, expected: list[int]
) -> None:
    assert query.page_of(iter(range(10)), page, size, 10) == expected


def tenant_runs(runtime: Runtime) -> list[StackRun]:
    return list(runtime.state("stackai").store.runs("northwind"))


@pytest.mark.parametrize(
    ("start", "end"),
    [(None, None), ("2026-10-01", "2026-10-15"), ("2026-10-20T13:00:00.25", None),
     (None, "2026-09-10"), ("2026-10-21", "2026-10-20"), ("2030-01-01", None)],
)  # fmt: skip
def test_the_bisected_window_is_exactly_the_runs_inside_it(
    runtime: Runtime, start: str | None, end: str | None
) -> None:
    runs = tenant_runs(runtime)
    window = query.Window.of(
        None if start is None else datetime.fromisoformat(start),
        None if end is None else datetime.fromisoformat(end),
    )
    inside = [r for r in runs if window.holds(r)]
    assert [runs[i] for i in window.span(runs)] == inside


def test_select_filters_then_pages(runtime: Runtime) -> None:
    runs = tenant_runs(runtime)
    rule = query.RunFilter(query.Window(), flow_id="57fa49e56a34b37178e10e70",
                           states=frozenset({"COMPLETED"}))  # fmt: skip
    wanted = [r for r in runs if rule.holds(r)]
    assert query.select(runs, rule, 1, 7) == wanted[7:14]
