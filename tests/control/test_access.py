"""Where the control plane is reachable, and who may use it: health, the admin token, and
never through a vendor's base URL."""

from __future__ import annotations

from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer

from emulator.app import build_app
from emulator.cli import settings_from
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import from_environment
from tests.control.control_api import Client, call, problem
from tests.vendors.dograh_api import USAGE, get_json

TOKEN = "s3cret-token"


async def test_health_reports_uptime_clock_and_control_state(client: Client) -> None:
    body = await call(client, "GET", "/_emulator/health")
    assert body["status"] == "ok" and body["uptime_seconds"] >= 0
    assert set(body["clock"]) == {"now", "is_frozen", "offset_seconds", "mode"}
    assert body["control"] == {
        "faults": 0, "journal": {"entries": 0, "size": 1000}, "is_token_required": False,
    }  # fmt: skip
    assert body["vendors"]["dograh"]["tenants"][0]["slug"] == "acme-health"


async def test_vendors_list_base_paths_and_test_keys(client: Client, runtime: Runtime) -> None:
    body = await call(client, "GET", "/_emulator/vendors")
    assert [v["name"] for v in body["vendors"]] == list(runtime.states)
    dograh = await call(client, "GET", "/_emulator/vendors/dograh")
    assert dograh["base_path"] == "/dograh"
    assert dograh["tenants"][0]["test_key"].startswith("dgr_")
    # A vendor with a mount: a base path that works (the tenant's first private app).
    dynamiq = await call(client, "GET", "/_emulator/vendors/dynamiq")
    assert dynamiq["base_path"] == "/dynamiq/apps/f0d1ab56-e02f-4a72-a9d6-25c966692158"
    assert (
        dynamiq["tenants"][1]["base_path"] == "/dynamiq/apps/0d3b9c41-6a2e-4f7d-9b8e-2c5a7f1e9d03"
    )
    served = await client.get(
        dynamiq["base_path"] + "/v1/runs",
        headers={"Authorization": f"Bearer {dynamiq['tenants'][0]['test_key']}"},
    )
    assert served.status == 200


@pytest.mark.parametrize(
    "path", ["/dograh/_emulator/health", "/dograh/_emulator/faults", "/_emulator/../dograh"]
)
async def test_the_control_plane_is_not_under_a_vendors_base_url(client: Client, path: str) -> None:
    response = await client.get(path)
    assert response.status == 404
    assert response.content_type == "application/json"  # the vendor's 404, not ours


async def test_unknown_control_paths_and_methods_are_problems(client: Client) -> None:
    body = await problem(await client.get("/_emulator/nowhere"), 404)
    assert "/_emulator/nowhere" in body["detail"]
    response = await client.patch("/_emulator/clock")
    await problem(response, 405)
    assert response.headers["Allow"] == "GET, HEAD, PUT"


@pytest.fixture
async def guarded(runtime: Runtime) -> Client:
    runtime.settings = replace(runtime.settings, admin_token=TOKEN)
    client = TestClient(TestServer(build_app(runtime, ResponseCheck(True))))
    await client.start_server()
    return client


async def test_with_a_token_only_health_is_open(guarded: Client) -> None:
    try:
        assert (await call(guarded, "GET", "/_emulator/health"))["control"]["is_token_required"]
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN + "x"}):
            response = await guarded.get("/_emulator/faults", headers=headers)
            body = await problem(response, 401)
            assert response.headers["WWW-Authenticate"] == 'Bearer realm="runs-emulator"'
            assert "token" in body["detail"]
        allowed = await guarded.get(
            "/_emulator/faults", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        assert allowed.status == 200
        await get_json(guarded, USAGE)  # the vendor APIs know nothing of it
    finally:
        await guarded.close()


async def test_a_reset_keeps_the_token(guarded: Client) -> None:
    try:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        assert (await guarded.post("/_emulator/reset", headers=headers)).status == 200
        await problem(await guarded.post("/_emulator/reset"), 401)
    finally:
        await guarded.close()


def test_the_token_and_journal_size_come_from_flags_or_the_environment() -> None:
    assert from_environment({"EMULATOR_ADMIN_TOKEN": TOKEN})["admin_token"] == TOKEN
    settings = settings_from(["serve", "--admin-token", TOKEN, "--journal-size", "5"])
    assert (settings.admin_token, settings.journal_size) == (TOKEN, 5)
