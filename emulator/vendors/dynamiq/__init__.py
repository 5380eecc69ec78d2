"""Dynamiq: the Runs API each deployed app serves on its own hostname (docs: run-api), and the
management API's app lookup that leads a client there.

Every Runs API path is served per app: at `/dynamiq/apps/<app_id>/v1/...` on the shared port,
and at `/v1/...` for a Host of `<app_id>.apps.<anything>` (the vendor's hostname shape). The
management API (`x-emulator-outside-mount`) is served at `/dynamiq/v1/...`, with its own
credentials (management.py).
"""

from emulator.spec import Spec
from emulator.vendor import Vendor, handlers_in, run_model
from emulator.vendors.dynamiq import generator, handlers, management, model, served
from emulator.vendors.dynamiq.auth import authenticate
from emulator.vendors.dynamiq.dialect import DIALECT
from emulator.vendors.dynamiq.query import go_atoi
from emulator.vendors.dynamiq.tenancy import organizations

SPEC = Spec.of_vendor("dynamiq")

VENDOR = Vendor(
    name="dynamiq",
    title="Dynamiq",
    spec=SPEC,
    handlers=handlers_in(handlers, SPEC),
    dialect=DIALECT,
    authenticate=authenticate,
    tenancy=organizations,
    runs=run_model(model, generator, "DynamiqRunRecord", served.FORMS),
    # Go's `r.URL.Query().Get` reads the first of repeated values.
    repeat="first",
    mount=management.APP_MOUNT,
    host_mask="*.apps.*",
    authenticate_outside_mount=management.authenticate,
    # Integers are read with strconv.Atoi, not pydantic's lax rules.
    formats={"int64": go_atoi},
)
