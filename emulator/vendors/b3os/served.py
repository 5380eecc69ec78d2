"""B3OS runs as `GET /v1/organizations/{orgId}/cu/runs` serves them (`CuRunItem`), read back
into records (`shape: served`).

The item has the run's `totalCu` but not the charges it is the sum of, which the day, month and
workflow usage routes break down. They are inferred from `totalCu` with the emulator's price
list (GET /v1/cu/costs): one execution of the run's trigger, and the rest as executions of the
cheapest priced action (`set-variable`, 0.25 CU). A `totalCu` that list cannot make (less than
the trigger's price, or not a whole number of 0.25 CU above it) is refused, since the
emulator's usage routes would not add up to it; a 0 CU run has no charges.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.flaws import Inferred, refused
from emulator.settings import Settings
from emulator.vendor import Derived, ServedForm, Tenant
from emulator.vendors.b3os.costs import ACTION_PRICES, TRIGGER_PRICES
from emulator.vendors.b3os.run import B3osRun, list_item

FILLER = ACTION_PRICES["set-variable"]
# Record field -> the item's, so that a refusal names what the client gave.
SOURCES = {
    "id": "runId",
    "workflow_id": "workflowId",
    "trigger_source": "triggerSource",
    "started_at": "startedAt",
    "finished_at": "finishedAt",
    "charges": "totalCu",
}


def from_item(item: Mapping[str, Any], _tenant: Tenant, _settings: Settings) -> Derived:
    charges, how = charges_of(str(item["triggerSource"]), float(item["totalCu"]))
    record = {
        "id": item["runId"],
        "workflow_id": item["workflowId"],
        "status": item["status"],
        "trigger_source": item["triggerSource"],
        "started_at": item["startedAt"],
        "finished_at": item.get("finishedAt"),
        "charges": charges,
    }
    return Derived(record, (Inferred(("charges",), how),), SOURCES)


def charges_of(trigger: str, total: float) -> tuple[list[dict[str, Any]], str]:
    """Charges the price list makes `total` CU of, and how they were chosen."""
    if total == 0:
        return [], "none: the run cost 0 CU"
    price = TRIGGER_PRICES.get(trigger)
    if price is None:
        raise refused("triggerSource", f"{trigger!r} has no price in GET /v1/cu/costs")
    steps = (total - price.cost) / FILLER.cost
    if steps < 0 or not steps.is_integer():
        raise refused(
            "totalCu",
            f"{total} CU is not {price.cost} CU (one {trigger} trigger) plus a whole number of"
            f" {FILLER.cost} CU: the emulator prices runs with its own list (GET /v1/cu/costs)",
        )
    charges = [{"type": "trigger", "node_type": trigger, "count": 1}]
    how = f"one {trigger} trigger ({price.cost} CU)"
    if steps:
        charges.append({"type": "action", "node_type": FILLER.node_type, "count": int(steps)})
        how += f" and {int(steps)} x {FILLER.node_type} ({FILLER.cost} CU each)"
    return charges, f"{how}, from totalCu {total}"


def _listed(run: B3osRun, _given: Mapping[str, Any]) -> dict[str, Any]:
    return list_item(run)


FORMS = (ServedForm("CuRunItem", from_item, _listed),)
