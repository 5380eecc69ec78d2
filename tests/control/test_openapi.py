"""The documents the emulator serves: listed under /_emulator/openapi, each as JSON and YAML,
and each vendor's surface where the vendor serves its own (Dograh, StackAI)."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pytest_aiohttp import AiohttpClient

from emulator.app import build_app, own_port_app
from emulator.control.plane import ControlPlane
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.spec import load_yaml
from tests.control.control_api import Client, call, problem
from tests.every_vendor import VENDORS

INDEX = "/_emulator/openapi"
# Where each vendor serves its own document, under its base URL (None: not known to exist).
SERVED_AT = {"dograh": "/api/v1/openapi.json", "stackai": "/openapi.json", "b3os": None,
             "dynamiq": None}  # fmt: skip


def origin(client: Client) -> str:
    return str(client.make_url("")).rstrip("/")


async def document(client: Client, name: str) -> dict[str, Any]:
    served: dict[str, Any] = await call(client, "GET", f"{INDEX}/{name}.json")
    return served


async def test_the_index_lists_every_document_as_json_and_yaml(client: Client) -> None:
    listed = (await call(client, "GET", INDEX))["documents"]
    names = [entry["name"] for entry in listed]
    assert names == [n for v in VENDORS for n in (v, f"{v}-emulator")] + ["control"]
    for entry in listed:
        as_json = await client.get(entry["json"].removeprefix(origin(client)))
        as_yaml = await client.get(entry["yaml"].removeprefix(origin(client)))
        assert as_json.content_type == "application/json"
        assert as_yaml.content_type == "application/yaml"
        parsed = json.loads(await as_json.text())
        assert load_yaml(await as_yaml.text()) == parsed
        assert parsed["info"]["version"] == entry["version"]


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_vendors_surface_has_nothing_only_the_emulator_needs(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    served, whole = await document(client, vendor), await document(client, f"{vendor}-emulator")
    record = runtime.state(vendor).vendor.runs.record_schema
    assert record not in served["components"]["schemas"]
    assert record in whole["components"]["schemas"]
    assert "x-emulator" not in json.dumps(served)
    if vendor == "dograh":
        assert "/_storage/{run_id}/{artifact_type}" in set(whole["paths"]) - set(served["paths"])


@pytest.mark.parametrize("vendor", VENDORS)
async def test_the_first_server_is_the_emulator_as_the_client_reached_it(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    mount = runtime.state(vendor).vendor.mount
    for name in (vendor, f"{vendor}-emulator"):
        first = (await document(client, name))["servers"][0]
        assert first["url"] == f"{origin(client)}/{vendor}{mount}"
    control = await document(client, "control")
    assert control["servers"][0]["url"] == origin(client)


@pytest.mark.parametrize("vendor", VENDORS)
async def test_each_vendor_serves_its_surface_where_it_serves_its_own(
    client: Client, vendor: str
) -> None:
    listed = {e["name"]: e for e in (await call(client, "GET", INDEX))["documents"]}
    path = SERVED_AT[vendor]
    if path is None:  # no known location: the vendor's own 404 there
        assert listed[vendor]["vendor_url"] is None
        response = await client.get(f"/{vendor}/openapi.json")
        assert response.status == 404 and response.content_type == "application/json"
        return
    assert listed[vendor]["vendor_url"] == f"{origin(client)}/{vendor}{path}"
    response = await client.get(f"/{vendor}{path}")  # no credentials: the document is public
    assert response.status == 200, await response.text()
    assert await response.json() == await document(client, vendor)
    (entry,) = (await call(client, "GET", "/_emulator/requests", vendor=vendor))["requests"]
    assert (entry["operation"], entry["status"]) == ("openapi", 200)


async def test_the_vendors_copy_is_a_vendor_request_that_faults_reach(client: Client) -> None:
    fault = {"match": {"operation": "openapi"}, "effect": {"type": "status", "status": 503}}
    await call(client, "POST", "/_emulator/faults", fault, expect=201)
    response = await client.get("/dograh/api/v1/openapi.json")
    assert response.status == 503
    assert await response.json() == {"detail": "Service Unavailable"}


async def test_on_a_vendors_own_port_the_server_is_that_port(runtime: Runtime) -> None:
    dograh = runtime.state("dograh").vendor
    app = own_port_app(runtime, dograh, ResponseCheck(True), ControlPlane.attach(runtime))
    async with TestClient(TestServer(app)) as own:
        served = await (await own.get("/api/v1/openapi.json")).json()
        assert served["servers"][0]["url"] == origin(own)


async def test_documents_stay_open_behind_an_admin_token(
    aiohttp_client: AiohttpClient, runtime: Runtime
) -> None:
    runtime.settings = replace(runtime.settings, admin_token="t0k")
    guarded: Client = await aiohttp_client(build_app(runtime, ResponseCheck(True)))
    assert (await guarded.get(INDEX)).status == 200
    assert (await guarded.get(f"{INDEX}/control.yaml")).status == 200
    await problem(await guarded.get("/_emulator/faults"), 401)


@pytest.mark.parametrize("name", ["nowhere.json", "dograh.xml", "dograh", "control-emulator.json"])
async def test_an_unknown_document_is_a_problem_naming_it(client: Client, name: str) -> None:
    body = await problem(await client.get(f"{INDEX}/{name}"), 404)
    assert body["errors"][0]["field"] == "document" and name in body["detail"]
