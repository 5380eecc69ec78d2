"""The management API's credentials and app view: access keys and personal tokens name their
organisation, anything else is a 401; an app's view leads to its base URL here."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.vendors.dynamiq.management import APP_MOUNT, Manager, authenticate
from emulator.vendors.dynamiq.tenancy import Organization

PAT = "dq_pat_rSFagEaBp0vXnJaE_9I0MyTLUyi0kn1Gnt11CuZy"
CARE_KEY = "dq_fXfeTkYpIygfdM7ENA8d5vFldPGYYJvW5hANsbEv"


def manager(runtime: Runtime, token: str) -> Manager:
    return authenticate({"Authorization": f"Bearer {token}"}, runtime.state("dynamiq"), {})


def test_a_personal_token_sees_its_whole_organisation(runtime: Runtime) -> None:
    found = manager(runtime, PAT)
    assert (found.tenant, found.key) == ("helios", None)
    assert all(found.reaches(app) for app in found.organization.apps)


def test_a_project_key_reaches_its_projects_apps_only(runtime: Runtime) -> None:
    found = manager(runtime, CARE_KEY)
    organization = found.organization
    assert isinstance(organization, Organization)
    reached = {app.name for app in organization.apps if found.reaches(app)}
    assert reached == {"Returns Agent", "Order Status Bot"}


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer dq_unknown", f"Basic {PAT}", PAT])
def test_anything_else_is_401(runtime: Runtime, header: str) -> None:
    with pytest.raises(ApiError) as caught:
        authenticate({"Authorization": header}, runtime.state("dynamiq"), {})
    assert (caught.value.status, caught.value.message) == (401, "Unauthorized")


def test_the_app_mount_has_the_app_id() -> None:
    assert APP_MOUNT.format(app_id="a") == "/apps/a"
