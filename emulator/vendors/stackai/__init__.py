"""StackAI: the flow-run analytics list and the organisation's per-project totals."""

from emulator.framework.pydantic_datetime import to_datetime
from emulator.spec import Spec
from emulator.vendor import Vendor, handlers_in, run_model
from emulator.vendors.stackai import generator, handlers, model, served
from emulator.vendors.stackai.auth import authenticate
from emulator.vendors.stackai.dialect import DIALECT
from emulator.vendors.stackai.tenancy import organizations

SPEC = Spec.of_vendor("stackai")

VENDOR = Vendor(
    name="stackai",
    title="StackAI",
    spec=SPEC,
    handlers=handlers_in(handlers, SPEC),
    dialect=DIALECT,
    authenticate=authenticate,
    tenancy=organizations,
    runs=run_model(model, generator, "StackAIRunRecord", served.FORMS),
    repeat="last",
    is_redirecting_slashes=True,
    # start_date/end_date are `datetime | None` at the vendor: pydantic's lax parsing.
    formats={"date-time": to_datetime},
)
