"""Run records: round trips, what a status implies, the reported status, the timeline place,
and a run as of an instant."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.store import micros
from emulator.vendors.dynamiq.model import (
    DynamiqRun,
    InputRequest,
    as_of,
    from_record,
    mint_id,
    place,
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
    """A record reads back to the run; a generated run's record (its answered request is
    history, not kept) is a fixed point."""
    for organization, run in every_run(runtime):
        again = from_record(to_record(run), organization)
        assert to_record(again) == to_record(run)
        assert again == run or any(r.answered_at for r in run.input_requests)


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
    """A record of a run still going (no `ended_at`), waiting for a human if asked."""
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


def test_a_run_is_placed_at_its_creation_then_by_its_uuid() -> None:
    run = from_record(RECORD, _helios())
    assert place(run) == (micros(datetime(2026, 10, 1, 10, tzinfo=UTC)), uuid.UUID(run.id).int)


STARTED = datetime(2026, 10, 1, 10, 0, 1, tzinfo=UTC)
ENDED = datetime(2026, 10, 1, 10, 0, 5, tzinfo=UTC)


def test_a_finished_record_is_queued_then_going_then_as_it_ended() -> None:
    run = from_record(RECORD, _helios())
    queued = as_of(run, STARTED - timedelta(microseconds=1))
    assert (queued.status, queued.started_at, queued.output) == ("created", None, None)
    going = as_of(run, STARTED)
    assert (going.status, going.started_at, going.ended_at, going.output) == (
        "started", STARTED, None, None,
    )  # fmt: skip
    assert as_of(run, ENDED) is run and as_of(run, ENDED + timedelta(days=9)) is run


def test_a_timed_request_is_pending_only_while_it_waits() -> None:
    asked, answered = STARTED + timedelta(seconds=1), STARTED + timedelta(seconds=2)
    request = InputRequest("r", "approval_request", "ok?", {}, None, asked, answered, False)
    run = replace(from_record(RECORD, _helios()), input_requests=(request,))
    assert as_of(run, asked - timedelta(microseconds=1)).reported_status == "started"
    waiting = as_of(run, asked)
    assert (waiting.status, waiting.reported_status) == ("started", "awaiting_input")
    assert waiting.input_requests == (request,)
    paused = as_of(replace(run, input_requests=(replace(request, is_pausing=True),)), asked)
    assert (paused.status, paused.reported_status) == ("paused", "awaiting_input")
    after = as_of(run, answered)
    assert (after.reported_status, after.input_requests) == ("started", ())
    assert as_of(run, ENDED).reported_status == "completed"


def test_a_record_without_an_end_stays_as_it_says_once_started() -> None:
    run = waiting("paused", True)
    assert as_of(run, STARTED + timedelta(days=400)) is run
    assert as_of(run, STARTED - timedelta(seconds=1)).reported_status == "created"


def test_minted_ids_are_uuids_of_seed_tenant_and_attempt(runtime: Runtime) -> None:
    state = runtime.state("dynamiq")
    helios, vega = state.tenants["helios"], state.tenants["vega"]
    first = mint_id(state, helios, 0)["id"]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first
    )
    assert first == mint_id(state, helios, 0)["id"]
    assert len({first, mint_id(state, helios, 1)["id"], mint_id(state, vega, 0)["id"]}) == 3
