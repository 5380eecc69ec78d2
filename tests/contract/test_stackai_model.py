"""StackAI's flow-run list against a plain reference (hypothesis): the flow's records as the
control plane lists them at the instant asked, each in its state then (until `ended_at`:
PENDING, PAUSED from `paused_at`, RESUMED from `resumed_at`), kept when inside the inclusive
date window, of the user, and in one of the states; newest first (then run id, descending);
`page` is 0-based. Walking the pages sees every match once."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.contract.server import LiveServer

ORG = "ffb0dd9e-63e1-4869-a495-0dc210a25b19"
KEY = "5c57722e-138e-4ef9-96d4-480fdeb67ae7"
FLOWS = ["2bb71c682097798c8cd3e418", "57fa49e56a34b37178e10e70", "41785bc64c3ac6fc48208231"]
STATES = ["PENDING", "PAUSED", "RESUMED", "COMPLETED", "FAILED", "CANCELLED"]
STAMPS = ["2026-09-01", "2026-09-20T06:00:00Z", "2026-10-10T12:30:00+02:00", "2026-10-25"]
# The epoch, and instants when generated runs of the default dataset are going (pausing).
INSTANTS = ["2026-11-01T00:00:00Z", "2026-10-31T20:00:00Z", "2026-10-30T04:00:00Z",
            "2026-10-27T19:00:00Z", "2026-10-05T13:00:00Z"]  # fmt: skip
USERS = ["1a09a840-47d7-4f79-8c5b-4c59dab07929", "491e99f5-a977-46fb-95ad-53600d36ce2c", "x"]
SETTINGS = settings(max_examples=120, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def moment(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def matches(record: dict[str, Any], query: dict[str, Any]) -> bool:
    date = moment(record["date"])
    states = [s.strip() for s in query.get("state", "").split(",") if s.strip()]
    return (
        ("start_date" not in query or date >= moment(query["start_date"]))
        and ("end_date" not in query or date <= moment(query["end_date"]))
        and (not query.get("user_id") or record["user_id"] == query["user_id"])
        and (not states or record["state"] in states)
    )


def state_at(record: dict[str, Any], now: datetime) -> str | None:
    ended, paused, resumed = (record[k] and moment(record[k])
                              for k in ("ended_at", "paused_at", "resumed_at"))  # fmt: skip
    if not ended or now >= ended:
        return str(record["state"]) if record["state"] else None
    if resumed and now >= resumed:
        return "RESUMED"
    return "PAUSED" if paused and now >= paused else "PENDING"


def records(server: LiveServer) -> list[dict[str, Any]]:
    url = f"{server.base_url}/_emulator/vendors/stackai/runs?tenant=northwind&limit=10000"
    with urllib.request.urlopen(url, timeout=10) as response:
        found: list[dict[str, Any]] = json.load(response)["runs"]
        return found


def reference(server: LiveServer, flow: str, query: dict[str, Any], now: str) -> list[str]:
    at = moment(now)
    shown = [{**r, "state": state_at(r, at)} for r in records(server)]
    chosen = [r for r in shown if r["flow_id"] == flow and matches(r, query)]
    chosen.sort(key=lambda r: uuid.UUID(r["run_id"]).int, reverse=True)
    chosen.sort(key=lambda r: moment(r["date"]), reverse=True)
    return [r["run_id"] for r in chosen]


def travel(server: LiveServer, now: str) -> None:
    body = json.dumps({"freeze": now}).encode()
    request = urllib.request.Request(f"{server.base_url}/_emulator/clock", body, method="PUT",
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def served(server: LiveServer, flow: str, query: dict[str, Any]) -> list[str]:
    url = f"{server.base_url}/stackai/analytics/org/{ORG}/flows/{flow}"
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode(query)}", headers={"Authorization": f"Bearer {KEY}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return [run["run_id"] for run in json.load(response)]


QUERIES = st.fixed_dictionaries(
    {"page": st.integers(0, 5), "page_size": st.integers(1, 60)},
    optional={
        "start_date": st.sampled_from(STAMPS), "end_date": st.sampled_from(STAMPS),
        "user_id": st.sampled_from(USERS),
        "state": st.lists(st.sampled_from(STATES), min_size=1, max_size=3).map(" , ".join),
    },
)  # fmt: skip


@SETTINGS
@given(flow=st.sampled_from(FLOWS), query=QUERIES, now=st.sampled_from(INSTANTS))
def test_a_page_equals_the_reference(
    server: LiveServer, flow: str, query: dict[str, Any], now: str
) -> None:
    travel(server, now)
    expected = reference(server, flow, query, now)
    first = query["page"] * query["page_size"]
    assert served(server, flow, query) == expected[first : first + query["page_size"]]


@settings(SETTINGS, max_examples=30)
@given(flow=st.sampled_from(FLOWS), query=QUERIES, now=st.sampled_from(INSTANTS))
def test_walking_the_pages_sees_every_match_once(
    server: LiveServer, flow: str, query: dict[str, Any], now: str
) -> None:
    travel(server, now)
    query = {**query, "page_size": 50}
    seen: list[str] = []
    for page in range(10_000):
        found = served(server, flow, {**query, "page": page})
        seen.extend(found)
        if len(found) < 50:
            break
    assert seen == reference(server, flow, query, now)


def test_every_flow_has_runs_to_compare_and_some_are_going(server: LiveServer) -> None:
    travel(server, INSTANTS[0])
    assert all(len(reference(server, flow, {}, INSTANTS[0])) > 20 for flow in FLOWS)
    for now in INSTANTS[1:]:
        travel(server, now)
        generated = [r for r in records(server) if not r["run_id"].startswith("fa")]
        assert any(state_at(r, moment(now)) in ("PENDING", "PAUSED") for r in generated), now
