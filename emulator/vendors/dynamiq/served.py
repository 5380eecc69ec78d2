"""Dynamiq runs as `GET /v1/runs/{run_id}` serves them (`RunDetail`), read back into records
(`shape: served`); a list item with its `app_id` added reads the same way.

The view shows the reported status, so a run awaiting input is stored `paused` (the vendor's
underlying status is paused or started; the view does not say which), and it has no
`created_at`: that is the run's `started_at`, or for a queued run, which shows no time at all,
the epoch (the end of the generated history, a fixed instant).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.flaws import Inferred
from emulator.settings import Settings
from emulator.vendor import Derived, ServedForm, Tenant
from emulator.vendors.dynamiq.model import AWAITING, DynamiqRun, stamp
from emulator.vendors.dynamiq.view import detail


def from_detail(given: Mapping[str, Any], _tenant: Tenant, settings: Settings) -> Derived:
    record = dict(given)
    inferred = []
    if given["status"] == AWAITING:
        record["status"] = "paused"
        inferred.append(Inferred(("status",), "paused: the view shows awaiting_input"))
    started = given.get("started_at")
    record["created_at"] = started if started is not None else stamp(settings.epoch)
    source = "started_at" if started is not None else "the epoch: a queued run shows no time"
    inferred.append(Inferred(("created_at",), f"{record['created_at']}: {source}"))
    return Derived(record, tuple(inferred), {"created_at": "started_at"})


def _shown(run: DynamiqRun, _given: Mapping[str, Any]) -> dict[str, Any]:
    return detail(run)


FORMS = (ServedForm("RunDetail", from_detail, _shown),)
