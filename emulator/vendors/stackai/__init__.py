"""StackAI: the flow-run analytics list and the organisation's per-project totals (FACTS.md 3)."""

from pathlib import Path

from emulator.framework.pydantic_datetime import to_datetime
from emulator.spec import Spec
from emulator.vendor import RunModel, Vendor
from emulator.vendors.stackai import generator, handlers, model
from emulator.vendors.stackai.auth import authenticate
from emulator.vendors.stackai.dialect import DIALECT
from emulator.vendors.stackai.tenancy import organizations

SPEC_PATH = Path(__file__).resolve().parents[3] / "openapi" / "stackai.yaml"

VENDOR = Vendor(
    name="stackai",
    title="StackAI",
    spec=Spec.load(SPEC_PATH, "stackai"),
    handlers={
        "list_flow_runs": handlers.list_flow_runs,
        "list_project_run_summaries": handlers.list_project_run_summaries,
    },
    dialect=DIALECT,
    authenticate=authenticate,
    tenancy=organizations,
    runs=RunModel(
        identity=model.identity,
        order=model.default_order,
        generate=generator.generate,
        from_record=model.from_record,
        to_record=model.to_record,
        record_schema="StackAIRunRecord",
        mint_id=model.mint_id,
    ),
    # FastAPI: the bearer dependency runs before query validation (FACTS.md 3.3).
    is_auth_first=True,
    repeat="last",
    is_redirecting_slashes=True,
    # start_date/end_date are `datetime | None` at the vendor: pydantic's lax parsing.
    formats={"date-time": to_datetime},
)
