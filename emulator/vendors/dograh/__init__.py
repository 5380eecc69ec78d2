"""Dograh: the organization usage list, run details and public artifact downloads."""

from emulator.spec import Spec
from emulator.vendor import Vendor, handlers_in, run_model
from emulator.vendors.dograh import generator, handlers, model, served
from emulator.vendors.dograh.auth import authenticate
from emulator.vendors.dograh.dialect import DIALECT
from emulator.vendors.dograh.tenancy import organizations

SPEC = Spec.of_vendor("dograh")

VENDOR = Vendor(
    name="dograh",
    title="Dograh",
    spec=SPEC,
    handlers=handlers_in(handlers, SPEC),
    dialect=DIALECT,
    authenticate=authenticate,
    tenancy=organizations,
    runs=run_model(model, generator, "DograhRunRecord", served.FORMS),
    repeat="last",
    is_redirecting_slashes=True,
)
