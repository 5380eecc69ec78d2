"""StackAI runs: records in and out, derived fields, place on the timeline, the run as it is
at an instant, and the served item."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from emulator.flaws import RecordRefused
from emulator.runtime import Runtime
from emulator.store import micros
from emulator.vendors.stackai import model
from emulator.vendors.stackai.tenancy import Organization

FLOW = "2bb71c682097798c8cd3e418"
SUB_FLOW = "41785bc64c3ac6fc48208231"
USAGE = [{"provider": "OpenAI", "model_id": "gpt-4o", "input_tokens": 10, "output_tokens": 5},
         {"provider": "Local", "model_id": "phi", "tokens": 7},
         {"provider": "OpenAI", "model_id": "gpt-4o", "tokens": None}]  # fmt: skip


def northwind(runtime: Runtime) -> Organization:
    organization = runtime.state("stackai").tenants["northwind"]
    assert isinstance(organization, Organization)
    return organization


def record(**fields: Any) -> dict[str, Any]:
    return {"run_id": "fa000000-0000-4000-8000-0000000000ff", "flow_id": FLOW,
            "date": "2026-10-20T15:00:00+02:00", **fields}  # fmt: skip


def test_a_minimal_record_gets_the_derived_values(runtime: Runtime) -> None:
    run = model.from_record(record(llm_usage=USAGE, latency=3), northwind(runtime))
    assert run.date == datetime(2026, 10, 20, 13, tzinfo=UTC)
    assert (run.state, run.is_flow_successful, run.latency) == ("COMPLETED", True, 3.0)
    assert (run.total_tokens, run.llms) == (22, "gpt-4o, phi")
    assert [u.tokens for u in run.llm_usage] == [15, 7, None]
    assert [(u.is_local_model, u.should_charge) for u in run.llm_usage][:2] == [
        (False, True),
        (True, False),
    ]
    assert (run.ended_at, run.paused_at, run.resumed_at, run.calls_before_pause) == (
        None, None, None, 0,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("state", "success"),
    [("FAILED", False), ("CANCELLED", False), ("PENDING", None), ("PAUSED", None),
     ("RESUMED", None), (None, None)],
)  # fmt: skip
def test_success_follows_the_state_unless_given(
    runtime: Runtime, state: str | None, success: bool | None
) -> None:
    assert model.from_record(record(state=state), northwind(runtime)).is_flow_successful is success
    given = model.from_record(record(state=state, is_flow_successful=True), northwind(runtime))
    assert given.is_flow_successful is True


def test_a_parent_flow_names_itself(runtime: Runtime) -> None:
    fields = {"flow_id": SUB_FLOW, "parent_project_id": FLOW, "run_type": "sub_workflow"}
    run = model.from_record(record(**fields), northwind(runtime))
    assert run.parent_project_name == "Contract Clause Extractor"


def test_a_flow_of_another_organization_is_refused(runtime: Runtime) -> None:
    with pytest.raises(ValueError, match="not one of the organization's flows"):
        model.from_record(record(flow_id="f9ee8bc8bd1e6912bd313bee"), northwind(runtime))


def test_records_round_trip(runtime: Runtime) -> None:
    for run in runtime.state("stackai").store.runs("northwind"):
        assert model.from_record(model.to_record(run), northwind(runtime)) == run


LIVING = record(state="FAILED", error="boom", latency=4.5, llm_usage=USAGE,
                paused_at="2026-10-20T13:00:02Z", resumed_at="2026-10-20T13:10:00Z",
                ended_at="2026-10-20T13:10:03Z", calls_before_pause=1)  # fmt: skip


@pytest.mark.parametrize(
    ("at", "state", "tokens"),
    [("13:00:00", "PENDING", 0), ("13:00:01.999999", "PENDING", 0), ("13:00:02", "PAUSED", 15),
     ("13:09:59", "PAUSED", 15), ("13:10:00", "RESUMED", 15), ("13:10:02.5", "RESUMED", 15)],
)  # fmt: skip
def test_a_run_in_progress_shows_what_it_has_done_so_far(
    runtime: Runtime, at: str, state: str, tokens: int
) -> None:
    run = model.from_record(LIVING, northwind(runtime))
    now = datetime.fromisoformat(f"2026-10-20T{at}+00:00")
    shown = model.as_of(run, now)
    assert (shown.state, shown.total_tokens, shown.is_flow_successful) == (state, tokens, None)
    assert (shown.error, shown.latency, shown.outputs, shown.feedback) == (None,) * 4
    assert len(shown.llm_usage) == (tokens > 0) and shown.llms == ("gpt-4o" if tokens else None)
    assert (shown.run_id, shown.date, shown.inputs) == (run.run_id, run.date, run.inputs)


def test_a_run_is_as_recorded_from_its_end_on(runtime: Runtime) -> None:
    run = model.from_record(LIVING, northwind(runtime))
    assert run.ended_at is not None
    for later in (run.ended_at, run.ended_at + timedelta(days=400)):
        assert model.as_of(run, later) is run
    plain = model.from_record(record(), northwind(runtime))
    assert model.as_of(plain, plain.date) is plain


@pytest.mark.parametrize(
    ("fields", "named"),
    [({"ended_at": "2026-10-20T12:59:59Z"}, "ended_at"),
     ({"paused_at": "2026-10-20T13:00:01Z"}, "paused_at"),
     ({"resumed_at": "2026-10-20T13:00:01Z", "ended_at": "2026-10-20T13:00:02Z"}, "resumed_at"),
     ({"paused_at": "2026-10-20T13:00:05Z", "resumed_at": "2026-10-20T13:00:04Z",
       "ended_at": "2026-10-20T13:00:06Z"}, "resumed_at"),
     ({"calls_before_pause": 1}, "calls_before_pause")],
)  # fmt: skip
def test_a_way_to_the_state_out_of_order_is_refused(
    runtime: Runtime, fields: dict[str, Any], named: str
) -> None:
    with pytest.raises(RecordRefused) as refusal:
        model.from_record(record(**fields), northwind(runtime))
    assert [f.path for f in refusal.value.flaws] == [(named,)]


def test_the_place_is_the_date_then_the_run_id(runtime: Runtime) -> None:
    run_id = "ff000000-0000-4000-8000-000000000000"
    run = model.from_record(record(run_id=run_id), northwind(runtime))
    low = model.from_record(record(run_id=f"0{run_id[1:]}"), northwind(runtime))
    assert model.place(run) == (micros(run.date), uuid.UUID(run_id).int - 2**128)
    assert model.place(low) < model.place(run) < (micros(run.date), 2**63)


@pytest.mark.parametrize(
    ("stamp", "shown"),
    [(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), "2026-01-02T03:04:05Z"),
     (datetime(2026, 1, 2, 3, 4, 5, 120000, tzinfo=UTC), "2026-01-02T03:04:05.120000Z")],
)  # fmt: skip
def test_dates_are_written_as_pydantic_writes_them(stamp: datetime, shown: str) -> None:
    assert model.zulu(stamp) == shown


def test_minted_ids_are_uuid4_fixed_by_seed_tenant_and_attempt(runtime: Runtime) -> None:
    state, tenant = runtime.state("stackai"), northwind(runtime)
    first = model.mint_id(state, tenant, 0)["run_id"]
    assert first == model.mint_id(state, tenant, 0)["run_id"]
    assert first != model.mint_id(state, tenant, 1)["run_id"]
    assert uuid.UUID(first).version == 4
