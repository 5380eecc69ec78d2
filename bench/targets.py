"""What each vendor's list endpoint is benchmarked with: first page, filtered page, deep page.

`deep` receives the number of runs per tenant so that it can name a page near the end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Target:
    vendor: str
    headers: dict[str, str]
    first: str
    filtered: str
    deep: Callable[[int], str]


DOGRAH_LIST = "/dograh/api/v1/organizations/usage/runs"

TARGETS = {
    "dograh": Target(
        vendor="dograh",
        headers={"X-API-Key": "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"},
        first=f"{DOGRAH_LIST}?limit=50",
        filtered=f"{DOGRAH_LIST}?limit=50&start_date=2026-10-01&end_date=2026-10-15",
        deep=lambda runs: f"{DOGRAH_LIST}?limit=50&page={max(1, runs // 50 - 1)}",
    ),
}
