"""The compose example's client (examples/compose/list_runs.py) against an in-process emulator.

The client is blocking (urllib), so it runs in a thread while the test's loop serves the app.
"""

from __future__ import annotations

import asyncio
import importlib.util
import io
import socket
import sys
from pathlib import Path
from types import ModuleType

import pytest
from aiohttp import web
from pytest_aiohttp import AiohttpServer

from emulator.runtime import Runtime

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "compose" / "list_runs.py"


@pytest.fixture(scope="module")
def list_runs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compose_list_runs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_every_vendor_the_emulator_serves_has_a_list_call(
    list_runs: ModuleType, runtime: Runtime
) -> None:
    missing = {v.name for v in runtime.vendors} - set(list_runs.VENDORS)
    assert not missing, f"add {missing} to VENDORS in {SCRIPT.relative_to(SCRIPT.parents[2])}"


async def test_it_waits_for_health_then_lists_runs_from_every_vendor(
    list_runs: ModuleType, runtime: Runtime, app: web.Application, aiohttp_server: AiohttpServer
) -> None:
    server = await aiohttp_server(app)
    out = io.StringIO()
    environ = {"EMULATOR_URL": str(server.make_url("")), "WAIT_SECONDS": "5"}
    status = await asyncio.to_thread(list_runs.main, environ, out)
    lines = out.getvalue().splitlines()
    assert status == 0, lines
    assert lines[0].startswith("emulator ") and " healthy at http://127.0.0.1:" in lines[0]
    for vendor in runtime.vendors:
        line = next(line for line in lines if line.startswith(vendor.name))
        assert " 200  5 runs  GET /" in line, line


def test_it_gives_up_when_the_emulator_never_answers(list_runs: ModuleType) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    out = io.StringIO()
    environ = {"EMULATOR_URL": f"http://127.0.0.1:{port}", "WAIT_SECONDS": "0.3"}
    assert list_runs.main(environ, out) == 2
    assert "did not answer 200 within 0.3 s" in out.getvalue()


def test_it_skips_a_vendor_it_has_no_call_for(list_runs: ModuleType) -> None:
    out = io.StringIO()
    assert list_runs.list_runs("http://127.0.0.1:9", ["acme"], out) == []
    assert "acme     skipped: no entry in VENDORS" in out.getvalue()


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ([{"run_id": 1}, {"run_id": 2}], 2),  # StackAI: a bare array
        ({"runs": [{}], "applied_filters": [{}, {}]}, 1),  # Dograh
        ({"code": 200, "data": {"items": [{}, {}, {}], "hasMore": False}}, 3),  # B3OS
        ({"data": [], "pagination": {"page": 1}}, 0),  # Dynamiq
        ({"detail": "Unauthorized"}, None),
        (None, None),
    ],
)
def test_it_finds_the_run_list_in_each_vendors_envelope(
    list_runs: ModuleType, body: object, count: int | None
) -> None:
    found = list_runs.first_list(body)
    assert (None if found is None else len(found)) == count
