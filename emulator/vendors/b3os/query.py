"""How the CU routes read their query: pages of the runs list, time windows, months.

- `limit` over 100 is clamped to 100 (the docs' "max: 100"; the vendor's own MCP client sends
  up to 300 when it over-fetches, which only works against a clamping server); `limit` under 1
  and a negative `offset` are 400s, as are non-integers (FACTS.md 2.4).
- `hasMore` is exact: more runs exist past this page.
- A usage window is [from, to) in Unix milliseconds; `from` after `to` is a 400.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from emulator.vendors.b3os.dialect import failure

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Page:
    items: Sequence[Any]
    limit: int
    offset: int
    has_more: bool


def page(runs: Sequence[Any], limit: int, offset: int) -> Page:
    """A slice of the store's own order: O(page), whatever the offset."""
    effective = min(limit, MAX_LIMIT)
    items = runs[offset : offset + effective]
    return Page(items, effective, offset, offset + len(items) < len(runs))


def window(start_ms: int, end_ms: int) -> tuple[int, int]:
    """[start, end) in Unix milliseconds, refused when it ends before it starts."""
    if start_ms > end_ms:
        raise failure(400, ["from: must not be after to"])
    return start_ms, end_ms


def month_of(year_month: str) -> tuple[int, int]:
    """`YYYY-MM`, already checked by Go's time.Parse rules (goparse.parse_year_month)."""
    return int(year_month[:4]), int(year_month[5:7])
