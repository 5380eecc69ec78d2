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
