"""How generated StackAI runs are grouped for the flow list and the project summary: by flow,
by flow and final state, by flow and user, by flow, user and final state (emulator/vendors/
stackai/cells.py), built from the columns when first asked and kept per built size.

And what a run in progress is at an instant: its final state is a column, its state now comes
from when it pauses and resumes (PENDING until a pause, PAUSED, then RESUMED), and what it has
spent so far is the tokens of the calls it made before pausing.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from emulator.engine.tenant import TenantRuns
from emulator.vendors.stackai.cells import Cells
from emulator.vendors.stackai.generator import StackRuns
from emulator.vendors.stackai.model import STATES

Kind = Literal["flow", "flow_state", "flow_user", "flow_user_state"]
Ints = npt.NDArray[np.int64]
PENDING, PAUSED, RESUMED, FAILED = (STATES.index(s) for s in
                                    ("PENDING", "PAUSED", "RESUMED", "FAILED"))  # fmt: skip


def generator_of(runs: TenantRuns) -> StackRuns:
    generator = runs.generator
    assert isinstance(generator, StackRuns)
    return generator


def keys(runs: TenantRuns, kind: Kind, flow: Ints, state: Ints, user: Ints) -> Ints:
    """The group of each (flow, final state, user pool index or -1) in grouping `kind`."""
    size = len(STATES)
    by_user = flow.astype(np.int64) * (len(generator_of(runs).users) + 1) + user + 1
    found: Ints = {
        "flow": flow.astype(np.int64),
        "flow_state": flow.astype(np.int64) * size + state,
        "flow_user": by_user,
        "flow_user_state": by_user * size + state,
    }[kind]
    return found


def values(runs: TenantRuns, column: str, positions: Ints) -> Ints:
    """A column at some positions, as int64 (an empty selection reads nothing: a timeline
    with no run yet has no columns)."""
    if not len(positions):
        return np.zeros(0, dtype=np.int64)
    found: Ints = runs.timeline.column(column)[positions].astype(np.int64)
    return found


def cells(runs: TenantRuns, kind: Kind) -> Cells:
    def make() -> Cells:
        everything = np.arange(runs.timeline.size, dtype=np.int64)
        return Cells(column_keys(runs, kind, everything))

    return runs.timeline.derived(("stackai", kind), make)


def column_keys(runs: TenantRuns, kind: Kind, positions: Ints) -> Ints:
    """The groups of some positions, read from their columns."""
    flow, state, user = (values(runs, name, positions) for name in ("flow", "state", "user"))
    return keys(runs, kind, flow, state, user)


def prefix_in_order(runs: TenantRuns, kind: Kind, column: str) -> Ints:
    """Running sums of a column in the order of grouping `kind`, with a leading 0."""

    def make() -> Ints:
        ordered = values(runs, column, cells(runs, kind).order())
        prefix: Ints = np.concatenate(([0], np.cumsum(ordered, dtype=np.int64)))
        return prefix

    return runs.timeline.derived(("stackai sums", kind, column), make)


def states_now(runs: TenantRuns, positions: Ints, now_us: int) -> Ints:
    """The state at `now_us` of runs in progress then."""
    paused, resumed = values(runs, "paused", positions), values(runs, "resumed", positions)
    found: Ints = np.select([resumed <= now_us, paused <= now_us], [RESUMED, PAUSED], PENDING)
    return found


def tokens_now(runs: TenantRuns, positions: Ints, now_us: int) -> Ints:
    """What runs in progress at `now_us` have spent: their calls before a pause."""
    early = values(runs, "early", positions)
    found: Ints = np.where(states_now(runs, positions, now_us) == PENDING, 0, early)
    return found


def in_progress(runs: TenantRuns, now_us: int, low: int, high: int) -> Ints:
    """Undeleted positions in [low, high) whose run is going at `now_us`."""
    timeline = runs.timeline
    going = timeline.in_progress(now_us, timeline.visible(now_us))
    going = going[(going >= max(low, runs.cleared_below)) & (going < high)]
    found: Ints = going[~np.isin(going, runs.hidden)]
    return found


def hidden(runs: TenantRuns, low: int, high: int) -> Ints:
    """Deleted (or replaced) positions in [low, high)."""
    found: Ints = runs.hidden[(runs.hidden >= low) & (runs.hidden < high)]
    return found
