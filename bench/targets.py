"""What each vendor is benchmarked with: a first page, a filtered page and a deep page under
load (wrk), and every filter, sort and aggregate it supports timed on the server (the journal's
latency of each request, from the pipeline's first stage to its reply).

`deep` and the queries receive the number of runs per tenant so that they can name a page
near the end or a window inside the history.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class Target:
    vendor: str
    headers: dict[str, str]
    first: str
    filtered: str
    deep: Callable[[int], str]
    # name -> path: each filter, sort and aggregate, at the size given.
    queries: Callable[[int], dict[str, str]] = field(default=lambda _runs: {})


DOGRAH_LIST = "/dograh/api/v1/organizations/usage/runs"
B3OS_ORG = "/b3os/v1/organizations/org_7e65gh2bh8rgp9vk5h3b"
B3OS_RUNS = f"{B3OS_ORG}/cu/runs"
STACKAI_FLOW = (
    "/stackai/analytics/org/ffb0dd9e-63e1-4869-a495-0dc210a25b19/flows/57fa49e56a34b37178e10e70"
)
DYNAMIQ_RUNS = "/dynamiq/apps/f0d1ab56-e02f-4a72-a9d6-25c966692158/v1/runs"


def dograh_filter(attribute: str, kind: str, value: dict[str, object]) -> str:
    condition = {"attribute": attribute, "type": kind, "value": value}
    return f"{DOGRAH_LIST}?limit=50&filters={quote(json.dumps([condition]))}"


CODES = ["XFER", "DNC"]


def dograh_queries(runs: int) -> dict[str, str]:
    return {
        "window": f"{DOGRAH_LIST}?limit=50&start_date=2026-10-01&end_date=2026-10-15",
        "runId": dograh_filter("runId", "number", {"value": 10_000_005}),
        "workflowId": dograh_filter("workflowId", "number", {"value": 1207}),
        "campaignId": dograh_filter("campaignId", "number", {"value": 7}),
        "callerNumber": dograh_filter("callerNumber", "text", {"value": "415555"}),
        "calledNumber": dograh_filter("calledNumber", "text", {"value": "+1212"}),
        "dispositionCode": dograh_filter(
            "dispositionCode", "multiSelect", {"codes": ["XFER", "DNC"]}
        ),
        "duration": dograh_filter("duration", "numberRange", {"min": 60, "max": 300}),
        "callDirection": dograh_filter("callDirection", "radio", {"status": "inbound"}),
        "callChannel": dograh_filter("callChannel", "radio", {"status": "web"}),
        "sort_by=duration": f"{DOGRAH_LIST}?limit=50&sort_by=duration",
        "sort_order=asc": f"{DOGRAH_LIST}?limit=50&sort_order=asc",
        "deep, filtered": dograh_filter("callDirection", "radio", {"status": "outbound"})
        + f"&page={max(1, runs // 200)}",
    }


def b3os_queries(_runs: int) -> dict[str, str]:
    return {
        "balance": f"{B3OS_ORG}/cu",
        "month": f"{B3OS_ORG}/cu/usage?yearMonth=2026-10",
        "by workflow": f"{B3OS_ORG}/cu/usage-by-workflow?from=1759276800000&to=1761955200000",
    }


def stackai_queries(_runs: int) -> dict[str, str]:
    return {
        "window": f"{STACKAI_FLOW}?page_size=50&start_date=2026-10-01&end_date=2026-10-15",
        "state": f"{STACKAI_FLOW}?page_size=50&state=FAILED,CANCELLED",
        "user": f"{STACKAI_FLOW}?page_size=50&user_id=cust_10000",
        "summary": "/stackai/organizations/analytics/projects-run-summary?start_date=2026-10-01",
    }


def dynamiq_queries(_runs: int) -> dict[str, str]:
    return {
        "status": f"{DYNAMIQ_RUNS}?page_size=50&status=failed&status=canceled",
        "awaiting_input": f"{DYNAMIQ_RUNS}?page_size=50&status=awaiting_input",
        "sort=ended_at": f"{DYNAMIQ_RUNS}?page_size=50&sort=ended_at",
        "sort=-status,created_at": f"{DYNAMIQ_RUNS}?page_size=50&sort=-status,created_at",
    }


TARGETS = {
    "dynamiq": Target(
        vendor="dynamiq",
        headers={"Authorization": "Bearer dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"},
        first=f"{DYNAMIQ_RUNS}?page_size=50",
        filtered=f"{DYNAMIQ_RUNS}?page_size=50&status=failed&status=canceled",
        # Runs spread over the organisation's apps: about a third are this app's.
        deep=lambda runs: f"{DYNAMIQ_RUNS}?page_size=50&page={max(1, runs // 150)}",
        queries=dynamiq_queries,
    ),
    "stackai": Target(
        vendor="stackai",
        headers={"Authorization": "Bearer 5c57722e-138e-4ef9-96d4-480fdeb67ae7"},
        first=f"{STACKAI_FLOW}?page_size=50",
        filtered=f"{STACKAI_FLOW}?page_size=50&start_date=2026-10-01&end_date=2026-10-15",
        # Runs spread over the organisation's flows: about a third are this flow's.
        deep=lambda runs: f"{STACKAI_FLOW}?page_size=50&page={max(0, runs // 150 - 1)}",
        queries=stackai_queries,
    ),
    "b3os": Target(
        vendor="b3os",
        headers={"Authorization": "Bearer b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"},
        first=f"{B3OS_RUNS}?limit=50",
        # The CU runs route has no filter; an offset window is the nearest thing.
        filtered=f"{B3OS_RUNS}?limit=50&offset=50",
        deep=lambda runs: f"{B3OS_RUNS}?limit=50&offset={max(0, runs - 50)}",
        queries=b3os_queries,
    ),
    "dograh": Target(
        vendor="dograh",
        headers={"X-API-Key": "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"},
        first=f"{DOGRAH_LIST}?limit=50",
        filtered=dograh_filter("callDirection", "radio", {"status": "inbound"}),
        deep=lambda runs: f"{DOGRAH_LIST}?limit=50&page={max(1, runs // 50 - 1)}",
        queries=dograh_queries,
    ),
}
