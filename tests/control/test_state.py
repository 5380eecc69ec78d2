"""The state snapshot: what a scenario added, as fixture files that load back."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from aiohttp.test_utils import TestClient, TestServer

from emulator.app import build_app
from emulator.generate import read_yaml
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import BUILTIN_FIXTURES, Settings
from emulator.vendor import discover
from emulator.vendors.dograh.generator import FIRST_ID
from tests.control.control_api import RUNS, Client, call, dograh_record, inject, problem
from tests.every_vendor import VENDORS
from tests.vendors.dograh_api import get_json

STATE = "/_emulator/state"


async def test_the_snapshot_holds_fixture_runs_then_injected_ones(client: Client) -> None:
    fixtures = (await call(client, "GET", STATE))["dograh"]["runs"]
    assert fixtures[0]["id"] == 900001 and all("tenant" in r for r in fixtures)
    await inject(client, dograh_record(id=7_000_002), dograh_record())
    await call(client, "DELETE", f"{RUNS}/900001", expect=204)
    after = (await call(client, "GET", STATE))["dograh"]["runs"]
    assert [r["id"] for r in after] == [r["id"] for r in fixtures[1:]] + [7_000_002, 7_000_001]
    listed = (await call(client, "GET", RUNS, limit=100))["runs"]
    generated = [r["id"] for r in listed if r["id"] >= FIRST_ID]  # fixtures are 900001+
    assert generated and not set(generated) & {r["id"] for r in after}


async def test_every_vendor_has_a_document(client: Client, runtime: Runtime) -> None:
    state = await call(client, "GET", STATE)
    assert sorted(state) == sorted(runtime.states)
    assert all(list(document) == ["runs"] for document in state.values())


async def test_yaml_of_one_vendor_is_its_fixture_file(client: Client) -> None:
    await inject(client, dograh_record(name="Ünïcode call ☎"))
    response = await client.get(f"{STATE}/dograh", params={"format": "yaml"})
    assert response.content_type == "application/yaml"
    text = await response.text()
    assert text.startswith("# dograh fixtures exported by runs-emulator")
    document = yaml.safe_load(text)
    assert document == await call(client, "GET", f"{STATE}/dograh")
    assert "Ünïcode call ☎" in text


async def test_a_saved_snapshot_loads_back_with_fixtures(
    client: Client, runtime: Runtime, tmp_path: Path
) -> None:
    await inject(client, dograh_record())
    detail = "/dograh/api/v1/workflow/1207/runs/7000001"
    served = await get_json(client, detail)
    for vendor in runtime.states:
        response = await client.get(f"{STATE}/{vendor}", params={"format": "yaml"})
        (tmp_path / f"{vendor}.yaml").write_text(await response.text(), encoding="utf-8")
    reloaded = Runtime.start(Settings(fixtures=tmp_path), runtime.vendors)
    async with TestClient(TestServer(build_app(reloaded, ResponseCheck(True)))) as again:
        assert await get_json(again, detail) == served
        assert await call(again, "GET", STATE) == await call(client, "GET", STATE)


async def test_unknown_vendor_and_format_are_refused(client: Client) -> None:
    body = await problem(await client.get(f"{STATE}/acme"), 404)
    assert [e["field"] for e in body["errors"]] == ["vendor"]
    body = await problem(await client.get(STATE, params={"format": "xml"}), 422)
    assert [e["field"] for e in body["errors"]] == ["format"]


async def test_the_snapshot_never_rereads_the_fixture_files(tmp_path: Path) -> None:
    """What was loaded is what is exported, even after the files changed or went away."""
    for source in (Path(__file__).resolve().parents[2] / "fixtures").glob("*.yaml"):
        (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    runtime = Runtime.start(Settings(fixtures=tmp_path, runs=5), discover())
    async with TestClient(TestServer(build_app(runtime, ResponseCheck(True)))) as client:
        before = await call(client, "GET", STATE)
        for path in tmp_path.glob("*.yaml"):
            path.write_text("runs: [nonsense\n", encoding="utf-8")
        assert await call(client, "GET", STATE) == before


@pytest.mark.parametrize("vendor", VENDORS)
async def test_every_vendor_exports_its_fixture_runs_in_file_order(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    identity = runtime.state(vendor).vendor.runs.identity
    in_file = read_yaml(BUILTIN_FIXTURES, f"{vendor}.yaml", BUILTIN_FIXTURES)["runs"]
    exported = (await call(client, "GET", f"{STATE}/{vendor}"))["runs"]
    listed = (await call(client, "GET", f"/_emulator/vendors/{vendor}/runs", origin="fixture",
                         limit=10_000))["runs"]  # fmt: skip
    assert exported == listed and len(exported) == len(in_file)
    stored = runtime.state(vendor).store
    assert [stored.origin(identity(run)) for _, run in stored.of_origin("fixture")] == [
        "fixture"
    ] * len(in_file)
    assert [e["tenant"] for e in exported] == [e["tenant"] for e in in_file]
