"""Pages of the runs list, usage windows and months."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.vendors.b3os.query import MAX_LIMIT, month_of, page, window


@pytest.mark.parametrize(
    ("limit", "offset", "shown", "has_more"),
    [(20, 0, 20, True), (250, 0, 100, True), (100, 150, 100, False), (100, 151, 99, False),
     (10, 249, 1, False), (10, 250, 0, False), (10, 10**18, 0, False), (1, 248, 1, True)],
)  # fmt: skip
def test_pages_clamp_the_limit_and_know_whether_more_follow(
    limit: int, offset: int, shown: int, has_more: bool
) -> None:
    found = page(list(range(250)), limit, offset)
    assert (len(found.items), found.limit, found.has_more) == (shown, min(limit, MAX_LIMIT),
                                                               has_more)  # fmt: skip


def test_a_window_may_be_empty_but_not_reversed() -> None:
    assert window(4, 4) == (4, 4) and window(0, 3_600_000) == (0, 3_600_000)
    with pytest.raises(ApiError) as refused:
        window(5, 4)
    assert (refused.value.status, refused.value.details) == (400, ["from: must not be after to"])


def test_a_month_is_its_year_and_number() -> None:
    assert month_of("0000-01") == (0, 1)
    assert month_of("2026-12") == (2026, 12)
