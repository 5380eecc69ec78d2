"""B3OS runs: records, RFC 3339 stamps as Go writes them, xid run ids, the default order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.vendors.b3os.model import (
    default_order,
    from_record,
    list_item,
    mint_id,
    rfc3339,
    to_record,
)
from emulator.vendors.b3os.xid import xid
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
    ordered = sorted([earlier, base, same_time], key=default_order)
    assert [r.id for r in ordered] == [same_time.id, base.id, earlier.id]


def test_an_xid_carries_its_time() -> None:
    at = datetime(2026, 3, 26, 6, 37, 48, tzinfo=UTC)
    identifier = xid(at, b"\x01\x02\x03", 7, 2**24 + 5)
    assert len(identifier) == 20 and set(identifier) <= set("0123456789abcdefghijklmnopqrstuv")
    assert seconds_of("run_" + identifier) == int(at.timestamp())
    assert seconds_of("conn_d72d8f37b42000fmpbkg") == int(at.timestamp())  # the MCP client's id
    assert xid(at + timedelta(seconds=1), b"abc", 1, 1) > xid(at, b"abc", 1, 1)


def test_minted_ids_depend_on_seed_tenant_and_attempt(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    moon, orbit = state.tenants["moonbeam-labs"], state.tenants["orbit-dao"]
    first = mint_id(state, moon, 0)["id"]
    assert first == mint_id(state, moon, 0)["id"]
    assert len({first, mint_id(state, moon, 1)["id"], mint_id(state, orbit, 0)["id"]}) == 3
    assert seconds_of(first) == int(state.settings.epoch.timestamp())
