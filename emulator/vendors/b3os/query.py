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
from datetime import UTC, datetime, timedelta

from emulator.vendors.b3os.dialect import failure
from emulator.vendors.b3os.model import B3osRun

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_UNIX = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Page:
    items: Sequence[B3osRun]
    limit: int
    offset: int
    has_more: bool


def page(runs: Sequence[B3osRun], limit: int, offset: int) -> Page:
    """A slice of the store's own order: O(page), whatever the offset."""
    effective = min(limit, MAX_LIMIT)
    items = runs[offset : offset + effective]
    return Page(items, effective, offset, offset + len(items) < len(runs))


def micros(stamp: datetime) -> int:
    """Microseconds since the Unix epoch, as an integer (no float rounding at the edges)."""
    return (stamp - _UNIX) // _MICROSECOND


@dataclass(frozen=True, slots=True)
class Window:
    """[start, end) in Unix milliseconds."""

    start: int
    end: int

    @classmethod
    def of(cls, start: int, end: int) -> Window:
        if start > end:
            raise failure(400, ["from: must not be after to"])
        return cls(start, end)

    def holds(self, run: B3osRun) -> bool:
        at = micros(run.started_at)
        return self.start * 1000 <= at < self.end * 1000

    @property
    def hours(self) -> float:
        return (self.end - self.start) / 3_600_000


def month_of(year_month: str) -> tuple[int, int]:
    """`YYYY-MM`, already checked by Go's time.Parse rules (goparse.parse_year_month)."""
    return int(year_month[:4]), int(year_month[5:7])
