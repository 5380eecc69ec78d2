"""The flow-run list's filters and pages (FACTS.md 3.4, 3.5), as values.

The vendor documents the parameters but not their semantics; the choices below are recorded
in docs/fidelity.md. Dates bound `date` inclusively, a naive bound is UTC; `state` is a
comma-separated list of WorkflowState names, ORed, trimmed and case-sensitive, and a name that
is no state matches no run; an empty `state` or `user_id` is no filter. A filter holds on a run
as it is at the instant asked about (a run in progress is PENDING, PAUSED or RESUMED).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import TypeVar

from emulator.store import micros
from emulator.vendors.stackai.model import StackRun

Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Window:
    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def of(cls, start: datetime | None, end: datetime | None) -> Window:
        return cls(_aware(start), _aware(end))

    def holds(self, run: StackRun) -> bool:
        return (self.start is None or run.date >= self.start) and (
            self.end is None or run.date <= self.end
        )

    def bounds_us(self) -> tuple[int | None, int | None]:
        """Both bounds in µs since the Unix epoch (None: unbounded)."""
        start = None if self.start is None else micros(self.start)
        return start, None if self.end is None else micros(self.end)


@dataclass(frozen=True, slots=True)
class RunFilter:
    window: Window
    flow_id: str
    user_id: str | None = None
    states: frozenset[str] | None = None

    def holds(self, run: StackRun) -> bool:
        """On a run as of now."""
        return (
            run.flow_id == self.flow_id
            and (self.user_id is None or run.user_id == self.user_id)
            and (self.states is None or run.state in self.states)
            and self.window.holds(run)
        )


def parse_states(text: str | None) -> frozenset[str] | None:
    """The states asked for, or None for no state filter (absent, empty or only commas)."""
    if not text:
        return None
    wanted = frozenset(part.strip() for part in text.split(",")) - {""}
    return wanted or None


def page_of(items: Iterable[Item], page: int, page_size: int, bound: int) -> list[Item]:
    """Items `page * page_size` onwards; `bound` caps the scan (no more items than that exist),
    which also keeps huge page numbers (any size pydantic accepts) cheap and in range."""
    start = page * page_size
    if start >= bound:
        return []
    return list(islice(items, start, min(start + page_size, bound)))


def _aware(stamp: datetime | None) -> datetime | None:
    # A naive bound (date-only or without offset) is read as UTC, the zone runs are kept in.
    if stamp is None or stamp.tzinfo is not None:
        return stamp
    return stamp.replace(tzinfo=UTC)
