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

B3OS_RUNS = "/b3os/v1/organizations/org_7e65gh2bh8rgp9vk5h3b/cu/runs"

STACKAI_FLOW = (
    "/stackai/analytics/org/ffb0dd9e-63e1-4869-a495-0dc210a25b19/flows/57fa49e56a34b37178e10e70"
)

DYNAMIQ_RUNS = "/dynamiq/apps/f0d1ab56-e02f-4a72-a9d6-25c966692158/v1/runs"

TARGETS = {
    "dynamiq": Target(
        vendor="dynamiq",
        headers={"Authorization": "Bearer dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"},
        first=f"{DYNAMIQ_RUNS}?page_size=50",
        filtered=f"{DYNAMIQ_RUNS}?page_size=50&status=failed&status=canceled",
        # Runs spread over the organisation's apps: about a third are this app's.
        deep=lambda runs: f"{DYNAMIQ_RUNS}?page_size=50&page={max(1, runs // 150)}",
    ),
    "stackai": Target(
        vendor="stackai",
        headers={"Authorization": "Bearer 5c57722e-138e-4ef9-96d4-480fdeb67ae7"},
        first=f"{STACKAI_FLOW}?page_size=50",
        filtered=f"{STACKAI_FLOW}?page_size=50&start_date=2026-10-01&end_date=2026-10-15",
        # Runs spread over the organisation's flows: about a third are this flow's.
        deep=lambda runs: f"{STACKAI_FLOW}?page_size=50&page={max(0, runs // 150 - 1)}",
    ),
    "b3os": Target(
        vendor="b3os",
        headers={"Authorization": "Bearer b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"},
        first=f"{B3OS_RUNS}?limit=50",
        # The CU runs route has no filter; an offset window is the nearest thing.
        filtered=f"{B3OS_RUNS}?limit=50&offset=50",
        deep=lambda runs: f"{B3OS_RUNS}?limit=50&offset={max(0, runs - 50)}",
    ),
    "dograh": Target(
        vendor="dograh",
        headers={"X-API-Key": "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"},
        first=f"{DOGRAH_LIST}?limit=50",
        filtered=f"{DOGRAH_LIST}?limit=50&start_date=2026-10-01&end_date=2026-10-15",
        deep=lambda runs: f"{DOGRAH_LIST}?limit=50&page={max(1, runs // 50 - 1)}",
    ),
}
