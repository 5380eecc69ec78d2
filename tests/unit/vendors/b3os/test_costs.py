"""The CU price list: shape, order, and prices that keep every sum exact."""

from __future__ import annotations

import pytest

from emulator.vendors.b3os.costs import ACTION_PRICES, DEFAULTS, TRIGGER_PRICES, cost_list, price
from emulator.vendors.b3os.tenancy import TRIGGERS


def test_every_price_is_a_multiple_of_a_quarter() -> None:
    for entry in (*TRIGGER_PRICES.values(), *ACTION_PRICES.values()):
        assert (entry.cost * 4).is_integer() and entry.cost >= 0


def test_every_trigger_a_workflow_may_have_is_priced() -> None:
    assert set(TRIGGER_PRICES) == set(TRIGGERS)


def test_the_source_says_whether_the_default_applies() -> None:
    assert (price("trigger", "schedule").source, price("trigger", "manual").source) == (
        "default", "override")  # fmt: skip
    assert price("action", "uniswap-swap").category == "dynamic"


def test_an_unknown_node_type_has_no_price() -> None:
    with pytest.raises(ValueError, match="no CU price"):
        price("action", "teleport")


def test_the_list_is_grouped_and_sorted() -> None:
    listing = cost_list()
    assert listing["defaults"] == DEFAULTS
    actions = listing["actions"]
    assert isinstance(actions, dict) and list(actions) == ["builtIn", "dynamic", "logic"]
    for items in (*actions.values(), listing["triggers"]):
        assert isinstance(items, list)
        types = [item["type"] for item in items]
        assert types == sorted(types)
