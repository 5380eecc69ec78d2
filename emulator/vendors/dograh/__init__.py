"""Dograh: the organization usage list, run details and public artifact downloads (FACTS.md 1)."""

from pathlib import Path

from emulator.spec import Spec
from emulator.vendor import RunModel, Vendor
from emulator.vendors.dograh import generator, handlers, model
from emulator.vendors.dograh.auth import authenticate
from emulator.vendors.dograh.dialect import DIALECT
from emulator.vendors.dograh.tenancy import organizations

SPEC_PATH = Path(__file__).resolve().parents[3] / "openapi" / "dograh.yaml"

VENDOR = Vendor(
    name="dograh",
    title="Dograh",
    spec=Spec.load(SPEC_PATH, "dograh"),
    handlers={
        "get_usage_history": handlers.get_usage_history,
        "get_workflow_run": handlers.get_workflow_run,
        "download_artifact": handlers.download_artifact,
        "read_storage_object": handlers.read_storage_object,
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
        record_schema="DograhRunRecord",
        mint_id=model.mint_id,
    ),
    is_auth_first=True,
    repeat="last",
    is_redirecting_slashes=True,
)
