"""One list request per vendor for a given tenant, for tests of the core that must hold for
every vendor (journal, faults, reset, determinism): the path on the shared port and the
headers that carry the tenant's test key."""

from __future__ import annotations

from typing import Any

from emulator.runtime import Runtime
from emulator.vendor import base_path

VENDORS = ("b3os", "dograh", "dynamiq", "stackai")


def list_request(runtime: Runtime, vendor: str, slug: str) -> tuple[str, dict[str, str]]:
    state = runtime.state(vendor)
    tenant: Any = state.tenants[slug]
    bearer = {"Authorization": f"Bearer {tenant.test_key}"}
    if vendor == "dograh":
        return "/dograh/api/v1/organizations/usage/runs", {"X-API-Key": tenant.test_key}
    if vendor == "b3os":
        return f"/b3os/v1/organizations/{tenant.id}/cu/runs", bearer
    if vendor == "stackai":
        return f"/stackai/analytics/org/{tenant.id}/flows/{tenant.flows[0].id}", bearer
    return f"{base_path(state.vendor, tenant)}/v1/runs", bearer


def two_tenants(runtime: Runtime, vendor: str) -> tuple[str, str]:
    first, second, *_ = runtime.state(vendor).tenants
    return first, second
