"""B3OS runs for the core: records, RFC 3339 stamps as Go writes them, xid run ids, the place
on the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.vendors.b3os.model import from_record, mint_id, place, rfc3339, to_record
from emulator.vendors.b3os.run import as_of, list_item
from tests.b3os_xid import seconds_of

RECORD: dict[str, Any] = {
    "id": "run_dbj4hg7utk0h14g00fl0",
    "workflow_id": "wf_fs6rvpjdelc8pm3804gr",
    "status": "partial",
    "trigger_source": "evm-log",
    "started_at": "2026-10-31T20:00:00.123Z",
    "finished_at": "2026-10-31T20:00:09.5Z",
    "charges": [
        {"type": "trigger", "node_type": "evm-log", "count": 1},
        {"type": "action", "node_type": "send-slack-message", "count": 7},
    ],
}


def organization(runtime: Runtime) -> Any:
    return runtime.state("b3os").tenants["moonbeam-labs"]


@pytest.mark.parametrize(
    ("stamp", "text"),
    [
        (datetime(2026, 10, 31, 20, 0, tzinfo=UTC), "2026-10-31T20:00:00Z"),
        (datetime(2026, 10, 31, 20, 0, 0, 123000, tzinfo=UTC), "2026-10-31T20:00:00.123Z"),
        (datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), "2026-01-02T03:04:05.000006Z"),
        (datetime(2026, 1, 2, 5, 4, 5, tzinfo=UTC).astimezone(), "2026-01-02T05:04:05Z"),
    ],
)
def test_stamps_are_rfc3339_in_utc_with_trimmed_fractions(stamp: datetime, text: str) -> None:
    assert rfc3339(stamp) == text


def test_a_record_round_trips_and_is_priced(runtime: Runtime) -> None:
    run = from_record(RECORD, organization(runtime))
    assert to_record(run) == RECORD
    assert run.total_cu == 1.0 + 7 * 1.0
    assert list_item(run) == {
        "finishedAt": "2026-10-31T20:00:09.5Z", "runId": RECORD["id"],
        "startedAt": "2026-10-31T20:00:00.123Z", "status": "partial", "totalCu": 8.0,
        "triggerSource": "evm-log", "workflowId": RECORD["workflow_id"],
    }  # fmt: skip


def test_a_retry_record_keeps_its_source(runtime: Runtime) -> None:
    retried = {**RECORD, "source_run_id": "run_dbj4hg7utk0h14g00fm0"}
    run = from_record(retried, organization(runtime))
    assert (run.source_run_id, to_record(run)) == ("run_dbj4hg7utk0h14g00fm0", retried)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"workflow_id": "wf_unknown"}, "is not one of"),
        ({"finished_at": None}, "null exactly when"),
        ({"status": "running"}, "null exactly when"),
        ({"finished_at": "2026-10-31T19:00:00Z"}, "before started_at"),
        ({"charges": [{"type": "action", "node_type": "teleport", "count": 1}]}, "no CU price"),
    ],
)
def test_inconsistent_records_are_refused(
    runtime: Runtime, change: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        from_record({**RECORD, **change}, organization(runtime))


def test_a_record_needs_a_b3os_organization() -> None:
    with pytest.raises(TypeError):
        from_record(RECORD, object())


def test_newest_first_then_run_id_descending(runtime: Runtime) -> None:
    base = from_record(RECORD, organization(runtime))
    same_time = from_record({**RECORD, "id": "run_dbj4hg7utk0h14g00fm0"}, organization(runtime))
    earlier = from_record(
        {**RECORD, "id": "run_dbj4hg7utk0h14g00fa0", "started_at": "2026-10-31T19:59:59Z"},
        organization(runtime),
    )
    ordered = sorted([earlier, base, same_time], key=place, reverse=True)
    assert [r.id for r in ordered] == [same_time.id, base.id, earlier.id]


def test_a_record_that_finishes_later_is_in_progress_until_then(runtime: Runtime) -> None:
    """Its seven executions after the trigger evenly spread over its 9.377 s."""
    run = from_record(RECORD, organization(runtime))
    started = datetime(2026, 10, 31, 20, 0, 0, 123000, tzinfo=UTC)
    views = [as_of(run, started + timedelta(seconds=s)) for s in (0, 1.4, 2.7, 9.376, 9.377)]
    assert [(v.status, v.total_cu) for v in views] == [
        ("running", 1.0), ("running", 2.0), ("running", 3.0), ("running", 7.0), ("partial", 8.0),
    ]  # fmt: skip
    assert views[0].finished_at is None and views[-1] is run
    still = from_record({**RECORD, "status": "running", "finished_at": None}, organization(runtime))
    assert as_of(still, started + timedelta(days=400)) is still  # as the record says


def test_minted_ids_depend_on_seed_tenant_and_attempt(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    moon, orbit = state.tenants["moonbeam-labs"], state.tenants["orbit-dao"]
    first = mint_id(state, moon, 0)["id"]
    assert first == mint_id(state, moon, 0)["id"]
    assert len({first, mint_id(state, moon, 1)["id"], mint_id(state, orbit, 0)["id"]}) == 3
    assert seconds_of(first) == int(state.settings.epoch.timestamp())
