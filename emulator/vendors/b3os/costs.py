"""The CU price list (`GET /v1/cu/costs`) that every charge of every run is priced from.

The vendor publishes no prices, so these are the emulator's own; what is faithful is the shape
(triggers, actions by category, defaults, `source` default/override, in the spec) and that a
run's CU is the sum of its nodes' prices times their executions. Every price is a multiple of
0.25, so sums of charges are exact in binary floating point and the aggregates reconcile to the
last bit with the runs they sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Category = Literal["builtIn", "dynamic", "logic"]
CATEGORIES: tuple[Category, ...] = ("builtIn", "dynamic", "logic")
DEFAULTS: dict[str, float] = {"builtIn": 1.0, "dynamic": 2.0, "logic": 0.25, "trigger": 0.5}


@dataclass(frozen=True, slots=True)
class Price:
    node_type: str
    category: str  # "trigger" or one of CATEGORIES
    cost: float

    @property
    def source(self) -> str:
        return "default" if self.cost == DEFAULTS[self.category] else "override"


_TRIGGERS = {
    "manual": 0.0, "schedule": 0.5, "cronjob": 0.5, "webhook": 0.5, "evm-log": 1.0,
    "erc20-receive": 1.0, "erc20-send": 1.0, "token-price-cexes": 0.25, "slack-mentions": 0.5,
    "gmail-new-email-received": 0.75, "gmail-new-email-matching-search": 0.75,
    "polymarket-market-close": 0.5, "polymarket-market-trade": 0.25,
    "polymarket-new-market": 0.5, "polymarket-user-bet": 1.0,
}  # fmt: skip
_ACTIONS: dict[Category, dict[str, float]] = {
    "builtIn": {"http-request": 1.0, "send-slack-message": 1.0, "send-telegram-message": 1.0,
                "send-email": 1.5, "generate-id": 0.25, "store-database-row": 1.0},
    "dynamic": {"coingecko-get-token-price": 2.0, "sim-dune-get-wallet-balances": 3.0,
                "uniswap-swap": 5.0, "hyperliquid-place-order": 4.0,
                "polymarket-get-market": 2.0, "openai-chat-completion": 6.0},
    "logic": {"if": 0.25, "for-each": 0.25, "wait": 0.25, "delay": 0.0, "set-variable": 0.25},
}  # fmt: skip

TRIGGER_PRICES: dict[str, Price] = {t: Price(t, "trigger", c) for t, c in _TRIGGERS.items()}
ACTION_PRICES: dict[str, Price] = {
    node: Price(node, category, cost)
    for category, table in _ACTIONS.items()
    for node, cost in table.items()
}


def price(kind: str, node_type: str) -> Price:
    """The price of one execution of a node; ValueError for a node type the list lacks."""
    table = TRIGGER_PRICES if kind == "trigger" else ACTION_PRICES
    found = table.get(node_type)
    if found is None:
        raise ValueError(f"no CU price for {kind} node type {node_type!r}")
    return found


def cost_list() -> dict[str, object]:
    """The `data` of `GET /v1/cu/costs`: each list sorted by type."""
    return {
        "actions": {
            category: [_item(p) for p in _sorted(ACTION_PRICES, category)]
            for category in CATEGORIES
        },
        "defaults": dict(DEFAULTS),
        "triggers": [_item(p) for p in _sorted(TRIGGER_PRICES, "trigger")],
    }


def _sorted(table: dict[str, Price], category: str) -> list[Price]:
    return sorted((p for p in table.values() if p.category == category), key=lambda p: p.node_type)


def _item(entry: Price) -> dict[str, object]:
    return {"cost": entry.cost, "source": entry.source, "type": entry.node_type}
