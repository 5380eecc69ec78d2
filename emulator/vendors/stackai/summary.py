"""Per-project totals of the organisation-level analytics (`OrgProjectRunSummary`), as of now.

Each row sums the project's runs in the date window exactly as the flow-run list shows them
at that instant, so a client can reconcile the two. What counts is inferred (docs/fidelity.md):
an error is a run with an `error`, a user a distinct non-null `user_id`. Every flow of the
organisation is a row, runs or not, busiest first, then by name.

Generated runs are counted from their groups (emulator/vendors/stackai/groups.py): counts and
running sums over the window, the distinct users by which (flow, user) groups have a run in
it; then corrected for the few runs that are not as their columns say: those in progress (no
error yet, only the tokens of their calls before a pause) and those deleted; then the overlay.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from emulator.engine.tenant import TenantRuns
from emulator.store import micros
from emulator.vendors.stackai import groups
from emulator.vendors.stackai.groups import FAILED, Ints
from emulator.vendors.stackai.model import as_of
from emulator.vendors.stackai.query import Window
from emulator.vendors.stackai.tenancy import Flow, Organization


@dataclass(slots=True)
class Totals:
    runs: int = 0
    errors: int = 0
    tokens: int = 0
    users: set[str] = field(default_factory=set)


def project_rows(
    runs: TenantRuns, organization: Organization, now: datetime, window: Window
) -> list[dict[str, Any]]:
    totals = _generated(runs, now, window)
    index = {flow.id: n for n, flow in enumerate(organization.flows)}
    for entry in runs.added(micros(now)):
        run = as_of(entry.run, now)
        if run.flow_id in index and window.holds(run):
            found = totals[index[run.flow_id]]
            found.runs, found.errors = found.runs + 1, found.errors + (run.error is not None)
            found.tokens += run.total_tokens
            found.users.update(() if run.user_id is None else (run.user_id,))
    rows = [_row(organization, flow, totals[n]) for n, flow in enumerate(organization.flows)]
    return sorted(rows, key=lambda r: (-r["total_runs"], r["project_name"], r["project_id"]))


def _generated(runs: TenantRuns, now: datetime, window: Window) -> list[Totals]:
    now_us, timeline = micros(now), runs.timeline
    span = timeline.span(*window.bounds_us(), timeline.visible(now_us))
    low, high = max(span.low, runs.cleared_below), span.high
    flows = np.arange(len(groups.generator_of(runs).organization.flows), dtype=np.int64)
    failed = groups.keys(runs, "flow_state", flows, np.full(len(flows), FAILED), flows * 0)
    by_flow = groups.cells(runs, "flow")
    counted = np.stack((
        by_flow.counts(flows, low, high),
        groups.cells(runs, "flow_state").counts(failed, low, high),
        by_flow.sums(groups.prefix_in_order(runs, "flow", "tokens"), flows, low, high),
    ))  # fmt: skip
    counted += _corrections(runs, now_us, low, high, len(flows))
    users = _users(runs, flows, low, high)
    return [Totals(int(r), int(e), int(t), u) for r, e, t, u in zip(*counted, users, strict=True)]


def _corrections(runs: TenantRuns, now_us: int, low: int, high: int, flows: int) -> Ints:
    """(runs, errors, tokens) per flow to add to what the columns say: a run in progress has
    no error yet and has spent only its calls before a pause; a deleted run counts nothing."""
    going, gone = groups.in_progress(runs, now_us, low, high), groups.hidden(runs, low, high)

    def per_flow(positions: Ints, weights: Any) -> Ints:
        found = np.bincount(groups.values(runs, "flow", positions), weights, minlength=flows)
        return found.astype(np.int64)

    def final(positions: Ints) -> tuple[Ints, Ints]:
        is_failed = groups.values(runs, "state", positions) == FAILED
        tokens = groups.values(runs, "tokens", positions)
        return per_flow(positions, is_failed), per_flow(positions, tokens)

    errors_going, tokens_going = final(going)
    errors_gone, tokens_gone = final(gone)
    spent = per_flow(going, groups.tokens_now(runs, going, now_us))
    return np.stack((-per_flow(gone, None), -errors_going - errors_gone,
                     spent - tokens_going - tokens_gone))  # fmt: skip


def _users(runs: TenantRuns, flows: Ints, low: int, high: int) -> list[set[str]]:
    """Per flow, the user_ids of its runs in [low, high), from the (flow, user) groups."""
    pool = groups.generator_of(runs).users
    every = np.arange(len(pool), dtype=np.int64)
    flow_of, user_of = np.repeat(flows, len(pool)), np.tile(every, len(flows))
    wanted = groups.keys(runs, "flow_user", flow_of, flow_of * 0, user_of)
    counts = groups.cells(runs, "flow_user").counts(wanted, low, high)
    gone = groups.hidden(runs, low, high)
    gone_keys = groups.column_keys(runs, "flow_user", gone)
    counts -= _occurrences(wanted, gone_keys)
    found: list[set[str]] = [set() for _ in flows]
    for flow, user in zip(flow_of[counts > 0].tolist(), user_of[counts > 0].tolist(), strict=True):
        found[flow].add(pool[user])
    return found


def _occurrences(keys: Ints, among: Ints) -> Ints:
    """How often each of `keys` appears in `among`."""
    present, times = np.unique(among, return_counts=True)
    if not len(present):
        return np.zeros(len(keys), dtype=np.int64)
    where = np.minimum(np.searchsorted(present, keys), len(present) - 1)
    found: Ints = np.where(present[where] == keys, times[where], 0)
    return found


def _row(organization: Organization, flow: Flow, totals: Totals) -> dict[str, Any]:
    owner = flow.owner
    return {
        "project_id": flow.id,
        "project_owner": {
            "user_id": owner.id,
            "email": owner.email,
            "avatar_url": owner.avatar_url,
        },
        "project_type": flow.type,
        "project_name": flow.name,
        "total_runs": totals.runs,
        "total_errors": totals.errors,
        "total_tokens": totals.tokens,
        "total_users": len(totals.users),
        "is_published": flow.public_ui is not None,
        "public_ui_url": organization.public_ui_url(flow),
        "public_ui_type": flow.public_ui,
    }
