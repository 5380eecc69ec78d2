"""B3OS: the compute-unit (CU) routes of the workflow API, runs with their CU first.

A Go service (gin + swag): repeated query parameters take the first value, integers parse as
strconv.ParseInt does, JSON is written as encoding/json writes it.
"""

from emulator.spec import Spec
from emulator.vendor import Vendor, handlers_in, run_model
from emulator.vendors.b3os import generator, handlers, model, served
from emulator.vendors.b3os.auth import authenticate
from emulator.vendors.b3os.dialect import DIALECT
from emulator.vendors.b3os.goparse import parse_bool, parse_int64, parse_year_month
from emulator.vendors.b3os.tenancy import organizations

SPEC = Spec.of_vendor("b3os")

VENDOR = Vendor(
    name="b3os",
    title="B3OS",
    spec=SPEC,
    handlers=handlers_in(handlers, SPEC),
    dialect=DIALECT,
    authenticate=authenticate,
    tenancy=organizations,
    runs=run_model(model, generator, "B3osRunRecord", served.FORMS),
    # gin's c.Query and form binding read the first of repeated values.
    repeat="first",
    # gin's RedirectTrailingSlash (on by default) sends `/path/` to `/path`; it answers a GET
    # with 301 where the core's redirect says 307 (both are followed by HTTP clients).
    is_redirecting_slashes=True,
    # Parameters declared `format: int64`, `year-month`, `go-bool` parse as Go does.
    formats={"int64": parse_int64, "year-month": parse_year_month, "go-bool": parse_bool},
)
