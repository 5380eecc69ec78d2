"""A `/cu/runs` item read back into a record: its charges inferred from `totalCu`."""

from __future__ import annotations

import pytest

from emulator.flaws import RecordRefused
from emulator.vendors.b3os.costs import price
from emulator.vendors.b3os.served import charges_of


def priced(charges: list[dict[str, object]]) -> float:
    return sum(
        price(str(c["type"]), str(c["node_type"])).cost * int(str(c["count"])) for c in charges
    )


@pytest.mark.parametrize(("trigger", "total"), [("schedule", 0.5), ("schedule", 7.25),
                                                ("manual", 0.0), ("evm-log", 13.0)])  # fmt: skip
def test_the_charges_price_to_the_total(trigger: str, total: float) -> None:
    charges, how = charges_of(trigger, total)
    assert priced(charges) == total
    assert f"from totalCu {total}" in how or total == 0


def test_the_trigger_runs_once_and_set_variable_makes_up_the_rest() -> None:
    charges, how = charges_of("webhook", 3.0)
    assert charges == [
        {"type": "trigger", "node_type": "webhook", "count": 1},
        {"type": "action", "node_type": "set-variable", "count": 10},
    ]
    assert (
        how == "one webhook trigger (0.5 CU) and 10 x set-variable (0.25 CU each), from totalCu 3.0"
    )


def test_a_cost_free_run_has_no_charges() -> None:
    assert charges_of("schedule", 0.0) == ([], "none: the run cost 0 CU")


@pytest.mark.parametrize("total", [0.25, 0.6, 1e-9])
def test_a_total_the_price_list_cannot_make_is_refused(total: float) -> None:
    with pytest.raises(RecordRefused) as refusal:
        charges_of("schedule", total)
    assert [flaw.path for flaw in refusal.value.flaws] == [("totalCu",)]


def test_a_trigger_without_a_price_is_refused() -> None:
    with pytest.raises(RecordRefused, match="triggerSource: 'teleport' has no price"):
        charges_of("teleport", 1.0)
