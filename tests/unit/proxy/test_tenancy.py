"""Which tenant an upstream credential stands for: the first seen the first tenant, and so on,
starting over past the last; what a request's credentials are; what a tenant's definition
names."""

from __future__ import annotations

import pytest

from emulator.proxy.tenancy import TenantMap, credentials_in, known_values
from emulator.runtime import Runtime
from tests.every_vendor import VENDORS


@pytest.mark.parametrize("vendor", VENDORS)
def test_credentials_stand_for_tenants_in_the_order_they_are_first_seen(
    vendor: str, pristine: Runtime
) -> None:
    tenants = list(pristine.state(vendor).tenants.values())
    mapping = TenantMap(tenants)
    seen = [mapping.tenant_of([f"key-{n}"]) for n in range(len(tenants) + 1)]
    assert seen == [*tenants, tenants[0]]
    assert mapping.tenant_of(["key-1"]) is tenants[1 % len(tenants)]
    assert mapping.first is tenants[0]


def test_a_vendor_without_tenants_cannot_be_compared() -> None:
    with pytest.raises(ValueError, match="without tenants"):
        TenantMap([])


def test_credentials_are_the_secret_headers_and_parameters_without_their_scheme() -> None:
    headers = [("Authorization", "Bearer b3sk_abc"), ("X-API-Key", "dgr_x"), ("Cookie", "s=1"),
               ("Accept", "application/json"), ("X-Api-Token", " ")]  # fmt: skip
    assert credentials_in(headers, [("api_key", "q1"), ("page", "2")]) == [
        "b3sk_abc", "dgr_x", "q1"
    ]  # fmt: skip
    assert credentials_in([], []) == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_tenants_known_values_hold_its_id_and_key(vendor: str, pristine: Runtime) -> None:
    tenant = next(iter(pristine.state(vendor).tenants.values()))
    known = known_values(tenant)
    assert {tenant.slug, tenant.test_key, str(getattr(tenant, "id"))} <= known  # noqa: B009
