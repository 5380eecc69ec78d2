"""The pipeline authenticates a request once; the journal reuses what it found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import Principal, State, discover

KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"


async def test_one_request_one_authentication(aiohttp_client: AiohttpClient) -> None:
    (dograh,) = discover(("dograh",))
    calls: list[int] = []

    def counting(headers: Mapping[str, str], state: State, route: Mapping[str, str]) -> Principal:
        calls.append(1)
        return dograh.authenticate(headers, state, route)

    runtime = Runtime.start(Settings(runs=5), (replace(dograh, authenticate=counting),))
    client = await aiohttp_client(build_app(runtime, ResponseCheck(is_enabled=True)))
    response = await client.get(
        "/dograh/api/v1/organizations/usage/runs", headers={"X-API-Key": KEY}
    )
    assert response.status == 200
    journal = await (await client.get("/_emulator/requests")).json()
    assert journal["requests"][0]["tenant"] == "acme-health"
    assert calls == [1]


async def test_an_operation_outside_the_mount_has_its_own_base_and_credentials(
    aiohttp_client: AiohttpClient,
) -> None:
    """Dynamiq's management API: beside the per-app mount, checked by its own authenticator."""
    (dynamiq,) = discover(("dynamiq",))
    assert dynamiq.authenticate_outside_mount is not None
    outside = dynamiq.authenticate_outside_mount
    seen: list[str] = []

    def mounted(headers: Mapping[str, str], state: State, route: Mapping[str, str]) -> Principal:
        seen.append("mounted")
        return dynamiq.authenticate(headers, state, route)

    def beside(headers: Mapping[str, str], state: State, route: Mapping[str, str]) -> Principal:
        seen.append("outside")
        return outside(headers, state, route)

    vendor = replace(dynamiq, authenticate=mounted, authenticate_outside_mount=beside)
    runtime = Runtime.start(Settings(runs=5), (vendor,))
    client = await aiohttp_client(build_app(runtime, ResponseCheck(is_enabled=True)))
    app, key = "f0d1ab56-e02f-4a72-a9d6-25c966692158", "dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"
    headers = {"Authorization": f"Bearer {key}"}
    assert (await client.get(f"/dynamiq/v1/apps/{app}", headers=headers)).status == 200
    assert (await client.get(f"/dynamiq/apps/{app}/v1/runs", headers=headers)).status == 200
    mounted_twice = await client.get(f"/dynamiq/apps/{app}/v1/apps/{app}", headers=headers)
    assert mounted_twice.status == 404
    assert seen == ["outside", "mounted"]
