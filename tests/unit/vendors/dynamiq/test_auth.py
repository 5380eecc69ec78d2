"""The order of Dynamiq's checks: app, then key, with public apps and personal tokens."""

from __future__ import annotations

from dataclasses import replace

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.vendors.dynamiq.auth import authenticate, bearer_token
from emulator.vendors.dynamiq.tenancy import Organization

HELIOS_KEY = "dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"
CARE_KEY = "dq_fXfeTkYpIygfdM7ENA8d5vFldPGYYJvW5hANsbEv"
RETURNS = "f0d1ab56-e02f-4a72-a9d6-25c966692158"
ORDERS = "b835e8a5-3414-4e87-8c9a-37518ddcf83c"


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER abc", "abc"), ("Bearer  abc", " abc"),
     ("Bearer", ""), ("Basic abc", ""), ("abc", ""), ("", "")],
)  # fmt: skip
def test_bearer_tokens(header: str, token: str) -> None:
    assert bearer_token(header) == token


def test_a_key_gives_its_organization_app_and_key(runtime: Runtime) -> None:
    principal = authenticate(
        {"Authorization": f"Bearer {CARE_KEY}"}, runtime.state("dynamiq"), {"app_id": RETURNS}
    )
    assert (principal.tenant, principal.app.id) == ("helios", RETURNS)
    assert principal.key is not None and principal.key.scope == "project"


def test_a_public_app_without_a_key_has_no_key(runtime: Runtime) -> None:
    principal = authenticate({}, runtime.state("dynamiq"), {"app_id": ORDERS})
    assert (principal.tenant, principal.key) == ("helios", None)


def test_the_app_is_checked_before_the_key(runtime: Runtime) -> None:
    with pytest.raises(ApiError) as raised:
        authenticate({}, runtime.state("dynamiq"), {})
    assert raised.value.status == 404


def test_a_bad_key_on_a_public_app_can_be_let_through(runtime: Runtime) -> None:
    state = runtime.state("dynamiq")
    helios = state.tenants["helios"]
    assert isinstance(helios, Organization)
    headers = {"Authorization": "Bearer dq_nope"}
    with pytest.raises(ApiError) as raised:
        authenticate(headers, state, {"app_id": ORDERS})
    assert raised.value.status == 401
    lenient = replace(helios.behaviour, is_key_checked_on_public_apps=False)
    state.tenants["helios"] = replace(helios, behaviour=lenient)
    assert authenticate(headers, state, {"app_id": ORDERS}).key is None
    with pytest.raises(ApiError):
        authenticate(headers, state, {"app_id": RETURNS})
