"""The flow-run list over the engine: generated runs answered from groups of the columns,
overlay runs and runs in progress on their state now, merged into one order and one page.

Generated runs that have ended are found by group (the flow; with `state`, its final states;
with `user_id`, that user's runs): the date window is a span of positions, and a page is
found by binary search, whatever its depth. Runs still in progress at now (few: the last
minutes, and parents waiting for their step) are taken out of the groups of their final
state and filtered on their state now instead, beside the overlay runs, which are few too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np

from emulator.engine.page import Ordered, merge_page, newest_placed
from emulator.engine.tenant import Place, Placed, TenantRuns
from emulator.store import micros
from emulator.vendors.stackai import groups
from emulator.vendors.stackai.cells import Matches
from emulator.vendors.stackai.groups import Ints, Kind
from emulator.vendors.stackai.model import STATES, StackRun, as_of
from emulator.vendors.stackai.query import RunFilter


@dataclass(frozen=True, slots=True)
class Found:
    """What matched as of `now`: ended generated runs, and the rest (positions in progress
    and overlay entries) oldest first."""

    runs: TenantRuns
    now: datetime
    generated: Matches
    others: list[Any]
    places: list[Place]

    def __len__(self) -> int:
        return self.generated.size + len(self.others)


def select(runs: TenantRuns, now: datetime, flow: int, rule: RunFilter) -> Found:
    now_us = micros(now)
    span = runs.timeline.span(*rule.window.bounds_us(), runs.timeline.visible(now_us))
    low, high = max(span.low, runs.cleared_below), span.high
    kind, wanted = _groups(runs, flow, rule)
    going = groups.in_progress(runs, now_us, low, high)
    going = going[groups.values(runs, "flow", going) == flow]
    aside = np.union1d(going, groups.hidden(runs, low, high))
    excluded = aside[np.isin(groups.column_keys(runs, kind, aside), wanted)]
    generated = Matches(groups.cells(runs, kind), wanted, low, high, excluded)
    entries = [*_going(runs, going, now_us, rule), *_placed(runs, now, rule)]
    entries.sort(key=lambda entry: entry[0])
    return Found(runs, now, generated, [e for _, e in entries], [p for p, _ in entries])


def _groups(runs: TenantRuns, flow: int, rule: RunFilter) -> tuple[Kind, Ints]:
    """The grouping that answers the filter, and the groups wanted (none, when the user is
    not one generated runs have)."""
    states = _state_indices(rule.states)
    kind = _KINDS[(rule.user_id is not None, states is not None)]
    users = groups.generator_of(runs).users
    if rule.user_id is not None and rule.user_id not in users:
        return kind, np.zeros(0, dtype=np.int64)
    user = -1 if rule.user_id is None else users.index(rule.user_id)
    chosen = np.arange(len(STATES), dtype=np.int64) if states is None else states
    flows, users_of = np.full(len(chosen), flow), np.full(len(chosen), user)
    return kind, np.unique(groups.keys(runs, kind, flows, chosen, users_of))


_KINDS: dict[tuple[bool, bool], Kind] = {
    (False, False): "flow", (False, True): "flow_state",
    (True, False): "flow_user", (True, True): "flow_user_state",
}  # fmt: skip


def _state_indices(states: frozenset[str] | None) -> Ints | None:
    if states is None:
        return None
    return np.array(sorted(STATES.index(s) for s in states if s in STATES), dtype=np.int64)


def _going(runs: TenantRuns, going: Ints, now_us: int, rule: RunFilter) -> list[tuple[Place, int]]:
    """Positions in progress that the filter holds on as they are now."""
    users = groups.generator_of(runs).users
    states = groups.states_now(runs, going, now_us)
    user_of = groups.values(runs, "user", going)
    kept = []
    for position, state, user in zip(
        going.tolist(), states.tolist(), user_of.tolist(), strict=True
    ):
        user_id = users[user] if user >= 0 else None
        if (rule.states is None or STATES[state] in rule.states) and (
            rule.user_id is None or user_id == rule.user_id
        ):
            kept.append((runs.place_of(position), position))
    return kept


def _placed(runs: TenantRuns, now: datetime, rule: RunFilter) -> list[tuple[Place, Placed]]:
    return [(p.place, p) for p in runs.added(micros(now)) if rule.holds(as_of(p.run, now))]


def page(found: Found, offset: int, limit: int) -> list[StackRun]:
    """Runs offset .. offset + limit, newest first (date, then run_id, descending), as of now."""
    runs, generated = found.runs, found.generated

    def newest_key(index: int) -> tuple[int, int]:
        start, tiebreak = runs.place_of(generated.nth_newest(index))
        return -start, -tiebreak

    sides = (
        Ordered(generated.size, newest_key, generated.nth_newest),
        newest_placed(found.places, found.others),
    )
    return [as_of(runs.resolve(entry), found.now) for entry in merge_page(*sides, offset, limit)]
