"""Dograh's list against a plain reference: filter a list, sort it, slice it (hypothesis).

The reference reads the stored run records (what fixtures and injection use), not the
emulator's query code, and states each rule of docs/fidelity.md (Dograh: filters, order, pages)
in the most obvious way.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.contract.server import LiveServer

KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"
STAMPS = ["2026-09-01", "2026-09-15T12:00:00Z", "2026-10-01T00:00:00+02:00", "2026-10-20"]
MODES = {"telephony": {"ari", "plivo", "twilio", "vonage", "vobiz", "cloudonix", "telnyx",
                       "stasis", "VOICE"},
         "web": {"webrtc", "smallwebrtc"}, "chat": {"textchat", "CHAT"}}  # fmt: skip


def records(server: LiveServer) -> list[dict[str, Any]]:
    state = server.runtime.state("dograh")
    return [dict(state.vendor.runs.to_record(r)) for r in state.store.runs("acme-health")]


def stamp(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def duration(record: dict[str, Any]) -> float | None:
    value = (record.get("usage_info") or {}).get("call_duration_seconds")
    return None if value is None else float(value)


def holds(record: dict[str, Any], item: dict[str, Any]) -> bool:
    kind, value = item["attribute"], item["value"]
    context = record.get("initial_context") or {}
    if kind == "callerNumber":
        return value["value"] in str(context.get("caller_number") or "\0")
    if kind == "dispositionCode":
        gathered = record.get("gathered_context") or {}
        return gathered.get("mapped_call_disposition") in value["codes"]
    if kind == "duration":
        found = duration(record)
        return found is not None and value["min"] <= found <= value["max"]
    if kind == "callDirection":
        return bool(record["call_type"] == value["status"])
    if kind == "callChannel":
        return record["mode"] in MODES[value["status"]]
    return bool(record["workflow_id"] == value["value"])  # workflowId


def reference(runs: list[dict[str, Any]], query: dict[str, Any]) -> tuple[int, list[int]]:
    start, end = query.get("start_date"), query.get("end_date")
    chosen = [
        r for r in runs
        if (not start or stamp(r["created_at"]) >= stamp(start))
        and (not end or stamp(r["created_at"]) <= stamp(end))
        and all(holds(r, item) for item in json.loads(query.get("filters", "[]")))
    ]  # fmt: skip
    chosen.sort(key=lambda r: -r["id"])  # the id tie-break is always descending
    sign = 1 if query.get("sort_order") == "asc" else -1
    if query.get("sort_by") == "duration":
        chosen.sort(key=lambda r: sign * (duration(r) or 0.0))
        chosen.sort(key=lambda r: duration(r) is None)  # NULLS LAST
    else:
        chosen.sort(key=lambda r: sign * stamp(r["created_at"]).timestamp())
    page, limit = query["page"], query["limit"]
    return len(chosen), [r["id"] for r in chosen[(page - 1) * limit : page * limit]]


FILTERS = st.lists(
    st.one_of(
        st.builds(lambda v: {"attribute": "callerNumber", "type": "text", "value": {"value": v}},
                  st.sampled_from(["+1", "415", "555", "+44", "0"])),
        st.builds(lambda c: {"attribute": "dispositionCode", "type": "multiSelect", "value": {"codes": c}},  # noqa: E501
                  st.lists(st.sampled_from(["XFER", "DNC", "user_hangup", "busy"]), min_size=1)),
        st.builds(lambda lo, span: {"attribute": "duration", "type": "numberRange", "value": {"min": lo, "max": lo + span}},  # noqa: E501
                  st.integers(0, 200), st.integers(0, 400)),
        st.builds(lambda s: {"attribute": "callDirection", "type": "radio", "value": {"status": s}},
                  st.sampled_from(["inbound", "outbound"])),
        st.builds(lambda s: {"attribute": "callChannel", "type": "radio", "value": {"status": s}},
                  st.sampled_from(["telephony", "web", "chat"])),
        st.builds(lambda w: {"attribute": "workflowId", "type": "number", "value": {"value": w}},
                  st.sampled_from([1207, 1208, 1215])),
    ),
    max_size=3,
)  # fmt: skip
QUERIES = st.fixed_dictionaries(
    {"page": st.integers(1, 6), "limit": st.integers(1, 100)},
    optional={
        "start_date": st.sampled_from(STAMPS), "end_date": st.sampled_from(STAMPS),
        "filters": FILTERS.map(json.dumps),
        "sort_by": st.sampled_from(["duration", "created_at", "name"]),
        "sort_order": st.sampled_from(["asc", "desc"]),
    },
)  # fmt: skip


def served(server: LiveServer, query: dict[str, Any]) -> dict[str, Any]:
    path = "/dograh/api/v1/organizations/usage/runs"
    url = f"{server.base_url}{path}?{urllib.parse.urlencode(query)}"
    request = urllib.request.Request(url, headers={"X-API-Key": KEY})
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.load(response)
        return body


@settings(max_examples=150, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(QUERIES)
def test_the_list_equals_the_reference(server: LiveServer, query: dict[str, Any]) -> None:
    total, ids = reference(records(server), query)
    body = served(server, query)
    assert (body["total_count"], [r["id"] for r in body["runs"]]) == (total, ids)
    assert body["total_pages"] == -(-total // query["limit"])


@settings(max_examples=40, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(QUERIES)
def test_walking_the_pages_yields_each_match_once(
    server: LiveServer, query: dict[str, Any]
) -> None:
    query = {**query, "limit": 100, "page": 1}
    total, _ = reference(records(server), query)
    seen: list[int] = []
    while query["page"] == 1 or len(seen) < total:
        page = served(server, query)["runs"]
        if not page:
            break
        seen.extend(r["id"] for r in page)
        query["page"] += 1
    assert len(seen) == len(set(seen)) == total
