"""Run records: round trips, what a status implies, the reported status and the store order."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.vendors.dynamiq.model import (
    DynamiqRun,
    default_order,
    from_record,
    mint_id,
    to_record,
)

CATALOG = "c0aed9c5-9d6b-423f-b36b-96a0692fd360"
RECORD = {
    "id": "11111111-2222-4333-8444-555555555555", "app_id": CATALOG, "status": "completed",
    "created_at": "2026-10-01T10:00:00Z", "started_at": "2026-10-01T10:00:01Z",
    "ended_at": "2026-10-01T10:00:05Z", "input": {"sku": "SKU-1"}, "output": {"ok": True},
}  # fmt: skip


def every_run(runtime: Runtime) -> list[tuple[Any, DynamiqRun]]:
    state = runtime.state("dynamiq")
    return [(state.tenants[s], r) for s in state.store.tenants() for r in state.store.runs(s)]


def test_every_stored_run_round_trips(runtime: Runtime) -> None:
    for organization, run in every_run(runtime):
        assert from_record(to_record(run), organization) == run


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "started"}, "ended_at is set exactly when the run is over"),
        ({"status": "created", "ended_at": None, "output": None}, "started_at is missing"),
        ({"status": "canceled"}, "only a completed run has an output"),
        ({"status": "failed", "output": None}, "error is set exactly when the run failed"),
        ({"error": {"code": "x", "message": "y"}}, "error is set exactly when the run failed"),
        ({"input_requests": [{"id": "i", "type": "approval_request", "prompt": "p"}]},
         "only started or paused runs wait for input"),
        ({"ended_at": "2026-10-01T09:00:00Z"}, "created_at <= started_at <= ended_at"),
        ({"app_id": "0d3b9c41-6a2e-4f7d-9b8e-2c5a7f1e9d03"}, "is not an app of helios"),
    ],
)  # fmt: skip
def test_what_a_status_implies_is_checked(
    runtime: Runtime, change: dict[str, Any], message: str
) -> None:
    record = {k: v for k, v in (RECORD | change).items() if v is not None}
    with pytest.raises(ValueError, match=message):
        from_record(record, runtime.state("dynamiq").tenants["helios"])


def waiting(status: str, has_request: bool) -> DynamiqRun:
    record: dict[str, Any] = {**RECORD, "status": status}
    del record["ended_at"], record["output"]
    if has_request:
        request = {"id": "r", "type": "approval_request", "prompt": "ok?", "params": {}}
        record["input_requests"] = [request]
    return from_record(record, _helios())


def _helios() -> Any:
    from emulator.generate import read_yaml
    from emulator.settings import BUILTIN_FIXTURES
    from emulator.vendors.dynamiq.tenancy import organizations

    section = read_yaml(BUILTIN_FIXTURES, "tenants.yaml", BUILTIN_FIXTURES)["dynamiq"]
    return organizations(section)[0]


@pytest.mark.parametrize(
    ("status", "has_request", "reported"),
    [("started", False, "started"), ("paused", False, "paused"),
     ("started", True, "awaiting_input"), ("paused", True, "awaiting_input")],
)  # fmt: skip
def test_a_pending_request_is_reported_as_awaiting_input(
    status: str, has_request: bool, reported: str
) -> None:
    run = waiting(status, has_request)
    assert (run.status, run.reported_status) == (status, reported)


def test_the_store_order_is_per_app_started_at_descending_nulls_first_then_id(
    runtime: Runtime,
) -> None:
    for slug in ("helios", "vega"):
        runs = runtime.state("dynamiq").store.runs(slug)
        assert list(runs) == sorted(runs, key=default_order)
    never = datetime(2026, 1, 1, tzinfo=UTC)
    queued = {k: v for k, v in RECORD.items() if k not in ("started_at", "ended_at", "output")}
    created = from_record({**queued, "status": "created"}, _helios())
    assert created.started_at is None
    assert default_order(created) < (CATALOG, True, -never.timestamp(), "")


def test_minted_ids_are_uuids_of_seed_tenant_and_attempt(runtime: Runtime) -> None:
    state = runtime.state("dynamiq")
    helios, vega = state.tenants["helios"], state.tenants["vega"]
    first = mint_id(state, helios, 0)["id"]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first
    )
    assert first == mint_id(state, helios, 0)["id"]
    assert len({first, mint_id(state, helios, 1)["id"], mint_id(state, vega, 0)["id"]}) == 3
