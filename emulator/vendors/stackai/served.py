"""StackAI runs as `GET /analytics/org/{org_id}/flows/{flow_id}` serves them
(`ProjectRunSummary`), read back into records (`shape: served`).

The item is the record's fields and two derived ones per LLM call (`is_local_model`,
`should_charge`, checked by serving the run back); the one thing it lacks is the flow, which
the request's path named. A served entry therefore adds `flow_id` beside the item's fields.
Nothing is inferred.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.settings import Settings
from emulator.vendor import Derived, ServedForm, Tenant
from emulator.vendors.stackai.model import StackRun, item

FLOW = {"flow_id": {"type": "string", "pattern": "^[0-9a-f]{24}$"}}
_DERIVED_PER_CALL = ("is_local_model", "should_charge")


def from_item(given: Mapping[str, Any], _tenant: Tenant, _settings: Settings) -> Derived:
    calls = [
        {k: v for k, v in call.items() if k not in _DERIVED_PER_CALL} for call in given["llm_usage"]
    ]
    return Derived({**given, "llm_usage": calls})


def _listed(run: StackRun, _given: Mapping[str, Any]) -> dict[str, Any]:
    return item(run)


FORMS = (ServedForm("ProjectRunSummary", from_item, _listed, FLOW),)
