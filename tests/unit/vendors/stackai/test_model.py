"""StackAI runs: records in and out, derived fields, order and the served item."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.vendors.stackai import model
from emulator.vendors.stackai.tenancy import Organization

FLOW = "2bb71c682097798c8cd3e418"
SUB_FLOW = "41785bc64c3ac6fc48208231"


def northwind(runtime: Runtime) -> Organization:
    organization = runtime.state("stackai").tenants["northwind"]
    assert isinstance(organization, Organization)
    return organization


def record(**fields: Any) -> dict[str, Any]:
    return {"run_id": "fa000000-0000-4000-8000-0000000000ff", "flow_id": FLOW,
            "date": "2026-10-20T15:00:00+02:00", **fields}  # fmt: skip


def test_a_minimal_record_gets_the_derived_values(runtime: Runtime) -> None:
    usage = [{"provider": "OpenAI", "model_id": "gpt-4o", "input_tokens": 10, "output_tokens": 5},
             {"provider": "Local", "model_id": "phi", "tokens": 7},
             {"provider": "OpenAI", "model_id": "gpt-4o", "tokens": None}]  # fmt: skip
    run = model.from_record(record(llm_usage=usage, latency=3), northwind(runtime))
    assert run.date == datetime(2026, 10, 20, 13, tzinfo=UTC)
    assert (run.state, run.is_flow_successful, run.latency) == ("COMPLETED", True, 3.0)
    assert (run.total_tokens, run.llms) == (22, "gpt-4o, phi")
    assert [u.tokens for u in run.llm_usage] == [15, 7, None]
    assert [(u.is_local_model, u.should_charge) for u in run.llm_usage][:2] == [
        (False, True),
        (True, False),
    ]


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


def test_order_is_newest_first_then_run_id_descending(runtime: Runtime) -> None:
    earlier = record(run_id="ff000000-0000-4000-8000-000000000000", date="2026-10-20T12:59:59.9Z")
    older = model.from_record(earlier, northwind(runtime))
    low = model.from_record(
        record(run_id="00000000-0000-4000-8000-000000000000"), northwind(runtime)
    )
    high = model.from_record(record(), northwind(runtime))
    assert sorted([older, low, high], key=model.default_order) == [high, low, older]


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
