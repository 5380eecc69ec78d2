"""Dynamiq's app run list against a plain reference (hypothesis): the app's runs as of now
whose reported status (a started or paused run with a pending input request is
`awaiting_input`) is one of the repeated `status` values, of the user and session; most
recently started first (runs not started yet first, then by id); `page` 1-based. Walking sees
every match once."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator.vendors.dynamiq.model import as_of
from tests.contract.server import LiveServer

KEY = "dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"
APPS = ["f0d1ab56-e02f-4a72-a9d6-25c966692158", "c0aed9c5-9d6b-423f-b36b-96a0692fd360"]
STATUSES = ["created", "started", "paused", "completed", "failed", "canceled", "awaiting_input"]
SETTINGS = settings(max_examples=120, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def records(server: LiveServer, app: str) -> list[dict[str, Any]]:
    """The app's runs as of now, as records with the status each reports."""
    state = server.runtime.state("dynamiq")
    now = server.runtime.clock.now()
    every = [as_of(r, now) for r in state.store.runs("helios")]
    return [{**state.vendor.runs.to_record(r), "reported": r.reported_status}
            for r in every if r.app_id == app]  # fmt: skip


def reference(server: LiveServer, app: str, query: dict[str, Any]) -> list[str]:
    chosen = [
        r for r in records(server, app)
        if (not query.get("status") or r["reported"] in query["status"])
        and ("user_id" not in query or r.get("user_id") == query["user_id"])
        and ("session_id" not in query or r.get("session_id") == query["session_id"])
    ]  # fmt: skip
    chosen.sort(key=lambda r: r["id"])
    chosen.sort(key=lambda r: r.get("started_at") or "9999", reverse=True)  # NULLs first
    return [r["id"] for r in chosen]


def served(server: LiveServer, app: str, query: dict[str, Any]) -> dict[str, Any]:
    encoded = urllib.parse.urlencode(query, doseq=True)  # `status` repeats
    url = f"{server.base_url}/dynamiq/apps/{app}/v1/runs?{encoded}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {KEY}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.load(response)
        return body


def queries(server_records: list[dict[str, Any]]) -> Any:
    users = sorted({str(r["user_id"]) for r in server_records if r.get("user_id")})[:5] or ["u"]
    sessions = sorted({str(r["session_id"]) for r in server_records if r.get("session_id")})[:5]
    return st.fixed_dictionaries(
        {"page": st.integers(1, 6), "page_size": st.integers(1, 100)},
        optional={
            "status": st.lists(st.sampled_from(STATUSES), min_size=1, max_size=3, unique=True),
            "user_id": st.sampled_from(users),
            "session_id": st.sampled_from(sessions or ["00000000-0000-4000-8000-000000000000"]),
        },
    )


@SETTINGS
@given(app=st.sampled_from(APPS), data=st.data())
def test_a_page_equals_the_reference(server: LiveServer, app: str, data: st.DataObject) -> None:
    query = data.draw(queries(records(server, app)))
    expected = reference(server, app, query)
    body = served(server, app, query)
    first = (query["page"] - 1) * query["page_size"]
    assert [run["id"] for run in body["data"]] == expected[first : first + query["page_size"]]
    assert body["pagination"]["total_count"] == len(expected)
    assert body["pagination"]["page_count"] == -(-len(expected) // query["page_size"])


@settings(SETTINGS, max_examples=30)
@given(app=st.sampled_from(APPS), data=st.data())
def test_walking_the_pages_sees_every_match_once(
    server: LiveServer, app: str, data: st.DataObject
) -> None:
    query = {**data.draw(queries(records(server, app))), "page_size": 100}
    seen: list[str] = []
    for page in range(1, 10_000):
        body = served(server, app, {**query, "page": page})
        seen.extend(run["id"] for run in body["data"])
        if page >= body["pagination"]["page_count"]:
            break
    assert seen == reference(server, app, query)


def test_both_apps_have_runs_to_compare(server: LiveServer) -> None:
    assert all(len(records(server, app)) > 20 for app in APPS)
