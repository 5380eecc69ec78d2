"""The run list over the engine: one app's runs as of now, filtered, sorted, one page.

Three sides are merged into one order (engine/page.py): the finished generated runs, from the
tenant's precomputed order for the sort (base.py), grouped by app and final status so that an
app or a status filter is a group, not a scan; the generated runs that the order cannot serve
(still in progress at now, so their status and times are not final, or newer than the order)
sorted here by their values at now (state.py); and overlay runs (fixtures, injected), filtered
and sorted on `as_of(run, now)`. A user or session filter is narrow (a user's few dozen runs,
a session's few): its generated runs are looked up (an index, the session's positions) and
sorted here, at any size. Only the page's runs are made.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine.page import Ordered, listed, merge_page
from emulator.engine.tenant import TenantRuns
from emulator.store import micros
from emulator.vendors.dynamiq.base import Base, Union
from emulator.vendors.dynamiq.generator import DynamiqRuns
from emulator.vendors.dynamiq.model import AWAITING, STORED, TERMINAL, DynamiqRun, as_of
from emulator.vendors.dynamiq.order import Spec, columns, key_at, run_key, sorting
from emulator.vendors.dynamiq.query import Filters
from emulator.vendors.dynamiq.state import CODES, LAST, seen
from emulator.vendors.dynamiq.tenancy import Behaviour

Ints = npt.NDArray[np.int64]
_FINAL = frozenset(STORED.index(s) for s in TERMINAL)
_NONE = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, slots=True)
class Ask:
    """One list request: the app (its index among the tenant's live apps and its id), what
    to keep and in which order."""

    app: int
    app_id: str
    filters: Filters
    behaviour: Behaviour
    spec: Spec

    @property
    def codes(self) -> frozenset[int] | None:
        statuses = self.filters.statuses
        return frozenset(CODES[s] for s in statuses) if statuses else None


def page(
    runs: TenantRuns, ask: Ask, now: datetime, offset: int, limit: int
) -> tuple[int, list[DynamiqRun]]:
    """How many runs match at `now`, and the page of them as stored (`as_of` shows them)."""
    generator = runs.generator
    assert isinstance(generator, DynamiqRuns)
    now_us = micros(now)
    visible = runs.timeline.visible(now_us)
    placed = _placed(runs, ask, now, now_us)
    if ask.filters.user_id or ask.filters.session_id:
        generated = _sorted(runs, ask, _narrow(runs, generator, ask, visible), now_us)
        sides = (generated, placed)
    else:
        base = generator.bases.get(runs.timeline, ask.spec, runs.cleared_below, visible)
        going, apart = _apart(runs, base, now_us, visible)
        sides = (_ranked(runs, base, ask, going), merged(_sorted(runs, ask, apart, now_us), placed))
    entries = merge_page(*sides, offset, limit)
    shown = [e if isinstance(e, DynamiqRun) else runs.run_at(e) for e in entries]
    return sides[0].size + sides[1].size, shown


# -- overlay runs -----------------------------------------------------------------------------
def _placed(runs: TenantRuns, ask: Ask, now: datetime, now_us: int) -> Ordered:
    """Overlay runs matching at now, sorted by their values at now."""
    keyed = [(run_key(shown, ask.spec), p.run) for p in runs.added(now_us)
             if holds(shown := as_of(p.run, now), ask)]  # fmt: skip
    keyed.sort(key=lambda pair: pair[0])
    return listed([k for k, _ in keyed], [r for _, r in keyed])


def holds(run: DynamiqRun, ask: Ask) -> bool:
    """The filters on one run object, as of now."""
    filters = ask.filters
    if run.app_id != ask.app_id:
        return False
    if filters.user_id and run.user_id != filters.user_id:
        return False
    if filters.session_id and run.session_id != filters.session_id:
        return False
    reported = run.reported_status
    if not filters.statuses or reported in filters.statuses:
        return True
    # Whether `started`/`paused` also find a run reported awaiting_input is a tenant switch.
    is_switched = ask.behaviour.is_awaiting_in_underlying_status
    return is_switched and reported == AWAITING and run.status in filters.statuses


# -- generated runs sorted here ---------------------------------------------------------------
def _narrow(runs: TenantRuns, generator: DynamiqRuns, ask: Ask, visible: int) -> Ints:
    """The generated positions a user or session filter can match (before its status)."""
    timeline, filters = runs.timeline, ask.filters
    if filters.session_id:
        head = generator.session_head(filters.session_id)
        found = np.asarray(generator.sessions.members(-1 if head is None else head), np.int64)
        found = found[found < visible]
        if filters.user_id:
            users = generator.users_named(filters.user_id)
            found = found[np.isin(timeline.column("user")[found], users)]
    else:
        users = generator.users_named(filters.user_id)
        found = timeline.index("user").any_of(users).array() if users else _NONE
    found = found[(found >= runs.cleared_below) & (found < visible)]
    return found[~np.isin(found, runs.hidden)]


def _apart(runs: TenantRuns, base: Base, now_us: int, visible: int) -> tuple[Ints, Ints]:
    """The runs of the order still in progress at now, and every generated run it cannot
    serve (those, and the ones newer than it), deleted ones left out."""
    going = runs.timeline.in_progress(now_us, visible)
    going = going[(going >= base.low) & (going < base.high)]
    apart = np.concatenate((going, np.arange(base.high, visible, dtype=np.int64)))
    return going, apart[~np.isin(apart, runs.hidden)]


def _sorted(runs: TenantRuns, ask: Ask, positions: Ints, now_us: int) -> Ordered:
    generator = runs.generator
    assert isinstance(generator, DynamiqRuns)
    positions = positions[runs.timeline.column("app")[positions] == ask.app]
    state = seen(runs.timeline, positions, now_us)
    codes = ask.codes
    if codes is not None:
        kept = state.matching(codes, ask.behaviour.is_awaiting_in_underlying_status)
        state = seen(runs.timeline, positions[kept], now_us)
    parts = columns(state, ask.spec, generator.id_key)
    order = sorting(parts)
    parts = [part[order] for part in parts]
    chosen = state.positions[order]
    return Ordered(len(chosen), lambda i: key_at(parts, i), lambda i: int(chosen[i]))


# -- finished generated runs, from the precomputed order --------------------------------------
def _ranked(runs: TenantRuns, base: Base, ask: Ask, going: Ints) -> Ordered:
    codes = ask.codes
    statuses = None if codes is None or codes >= _FINAL else codes & _FINAL
    if statuses is not None and not statuses:
        return listed([], [])
    hidden = runs.hidden[(runs.hidden >= base.low) & (runs.hidden < base.high)]
    excluded = np.union1d(going, hidden)
    column = runs.timeline.column
    mine = column("app")[excluded] == ask.app
    if statuses is not None:
        mine &= np.isin(column("status")[excluded], list(statuses))
    ranks = np.sort(base.rank[excluded[mine] - base.low]).tolist()
    side = _Finished(runs, base, Union(base.ranks_of(ask.app, statuses), ranks), ask.spec)
    return Ordered(side.union.size, side.key, side.position, jumps=False)


class _Finished:
    """The base's side of a page: positions and keys of a window of the union at a time."""

    def __init__(self, runs: TenantRuns, base: Base, union: Union, spec: Spec) -> None:
        generator = runs.generator
        assert isinstance(generator, DynamiqRuns)
        self.union, self._runs, self._base, self._spec = union, runs, base, spec
        self._id_key = generator.id_key
        self._positions: Ints = _NONE
        self._parts: list[npt.NDArray[Any]] = []

    def _at(self, index: int) -> int:
        if not 0 <= index - self.union.first < len(self._positions):
            self.union.window(index)
            self._positions = self._base.low + self._base.order[self.union.ranks].astype(np.int64)
            final = seen(self._runs.timeline, self._positions, LAST)
            self._parts = columns(final, self._spec, self._id_key)
        return index - self.union.first

    def position(self, index: int) -> int:
        at = self._at(index)  # first: it may move the window
        return int(self._positions[at])

    def key(self, index: int) -> tuple[int, ...]:
        at = self._at(index)
        return key_at(self._parts, at)


# -- two sides as one -------------------------------------------------------------------------
def merged(a: Ordered, b: Ordered) -> Ordered:
    """The merge of two ordered sides as one (ties: `a` first), each element found by a binary
    search on how many of the first k come from `b`."""
    if not b.size:
        return a
    if not a.size:
        return b
    found: dict[int, tuple[Any, Any]] = {}

    def element(k: int) -> tuple[Any, Any]:
        if k not in found:
            low, high = max(0, k - a.size), min(k, b.size)
            while low < high:  # how many of the first k come from b
                j = (low + high) // 2
                if b.key(j) < a.key(k - j - 1):
                    low = j + 1
                else:
                    high = j
            i, j = k - low, low
            is_a = j >= b.size or (i < a.size and not b.key(j) < a.key(i))
            found[k] = (a.key(i), a.item(i)) if is_a else (b.key(j), b.item(j))
        return found[k]

    return Ordered(a.size + b.size, lambda k: element(k)[0], lambda k: element(k)[1], jumps=False)
