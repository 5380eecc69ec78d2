"""`--record`: the runs the upstream served, written as a fixtures directory that loads back
with `--fixtures` and serves the same runs, for every vendor; runs of an organisation the
proxy's emulator does not have are fitted to one of its tenants and load back too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import aiohttp
import pytest
import yaml

from emulator.proxy.command import ProxySettings
from emulator.proxy.harvest import served_runs
from emulator.proxy.record import write_recording
from emulator.proxy.route import Routes
from emulator.proxy.standins import StandIns
from emulator.proxy.tenancy import credentials_in
from emulator.proxy.translate import Request
from emulator.proxy.twin import Twin
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.server import ThreadedEmulator, listen
from emulator.settings import BUILTIN_FIXTURES, Settings
from emulator.vendor import Vendor, discover
from tests.every_vendor import VENDORS
from tests.proxy.proxying import Outcome, through_proxy
from tests.proxy.script import Call, base_url, script

SEED = ProxySettings().seed


def fixtures_without_runs(folder: Path, vendor: str, *, is_reversed: bool = False) -> Path:
    """A fixtures directory whose `<vendor>.yaml` has no runs (so the upstream's fixture runs
    are new to the proxy's emulator); with `is_reversed`, tenants.yaml lists every vendor's
    organisations last first (so the first key's organisation is one it does not have)."""
    folder.mkdir()
    (folder / f"{vendor}.yaml").write_text("runs: []\n")
    if is_reversed:
        tenants = yaml.safe_load((BUILTIN_FIXTURES / "tenants.yaml").read_text())
        for section in tenants.values():
            section["organizations"].reverse()
        (folder / "tenants.yaml").write_text(yaml.safe_dump(tenants, sort_keys=False))
    return folder


def twin_of(vendor: str, fixtures: Path) -> Twin:
    return Twin.build(ProxySettings(runs=5, fixtures=fixtures, clock="epoch").emulator(), vendor)


def list_call(runtime: Runtime, vendor: str) -> Call:
    return script(runtime, vendor)[0]


async def recorded_through(
    upstream: ThreadedEmulator, runtime: Runtime, twin: Twin, folder: Path
) -> tuple[Outcome, Any]:
    """The upstream's first tenant's run list through the proxy, recorded into `folder`."""
    root = upstream.base_url + base_url(runtime, twin.vendor.name)
    outcome = await through_proxy(twin, root, [list_call(runtime, twin.vendor.name)])
    recorded = outcome.relay.harvest.recorded
    write_recording(folder, twin.vendor.name, recorded, twin.state.settings, "test")
    return outcome, json.loads(outcome.answers[0].body)


async def served_again(folder: Path, outcome: Outcome, call: Call) -> tuple[str, str, Any]:
    """What an emulator loading `folder` serves for `call`, asked as the proxy asked its own
    emulator (the key of the tenant the client's stood for, the ids it learnt): its root URL,
    the path asked and the body; every answer checked against the spec."""
    relay = outcome.relay
    routed = relay.routes.match(call.method, call.path)
    request = Request(call.path, "", tuple(call.headers.items()), routed, relay.upstream.mount)
    tenant = relay.tenants.tenant_of(credentials_in(request.headers, []))
    asked = relay.translator.asked(request, tenant, is_accepted=True)
    settings = Settings(host="127.0.0.1", port=0, runs=0, fixtures=folder)
    check = ResponseCheck(is_enabled=True)
    listening = await listen(Runtime.start(settings, discover()), check)
    try:
        async with aiohttp.ClientSession() as client:
            url = listening.base_url + asked.path
            async with client.get(url, headers=asked.headers) as answer:
                assert answer.status == 200
                body = await answer.json()
    finally:
        await listening.close()
    assert check.failures == []
    return listening.base_url, asked.path, body


def runs_in(vendor: Vendor, body: Any, root: str, path: str) -> list[Any]:
    """The served runs of a list body, with the emulator's root URL taken out; `path` is the
    request's from the emulator's root (its variables fill in what a served run lacks)."""
    routes = Routes(vendor, is_mount_in_path=True)
    routed = routes.match("GET", path.removeprefix(f"/{vendor.name}"))
    context = {} if routed is None else dict(routed.variables)
    text = json.dumps([entry for _, entry in served_runs(vendor, body, context)])
    return cast(list[Any], json.loads(text.replace(root, "ROOT")))


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_recording_loads_back_and_serves_the_runs_it_recorded(
    vendor: str, fixture_upstream: ThreadedEmulator, fixture_runtime: Runtime, tmp_path: Path
) -> None:
    twin = twin_of(vendor, fixtures_without_runs(tmp_path / "mine", vendor))
    outcome, served = await recorded_through(fixture_upstream, fixture_runtime, twin,
                                             tmp_path / "rec")  # fmt: skip
    recorded = outcome.relay.harvest.recorded
    assert recorded and all(run.fitted == () for run in recorded)
    assert outcome.report.entries == []
    call = list_call(fixture_runtime, vendor)
    upstream_path = base_url(fixture_runtime, vendor) + call.path
    seen = runs_in(twin.vendor, served, fixture_upstream.base_url, upstream_path)
    root, path, body = await served_again(tmp_path / "rec", outcome, call)
    assert runs_in(twin.vendor, body, root, path) == StandIns(SEED).scrubbed(seen)
    assert len(seen) == len(recorded)


@pytest.mark.parametrize("vendor", VENDORS)
async def test_runs_of_an_organisation_the_emulator_lacks_are_fitted_and_load_back(
    vendor: str, fixture_upstream: ThreadedEmulator, fixture_runtime: Runtime, tmp_path: Path
) -> None:
    mine = fixtures_without_runs(tmp_path / "mine", vendor, is_reversed=True)
    twin = twin_of(vendor, mine)
    outcome, _ = await recorded_through(fixture_upstream, fixture_runtime, twin, tmp_path / "rec")
    recorded = outcome.relay.harvest.recorded
    assert recorded and all(run.fitted for run in recorded)
    assert (tmp_path / "rec" / "tenants.yaml").read_text() == (mine / "tenants.yaml").read_text()
    assert {run.tenant for run in recorded} == {next(iter(twin.state.tenants))}
    root, path, body = await served_again(tmp_path / "rec", outcome,
                                          list_call(fixture_runtime, vendor))  # fmt: skip
    text = json.dumps([dict(run.entry) for run in recorded])
    given = json.loads(text.replace(fixture_upstream.base_url, "ROOT"))
    served = runs_in(twin.vendor, body, root, path)
    assert sorted(map(json.dumps, served)) == sorted(map(json.dumps, given))
