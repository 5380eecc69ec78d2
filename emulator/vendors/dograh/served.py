"""Dograh runs as its API serves them, read back into records (`shape: served`): the usage
list's item (`WorkflowRunUsageResponse`) or a run's details (`WorkflowRunResponse`).

Neither view carries the whole record, so some fields are inferred, and said to be: the list
rounds the call's duration to whole seconds and always says `dograh_token_usage: 0.0`, and
neither shows `campaign_id`. What the views derive (`workflow_name` from the workflow, the
numbers from `initial_context`, `disposition`, the public links, `cost_info`) is checked by
serving the run back; the links' host is the emulator's, whichever host the run was copied from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.flaws import Inferred, refused
from emulator.settings import Settings
from emulator.vendor import Derived, ServedForm, Tenant
from emulator.vendors.dograh.model import ARTIFACTS, DograhRun
from emulator.vendors.dograh.view import detail, list_item

DOWNLOADS = "/api/v1/public/download/"
_SHARED = ("id", "workflow_id", "name", "created_at", "call_type", "mode", "public_access_token",
           "initial_context", "gathered_context")  # fmt: skip
_NOT_SHOWN = Inferred(("campaign_id",), "null: neither view shows it")


def from_list_item(item: Mapping[str, Any], _tenant: Tenant, _settings: Settings) -> Derived:
    seconds = float(item["call_duration_seconds"])
    record = {
        **{name: item[name] for name in _SHARED},
        **{f"{kind}_url": item[f"{kind}_url"] for kind in ARTIFACTS},
        "is_completed": True,
        "usage_info": {"call_duration_seconds": seconds},
        "charge_usd": item["charge_usd"],
    }
    inferred = (
        Inferred(("is_completed",), "true: the list does not say"),
        Inferred(
            ("usage_info", "call_duration_seconds"),
            f"{seconds}: the list shows the duration rounded to whole seconds",
        ),
        Inferred(("dograh_token_usage",), "0.0: the list always shows 0.0"),
        Inferred(("definition_id",), "null: the list does not show it"),
        _NOT_SHOWN,
    )
    return Derived(record, inferred, {"usage_info": "call_duration_seconds"})


def from_details(run: Mapping[str, Any], _tenant: Tenant, _settings: Settings) -> Derived:
    for name in ("logs", "annotations"):
        if run.get(name) is not None:
            raise refused(name, "the emulator keeps no logs or annotations of a run: give null")
    cost = run["cost_info"]
    inferred = [Inferred(("charge_usd",), "null: the details do not show it"), _NOT_SHOWN]
    if "usage_info" in run:
        usage = run["usage_info"]
    else:
        usage = {} if cost is None else {"call_duration_seconds": cost["call_duration_seconds"]}
        inferred.append(Inferred(("usage_info",), f"{usage}: from cost_info"))
    if cost is None:
        inferred.append(Inferred(("dograh_token_usage",), "0.0: cost_info is null"))
    record = {
        **{name: run[name] for name in _SHARED if name in run},
        **{f"{kind}_url": run[f"{kind}_url"] for kind in ARTIFACTS if f"{kind}_url" in run},
        "is_completed": run["is_completed"],
        "usage_info": usage,
        "dograh_token_usage": 0.0 if cost is None else cost["dograh_token_usage"],
        "definition_id": run["definition_id"],
    }
    return Derived(record, tuple(inferred), {"dograh_token_usage": "cost_info"})


def base_url(given: Mapping[str, Any]) -> str:
    """The host a served run's public links name (the vendor's, when copied from it)."""
    for kind in ARTIFACTS:
        link = given.get(f"{kind}_public_url")
        if isinstance(link, str) and DOWNLOADS in link:
            return link.split(DOWNLOADS, 1)[0]
    return ""


def _listed(run: DograhRun, given: Mapping[str, Any]) -> dict[str, Any]:
    return list_item(run, base_url(given), run.public_access_token)


def _detailed(run: DograhRun, given: Mapping[str, Any]) -> dict[str, Any]:
    return detail(run, base_url(given), run.public_access_token)


FORMS = (
    ServedForm("WorkflowRunUsageResponse", from_list_item, _listed),
    ServedForm("WorkflowRunResponse", from_details, _detailed),
)
