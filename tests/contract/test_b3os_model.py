"""B3OS's CU runs pages against a plain reference (hypothesis): sort the records by start
(newest first, then run id), clamp `limit` at 100, slice at `offset`; `hasMore` exactly when
runs remain past the page. Walking the pages sees every run once."""

from __future__ import annotations

import json
import urllib.request
from datetime import datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.contract.server import LiveServer

ORG = "org_7e65gh2bh8rgp9vk5h3b"
KEY = "b3sk_7nfrpyz21tbic145aez732pgojj7g3f9caioctiq"
SETTINGS = settings(max_examples=120, derandomize=True, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def reference(server: LiveServer) -> list[str]:
    state = server.runtime.state("b3os")
    records = [state.vendor.runs.to_record(r) for r in state.store.runs("moonbeam-labs")]
    records.sort(key=lambda r: int(r["id"][4:], 32), reverse=True)
    records.sort(key=lambda r: datetime.fromisoformat(r["started_at"]), reverse=True)
    return [r["id"] for r in records]


def served(server: LiveServer, limit: int, offset: int) -> dict[str, Any]:
    url = f"{server.base_url}/b3os/v1/organizations/{ORG}/cu/runs?limit={limit}&offset={offset}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {KEY}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body: dict[str, Any] = json.load(response)["data"]
        return body


@SETTINGS
@given(limit=st.integers(1, 300), offset=st.integers(0, 400))
def test_a_page_equals_the_reference(server: LiveServer, limit: int, offset: int) -> None:
    expected = reference(server)
    effective = min(limit, 100)
    data = served(server, limit, offset)
    assert [item["runId"] for item in data["items"]] == expected[offset : offset + effective]
    assert (data["limit"], data["offset"]) == (effective, offset)
    assert data["hasMore"] is (offset + effective < len(expected))


@settings(SETTINGS, max_examples=25)
@given(limit=st.integers(5, 120))
def test_walking_the_pages_sees_every_run_once(server: LiveServer, limit: int) -> None:
    seen: list[str] = []
    offset, more = 0, True
    while more:
        data = served(server, limit, offset)
        seen.extend(item["runId"] for item in data["items"])
        offset += data["limit"]
        more = data["hasMore"]
    assert seen == reference(server)
