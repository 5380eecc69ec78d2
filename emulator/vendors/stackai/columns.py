"""The columns of generated StackAI runs: which flow, who, what outcome, how many tokens and
when each run pauses, resumes and ends, for many positions at once.

Positions come in pairs (2k, 2k + 1) so that a sub-workflow run sits inside a real parent:
when the run at 2k belongs to a flow that calls others, it may call one of them, which then
runs at 2k + 1, the parent's steps before and after it. The next run on the timeline may
start later than the parent's first steps take (at small datasets, hours later), so such a
parent waits for input (PAUSED) until just before the call. Its latency counts the time it
ran, not the wait. A failing step fails its parent; a cancelled parent cancels its step.
Every value is a draw of (key, position, salt), so a pair is computed whole from either end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import cumulative, mix, pick, unit
from emulator.engine.timeline import NEVER, Column
from emulator.vendors.stackai.catalog import MAX_CALLS, Quantiles, call_tokens
from emulator.vendors.stackai.model import STATES
from emulator.vendors.stackai.tenancy import Organization

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
COMPLETED, FAILED, CANCELLED, PAUSED = (STATES.index(s) for s in
                                        ("COMPLETED", "FAILED", "CANCELLED", "PAUSED"))  # fmt: skip
# RunType, in the spec's order; who ran a run: nobody known (a visitor of a published
# interface), an API key, a member, the system.
RUN_TYPES = ("workflow_builder", "form", "batch", "chat_assistant", "agent_assistant", "trigger",
             "scheduled", "sub_workflow", "api")  # fmt: skip
SUB_WORKFLOW, API = RUN_TYPES.index("sub_workflow"), RUN_TYPES.index("api")
VISITOR, KEY, MEMBER, SYSTEM = 0, 1, 2, 3
INTERFACES = tuple(RUN_TYPES.index(t) for t in ("form", "chat_assistant", "agent_assistant"))
_RUN_TYPE_WEIGHTS = {
    "workflow": {"api": 45, "workflow_builder": 15, "form": 15, "batch": 8, "trigger": 9,
                 "scheduled": 8},
    "chat_assistant": {"chat_assistant": 60, "api": 25, "workflow_builder": 15},
    "agent_assistant": {"agent_assistant": 60, "api": 25, "workflow_builder": 15},
    "sub_flow": {"workflow_builder": 1, "api": 1},  # a sub-flow run directly, not as a step
}  # fmt: skip
_OUTCOMES = cumulative((82, 10, 3, 5))  # COMPLETED, FAILED, CANCELLED, PAUSED (for good)
_PARENT_OUTCOMES = cumulative((85, 11, 4))  # COMPLETED, FAILED, CANCELLED
_MOST_CALLS = {COMPLETED: 3, FAILED: 2, CANCELLED: 1, PAUSED: 1}
_CALL_COUNTS = cumulative((60, 30, 10))
SUB_FLOW_SHARE = 0.8  # of the runs at even positions of a calling flow
STEP_FAILS = 0.6  # of the steps of a failed parent
PAUSE_SHARE = 0.06  # of other runs: they wait for input on the way, then resume
MAX_LINK_GAP_US = 24 * 3_600_000_000  # a step starts at most a day after its parent
_QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0)
# Seconds a run works (plus 1.5 s per LLM call), and a wait for input lasts.
WORK = Quantiles(_QUANTILES, (0.3, 1.2, 2.2, 4.0, 7.0, 11.5, 25.0, 60.0))
_WAIT = Quantiles(_QUANTILES, (10.0, 30.0, 90.0, 300.0, 900.0, 1800.0, 5400.0, 7200.0))
MAX_WORK_MS = 60_000 + 1_500 * MAX_CALLS
MAX_DURATION_US = max(
    MAX_LINK_GAP_US + (2 * MAX_WORK_MS + 1) * 1000,  # a parent whose step starts a day later
    (MAX_WORK_MS + 7_200_000) * 1000,  # a run that waits the longest
)
SALTS = {name: 0x200 + n for n, name in enumerate(
    ("flow", "link", "callee", "outcome", "step", "run_type", "actor", "end_user", "has_user",
     "visitor", "calls", "work", "split", "pause", "wait", "lead", "error"))}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Plan:
    """What an organisation's flows make of the draws, as arrays indexed by flow."""

    organization: Organization
    end_users: int  # the first entries of the tenant's user pool; members follow
    flow_totals: npt.NDArray[np.float64]
    callees: Ints  # flow -> the flows it calls (-1 padded)
    table_of: Ints  # flow -> its run-type table
    is_published: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, organization: Organization, end_users: int) -> Plan:
        flows, ids = organization.flows, [f.id for f in organization.flows]
        widest = max([1, *(len(f.calls) for f in flows)])
        callees = [[ids.index(c) for c in f.calls] + [-1] * (widest - len(f.calls)) for f in flows]
        tables = list(_RUN_TYPE_WEIGHTS)
        is_sub_flow = [organization.is_sub_flow(f) for f in flows]
        return cls(
            organization,
            end_users,
            # Sub-flows mostly run as steps of their callers, so they are drawn less often.
            cumulative([1 if sub else 4 for sub in is_sub_flow]),
            np.array(callees, dtype=np.int64),
            np.array(
                [
                    tables.index("sub_flow" if sub else f.type)
                    for f, sub in zip(flows, is_sub_flow, strict=True)
                ]
            ),
            np.array([f.public_ui is not None for f in flows]),
        )


def table(plan: Plan, key: int, positions: Ints, starts: Ints) -> dict[str, Column]:
    """Every column of whole pairs: `positions` starts even and has even length."""
    draws = _Draws(key, positions)
    flow, partner, is_parent, is_child = _flows(plan, draws, starts)
    state = _outcomes(draws, is_parent, is_child)
    run_type, by, actor, user = _who(plan, draws, flow, is_child)
    most = np.asarray([_MOST_CALLS.get(n, 0) for n in range(len(STATES))])[state]
    calls = np.minimum(most, pick(draws.of("calls"), _CALL_COUNTS) + 1)
    first, tokens = _tokens(key, positions, calls)
    work = np.rint(WORK.of(draws.unit("work")) * 1000) + 1500 * calls
    is_paired = is_parent | is_child
    end, paused, resumed = _timing(
        draws, starts, work.astype(np.int64), state, is_parent, is_paired
    )
    early = np.where((paused != NEVER) & (calls > 0), first, 0)
    return {
        "end": end, "paused": paused, "resumed": resumed,
        "flow": flow.astype(np.int16), "partner": partner.astype(np.int16),
        "state": state.astype(np.int8), "run_type": run_type.astype(np.int8),
        "by": by.astype(np.int8), "actor": actor.astype(np.int16), "user": user.astype(np.int16),
        "calls": calls.astype(np.int8), "tokens": tokens.astype(np.int32),
        "early": early.astype(np.int32),
    }  # fmt: skip


class _Draws:
    def __init__(self, key: int, positions: Ints) -> None:
        self.key, self.positions = key, positions

    def of(self, name: str, positions: Ints | None = None) -> npt.NDArray[np.uint64]:
        chosen = self.positions if positions is None else positions
        return mix(self.key, chosen, SALTS[name])

    def unit(self, name: str, positions: Ints | None = None) -> npt.NDArray[np.float64]:
        return unit(self.of(name, positions))


def _flows(plan: Plan, draws: _Draws, starts: Ints) -> tuple[Ints, Ints, Bools, Bools]:
    """Each position's flow, its partner's flow (-1 when alone) and its part in a pair."""
    drawn = pick(draws.of("flow"), plan.flow_totals)
    evens = draws.positions[0::2]
    callers = drawn[0::2]
    count = (plan.callees[callers] >= 0).sum(axis=1)
    is_linked = (
        (count > 0)
        & (draws.unit("link", evens) < SUB_FLOW_SHARE)
        & (starts[1::2] - starts[0::2] <= MAX_LINK_GAP_US)
    )
    choice = np.floor(draws.unit("callee", evens) * np.maximum(count, 1)).astype(np.int64)
    flow = drawn.copy()
    flow[1::2] = np.where(is_linked, plan.callees[callers, choice], drawn[1::2])
    partner = np.full(len(flow), -1, dtype=np.int64)
    partner[0::2] = np.where(is_linked, flow[1::2], -1)
    partner[1::2] = np.where(is_linked, callers, -1)
    is_parent, is_child = np.zeros(len(flow), dtype=bool), np.zeros(len(flow), dtype=bool)
    is_parent[0::2], is_child[1::2] = is_linked, is_linked
    return flow, partner, is_parent, is_child


def _outcomes(draws: _Draws, is_parent: Bools, is_child: Bools) -> Ints:
    """Final states: a parent never pauses for good; its step follows its outcome."""
    bits = draws.of("outcome")
    alone = np.asarray((COMPLETED, FAILED, CANCELLED, PAUSED))[pick(bits, _OUTCOMES)]
    parent = np.asarray((COMPLETED, FAILED, CANCELLED))[pick(bits, _PARENT_OUTCOMES)]
    state = np.where(is_parent, parent, alone)
    of_parent = state[0::2]
    step_fails = draws.unit("step", draws.positions[0::2]) < STEP_FAILS
    step = np.where((of_parent == FAILED) & ~step_fails, COMPLETED, of_parent)
    state[1::2] = np.where(is_child[1::2], step, state[1::2])
    return state


def _who(plan: Plan, draws: _Draws, flow: Ints, is_child: Bools) -> tuple[Ints, Ints, Ints, Ints]:
    """Run type, who ran it (kind and index among the keys or members) and the user pool
    index of its user_id (-1: none); a step is run by whoever ran its parent."""
    org = plan.organization
    run_type = _run_types(plan, draws, flow)
    is_visitor = (np.isin(run_type, INTERFACES) & plan.is_published[flow]
                  & (draws.unit("visitor") < 0.4))  # fmt: skip
    is_system = np.isin(run_type, (RUN_TYPES.index("trigger"), RUN_TYPES.index("scheduled")))
    by = np.select([run_type == API, is_system, is_visitor], [KEY, SYSTEM, VISITOR], MEMBER)
    share = draws.unit("actor")
    among = np.where(by == KEY, len(org.api_keys), np.where(by == MEMBER, len(org.users), 0))
    actor = np.where(among > 0, np.floor(share * among), -1).astype(np.int64)
    has_user = draws.unit("has_user") < 0.7
    end_user = np.floor(draws.unit("end_user") * plan.end_users).astype(np.int64)
    user = np.select([(by == KEY) & has_user, by == MEMBER], [end_user, plan.end_users + actor], -1)
    for values in (by, actor, user):
        values[1::2] = np.where(is_child[1::2], values[0::2], values[1::2])
    run_type[1::2] = np.where(is_child[1::2], SUB_WORKFLOW, run_type[1::2])
    return run_type, by, actor, user


def _run_types(plan: Plan, draws: _Draws, flow: Ints) -> Ints:
    """Each run's type, drawn with the weights of its flow's kind."""
    bits, table = draws.of("run_type"), plan.table_of[flow]
    run_type = np.zeros(len(flow), dtype=np.int64)
    for n, weights in enumerate(_RUN_TYPE_WEIGHTS.values()):
        chosen = table == n
        if chosen.any():
            totals = cumulative([weights.get(t, 0) for t in RUN_TYPES])
            run_type[chosen] = pick(bits[chosen], totals)
    return run_type


def _tokens(key: int, positions: Ints, calls: Ints) -> tuple[Ints, Ints]:
    """Tokens of the first call, and of all the run's calls."""
    spent = [np.where(calls > n, np.add(*call_tokens(key, positions, n)), 0)
             for n in range(MAX_CALLS)]  # fmt: skip
    return spent[0], sum(spent[1:], spent[0])


def _timing(
    draws: _Draws, starts: Ints, work_ms: Ints, state: Ints, is_parent: Bools, is_paired: Bools
) -> tuple[Ints, Ints, Ints]:
    """(end, paused, resumed) in µs; NEVER where a run does not pause or resume."""
    before_ms = np.maximum(1, np.floor(work_ms * (0.2 + 0.4 * draws.unit("split")))).astype(
        np.int64
    )
    wait_ms = np.rint(_WAIT.of(draws.unit("wait")) * 1000)
    pauses = (draws.unit("pause") < PAUSE_SHARE) & (state != PAUSED) & ~is_paired
    paused = np.where(pauses, starts + before_ms * 1000, NEVER)
    resumed = np.where(pauses, paused + wait_ms.astype(np.int64) * 1000, NEVER)
    end = np.where(
        state == PAUSED,
        starts + before_ms * 1000,
        np.where(pauses, resumed + (work_ms - before_ms) * 1000, starts + work_ms * 1000),
    )
    _call_steps(draws, starts, work_ms, before_ms, is_parent, (end, paused, resumed))
    return end, paused, resumed


def _call_steps(
    draws: _Draws, starts: Ints, work_ms: Ints, before_ms: Ints, is_parent: Bools,
    timing: tuple[Ints, Ints, Ints],
) -> None:  # fmt: skip
    """Parents' times around their step: the step at 2k + 1 runs alone; the parent works
    `before` ms, waits (if the step starts later than that), resumes a moment before the
    step, and ends its remaining work after the step has ended."""
    end, paused, resumed = timing
    parents = np.flatnonzero(is_parent)
    steps = parents + 1
    lead_ms = 100 + np.floor(draws.unit("lead", draws.positions[parents]) * 800).astype(np.int64)
    gap = starts[steps] - starts[parents]
    after_us = (end[steps] - starts[steps]) + (work_ms[parents] - before_ms[parents]) * 1000
    waits = gap > (before_ms[parents] + lead_ms) * 1000
    paused[parents] = np.where(waits, starts[parents] + before_ms[parents] * 1000, NEVER)
    resumed[parents] = np.where(waits, starts[steps] - lead_ms * 1000, NEVER)
    # Without a wait the parent runs straight through: its time, rounded up to the millisecond.
    through = starts[parents] + -(-(gap + after_us) // 1000) * 1000
    end[parents] = np.where(waits, starts[steps] + after_us, through)
