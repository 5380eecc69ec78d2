"""Dograh credentials on a self-hosted deployment word their 401s differently."""

from __future__ import annotations

from dataclasses import replace

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.vendors.dograh.auth import authenticate
from emulator.vendors.dograh.tenancy import Organization


def local(runtime: Runtime) -> Runtime:
    state = runtime.state("dograh")
    for slug, tenant in list(state.tenants.items()):
        assert isinstance(tenant, Organization)
        state.tenants[slug] = replace(tenant, deployment="local")
    return runtime


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Authorization header required"),
        ({"Authorization": "Bearer nope"}, "Invalid or expired token"),
        ({"X-API-Key": "dgr_nope"}, "Invalid or expired API key"),
    ],
)
def test_self_hosted_wording(runtime: Runtime, headers: dict[str, str], detail: str) -> None:
    with pytest.raises(ApiError) as raised:
        authenticate(headers, local(runtime).state("dograh"), {})
    assert (raised.value.status, raised.value.message) == (401, detail)


def test_a_token_maps_to_its_organization(runtime: Runtime) -> None:
    token = "stack-access-globex-61QTC4XATWS8PHp9NHfYjFM5DI4pZj59fhZ5R1Py"
    organization = authenticate({"Authorization": token}, runtime.state("dograh"), {})
    assert organization.tenant == "globex-lending"
