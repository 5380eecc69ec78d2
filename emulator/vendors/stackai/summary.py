"""Per-project totals of the organisation-level analytics (`OrgProjectRunSummary`).

Each row sums the project's runs in the date window exactly as the flow-run list shows them, so
a client can reconcile the two. What counts is inferred (docs/fidelity.md): an error is
a run with an `error`, a user a distinct non-null `user_id`. Every flow of the organisation is
a row, runs or not, busiest first, then by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from emulator.vendors.stackai.model import StackRun
from emulator.vendors.stackai.query import Window
from emulator.vendors.stackai.tenancy import Flow, Organization


@dataclass(slots=True)
class Totals:
    runs: int = 0
    errors: int = 0
    tokens: int = 0
    users: set[str] = field(default_factory=set)

    def add(self, run: StackRun) -> None:
        self.runs += 1
        self.errors += run.error is not None
        self.tokens += run.total_tokens
        if run.user_id is not None:
            self.users.add(run.user_id)


def project_rows(
    organization: Organization, runs: Iterable[StackRun], window: Window
) -> list[dict[str, Any]]:
    totals = {flow.id: Totals() for flow in organization.flows}
    for run in runs:
        if run.flow_id in totals and window.holds(run):
            totals[run.flow_id].add(run)
    rows = [_row(organization, flow, totals[flow.id]) for flow in organization.flows]
    return sorted(rows, key=lambda r: (-r["total_runs"], r["project_name"], r["project_id"]))


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
