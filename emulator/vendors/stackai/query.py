"""The flow-run list's filters, order and pages (FACTS.md 3.4, 3.5).

The vendor documents the parameters but not their semantics; the choices below are recorded
in docs/fidelity-stackai.md. Dates bound `date` inclusively, a naive bound is UTC; `state` is
a comma-separated list of WorkflowState names, ORed, trimmed and case-sensitive, and a name
that is no state matches no run; an empty `state` or `user_id` is no filter. The store keeps
each organisation's runs newest first, so the date window is a bisected range of them and a
page the first matches of a lazy scan of that range.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import TypeVar

from emulator.vendor import State
from emulator.vendors.stackai.model import EPOCH, StackRun, default_order

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

    def span(self, runs: Sequence[StackRun]) -> range:
        """Positions of the runs inside the window, in runs kept in `default_order`."""
        # Order keys are (-microseconds, -uuid); uuids are non-negative, so (-us, 0) sorts
        # after every run of that microsecond and (-us, -2**128) before every one.
        low = (
            0
            if self.end is None
            else bisect.bisect_left(runs, (-_micros(self.end), -(2**128)), key=default_order)
        )
        high = (
            len(runs)
            if self.start is None
            else bisect.bisect_right(runs, (-_micros(self.start), 0), key=default_order)
        )
        return range(low, max(low, high))


@dataclass(frozen=True, slots=True)
class RunFilter:
    window: Window
    flow_id: str | None = None
    user_id: str | None = None
    states: frozenset[str] | None = None

    def holds(self, run: StackRun) -> bool:
        return (
            (self.flow_id is None or run.flow_id == self.flow_id)
            and (self.user_id is None or run.user_id == self.user_id)
            and (self.states is None or run.state in self.states)
            and self.window.holds(run)
        )


def flow_runs(state: State, slug: str, flow_id: str) -> Sequence[StackRun]:
    """One flow's runs, in the store's order: an index per organisation, rebuilt only when the
    store changed (injection, deletion), so that any page of a flow is a slice."""
    key = f"flow_runs:{slug}"
    version, index = state.memory.get(key, (-1, {}))
    if version != state.store.version:
        index = {}
        for run in state.store.runs(slug):
            index.setdefault(run.flow_id, []).append(run)
        state.memory[key] = (state.store.version, index)
    found: Sequence[StackRun] = index.get(flow_id, [])
    return found


def parse_states(text: str | None) -> frozenset[str] | None:
    """The states asked for, or None for no state filter (absent, empty or only commas)."""
    if not text:
        return None
    wanted = frozenset(part.strip() for part in text.split(",")) - {""}
    return wanted or None


def select(runs: Sequence[StackRun], rule: RunFilter, page: int, page_size: int) -> list[StackRun]:
    """Page `page` (0-based) of the runs that `rule` holds, in the store's order."""
    window = rule.window.span(runs)
    if rule.user_id is None and rule.states is None:  # the window alone: a slice, any depth
        start = window.start + page * page_size
        return list(runs[min(start, window.stop) : min(start + page_size, window.stop)])
    matching = (runs[i] for i in window if rule.holds(runs[i]))
    return page_of(matching, page, page_size, len(window))


def page_of(items: Iterable[Item], page: int, page_size: int, bound: int) -> list[Item]:
    """Items `page * page_size` onwards; `bound` caps the scan (no more items than that exist),
    which also keeps huge page numbers (any size pydantic accepts) cheap and in range."""
    start = page * page_size
    if start >= bound:
        return []
    return list(islice(items, start, min(start + page_size, bound)))


def _micros(stamp: datetime) -> int:
    return (stamp - EPOCH) // timedelta(microseconds=1)


def _aware(stamp: datetime | None) -> datetime | None:
    # A naive bound (date-only or without offset) is read as UTC, the zone runs are kept in.
    if stamp is None or stamp.tzinfo is not None:
        return stamp
    return stamp.replace(tzinfo=UTC)
