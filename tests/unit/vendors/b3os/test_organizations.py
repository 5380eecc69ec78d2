"""An organisation as GET /v1/organizations serves it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from emulator.runtime import Runtime
from emulator.vendors.b3os.organizations import THRESHOLDS, item
from emulator.vendors.b3os.tenancy import Organization, Profile

EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


def test_defaults_date_it_from_the_history_and_leave_out_an_absent_photo(
    runtime: Runtime,
) -> None:
    state = runtime.state("b3os")
    organization = state.tenants["orbit-dao"]
    assert isinstance(organization, Organization)
    bare = replace(organization, profile=Profile())
    served = item(state, bare, EPOCH)
    assert list(served) == sorted(served) and "photo" not in served
    assert served["createdAt"] == served["updatedAt"] == "2026-08-18T00:00:00Z"
    assert (served["tier"], served["cuMinThreshold"]) == ("free", 1000.0)
    state.memory.setdefault(THRESHOLDS, {})["orbit-dao"] = 5.0
    assert item(state, bare, EPOCH)["cuMinThreshold"] == 5.0
