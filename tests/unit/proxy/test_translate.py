"""The emulator's version of a client's request: the matching tenant's key (or a stand-in
for a refused one), and the upstream's names in the path, mount and query in its terms."""

from __future__ import annotations

import re
from typing import Any

import pytest

from emulator.proxy.route import Routes
from emulator.proxy.standins import StandIns
from emulator.proxy.tenancy import credentials_in
from emulator.proxy.translate import ORGANISATION, Request, Translator
from emulator.runtime import Runtime
from emulator.vendor import base_path
from tests.every_vendor import VENDORS, list_request


def request_of(runtime: Runtime, vendor: str, slug: str, query: str = "") -> Request:
    """The tenant's list request as a client of a proxy in front of that tenant's base URL."""
    state = runtime.state(vendor)
    tenant = state.tenants[slug]
    shared, headers = list_request(runtime, vendor, slug)
    path = shared.removeprefix(base_path(state.vendor, tenant))
    routed = Routes(state.vendor, is_mount_in_path=False).match("GET", path)
    mount = dict(getattr(tenant, "mount_values", {}))
    return Request(path, query, tuple(headers.items()), routed, mount)


def translator(runtime: Runtime, vendor: str, learnt: dict[str, str] | None = None) -> Translator:
    return Translator(runtime.state(vendor).vendor, StandIns(7), learnt or {})


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_tenants_own_request_is_its_list_request_with_its_key(
    vendor: str, pristine: Runtime
) -> None:
    slug = next(iter(pristine.state(vendor).tenants))
    tenant = pristine.state(vendor).tenants[slug]
    asked = translator(pristine, vendor).asked(request_of(pristine, vendor, slug), tenant, True)
    shared, headers = list_request(pristine, vendor, slug)
    assert (asked.path, asked.query, dict(asked.headers)) == (shared, "", headers)


@pytest.mark.parametrize("vendor", VENDORS)
def test_another_organisations_names_become_the_tenants(vendor: str, pristine: Runtime) -> None:
    tenants: list[tuple[str, Any]] = list(pristine.state(vendor).tenants.items())
    (first, tenant), (second, _) = tenants[:2]
    request = request_of(pristine, vendor, second)
    asked = translator(pristine, vendor).asked(request, tenant, True)
    assert request.routed is not None
    variables = {**request.mount, **request.routed.variables}
    expected = {
        name: str(tenant.id) if ORGANISATION.fullmatch(name)
        else getattr(tenant, "mount_values", {}).get(name, value)
        for name, value in variables.items()
    }  # fmt: skip
    template = pristine.state(vendor).vendor.mount + request.routed.spec_path
    assert asked.path == f"/{vendor}" + template.format_map(expected)
    secret = credentials_in(request.headers, [])[0]
    assert tenant.test_key in str(asked.headers) and secret not in str(asked.headers)
    assert first != second


@pytest.mark.parametrize("vendor", VENDORS)
def test_a_refused_credential_becomes_its_stand_in(vendor: str, pristine: Runtime) -> None:
    slug, tenant = next(iter(pristine.state(vendor).tenants.items()))
    request = request_of(pristine, vendor, slug)
    translation = translator(pristine, vendor)
    asked = translation.asked(request, tenant, False)
    (secret,) = credentials_in(request.headers, [])
    made = translation.standins.credential(secret)
    assert made in str(asked.headers) and secret not in str(asked.headers)


@pytest.mark.parametrize("vendor", VENDORS)
def test_learnt_values_are_translated_in_path_and_query(vendor: str, pristine: Runtime) -> None:
    slug, tenant = next(iter(pristine.state(vendor).tenants.items()))
    request = request_of(pristine, vendor, slug, "workflow_id=4242&page=2&q=%5B1%5D")
    learnt = {"4242": "1207", "/elsewhere": "unused"}
    asked = translator(pristine, vendor, learnt).asked(request, tenant, True)
    assert asked.query == "workflow_id=1207&page=2&q=%5B1%5D"
    untouched = request_of(pristine, vendor, slug, "q=%5B1%5D&q=a+b")
    assert translator(pristine, vendor).asked(untouched, tenant, True).query == "q=%5B1%5D&q=a+b"


def test_a_secret_query_parameter_carries_the_tenants_key(pristine: Runtime) -> None:
    slug, tenant = next(iter(pristine.state("dograh").tenants.items()))
    request = request_of(pristine, "dograh", slug, "api_key=real-key-123456&limit=5")
    asked = translator(pristine, "dograh").asked(request, tenant, True)
    assert re.fullmatch(rf"api_key={re.escape(tenant.test_key)}&limit=5", asked.query)
