"""Clients generated from the served documents work, as a user would find: openapi-python-client
0.29.1 generates a package from each document the emulator serves (every vendor's surface and
the control plane's), with no warning; the package installs; and every GET operation of it,
called against a live emulator, parses into typed models (datetimes, UUIDs, enums, named
models; nothing left untyped).

The generator pins its own dependencies, so it runs in a virtual environment of its own, made
once per session in a temporary directory; where it cannot be installed (no package index), the
tests are skipped and say why. Generating needs ruff on PATH: the generator's environment has it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from emulator.vendor import base_path
from tests.contract.server import LiveServer
from tests.every_vendor import VENDORS

GENERATOR = "openapi-python-client==0.29.1"
# The generated packages build with poetry-core; installed beforehand, so that installing
# them needs no index.
BUILD_BACKEND = "poetry-core>=2,<3"
DRIVER = Path(__file__).with_name("generated_client.py")
INSTALL_TIMEOUT = 600
STEP_TIMEOUT = 120


@dataclass(frozen=True, slots=True)
class Generator:
    venv: Path

    @property
    def python(self) -> str:
        return str(self.venv / "bin" / "python")

    def run(self, *args: str, cwd: Path | None = None) -> str:
        """A command of the generator's environment (its bin first on PATH); its output."""
        path = f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
        done = subprocess.run(
            args, cwd=cwd, capture_output=True, text=True, timeout=STEP_TIMEOUT,
            env={**os.environ, "PATH": path},
        )  # fmt: skip
        assert done.returncode == 0, f"{' '.join(args[:3])}: {done.stdout}{done.stderr}"
        return done.stdout + done.stderr

    def generate(self, spec: Path, into: Path) -> Path:
        """The generated project (the package directory beside its pyproject.toml)."""
        output = self.run("openapi-python-client", "generate", "--path", str(spec),
                          "--output-path", str(into), cwd=spec.parent)  # fmt: skip
        assert "Warning" not in output, output
        return into

    def install(self, project: Path) -> str:
        """Installs the generated project; its import name."""
        self.run(self.python, "-m", "pip", "install", "--quiet", "--no-deps",
                 "--no-build-isolation", "--disable-pip-version-check", str(project))  # fmt: skip
        (package,) = [p.parent.name for p in project.glob("*/client.py")]
        return package


@pytest.fixture(scope="session")
def generator(tmp_path_factory: pytest.TempPathFactory) -> Generator:
    venv = tmp_path_factory.mktemp("openapi-python-client") / "venv"
    steps = (
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", GENERATOR, BUILD_BACKEND],
    )  # fmt: skip
    for step in steps:
        try:
            subprocess.run(step, check=True, capture_output=True, text=True,
                           timeout=INSTALL_TIMEOUT)  # fmt: skip
        except subprocess.CalledProcessError as failure:
            last = (failure.stderr or failure.stdout or "").strip().splitlines()[-1:]
            pytest.skip(f"{GENERATOR} cannot be installed here: {' '.join(last)}")
        except (subprocess.TimeoutExpired, OSError) as failure:
            pytest.skip(f"{GENERATOR} cannot be installed here: {failure}")
    return Generator(venv)


def fetch(url: str, headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


@dataclass(frozen=True, slots=True)
class Plan:
    """How to call a document's every GET: the base URL, credentials, and each call's
    arguments (by the generated signature's names) with the status it must get."""

    base_url: str
    headers: dict[str, str]
    calls: dict[str, dict[str, Any]]
    statuses: dict[str, int]


def tenant(server: LiveServer, vendor: str) -> Any:
    return next(iter(server.runtime.state(vendor).tenants.values()))


def dograh(server: LiveServer) -> Plan:
    base, key = f"{server.base_url}/dograh", {"X-API-Key": tenant(server, "dograh").test_key}
    runs = fetch(f"{base}/api/v1/organizations/usage/runs?limit=100", key)["runs"]
    run = next(r for r in runs if r["recording_url"] and r["call_duration_seconds"])
    ids = {"workflow_id": run["workflow_id"], "run_id": run["id"]}
    token = fetch(f"{base}/api/v1/workflow/{ids['workflow_id']}/runs/{ids['run_id']}", key)
    download = {"token": token["public_access_token"], "artifact_type": "recording"}
    calls = {
        "get_usage_history": {"limit": 5, "sort_order": "asc", "sort_by": "duration"},
        "get_workflow_run": ids,
        "download_artifact": download,
        "download_usage_runs_report": {},
        "get_current_period_usage": {},
        "get_daily_usage_breakdown": {"days": 7},
        "get_workflow_runs": {"workflow_id": ids["workflow_id"], "limit": 5},
        **{op: {} for op in ("get_workflows", "get_workflows_summary", "get_workflow_count")},
        **{op: {} for op in ("list_telephony_configurations", "get_api_keys", "health")},
    }
    return Plan(base, key, calls, {"download_artifact": 302})


def b3os(server: LiveServer) -> Plan:
    org = tenant(server, "b3os")
    epoch = server.runtime.settings.epoch
    month, start = epoch - timedelta(days=15), epoch - timedelta(days=30)
    window = {"from_": int(start.timestamp() * 1000), "to": int(epoch.timestamp() * 1000)}
    calls = {
        "get_cu_runs": {"org_id": org.id, "limit": 5},
        "get_cu_balance": {"org_id": org.id},
        "get_cu_usage": {"org_id": org.id, "year_month": month.strftime("%Y-%m")},
        "get_cu_usage_by_workflow": {"org_id": org.id, **window},
        "get_cu_costs": {},
        "list_organizations": {},
        "list_runs": {"limit": 5, "status": "success"},
        "get_run": {"id": server.runtime.state("b3os").store.runs(org.slug)[0].id},
    }
    return Plan(f"{server.base_url}/b3os", {"Authorization": f"Bearer {org.test_key}"}, calls, {})


def stackai(server: LiveServer) -> Plan:
    org = tenant(server, "stackai")
    base, bearer = f"{server.base_url}/stackai", {"Authorization": f"Bearer {org.test_key}"}
    flow = {"org_id": org.id, "flow_id": org.flows[0].id}
    runs = {**flow, "page_size": 5, "state": "COMPLETED", "start_date": "2026-01-01T00:00:00+00:00"}
    (newest,) = fetch(f"{base}/analytics/org/{org.id}/flows/{org.flows[0].id}?page_size=1", bearer)
    calls = {"list_flow_runs": runs, "list_project_run_summaries": {"page_size": 5},
             "get_run_from_id": {**flow, "run_id": newest["run_id"]}}  # fmt: skip
    return Plan(base, bearer, calls, {})


def dynamiq(server: LiveServer) -> Plan:
    app = tenant(server, "dynamiq")
    base = server.base_url + base_path(server.runtime.state("dynamiq").vendor, app)
    bearer = {"Authorization": f"Bearer {app.test_key}"}
    run = fetch(f"{base}/v1/runs?status=completed&page_size=1", bearer)["data"][0]["id"]
    calls = {
        "list_runs": {"status": ["completed", "failed"], "page_size": 5},
        "get_run": {"run_id": run},
        "list_run_events": {"run_id": run},
        "get_app": {"app_id": app.mount_values["app_id"]},
    }
    # A generated client has one base URL, the app's; the management API's operation names a
    # base of its own (its `servers`), which the generator ignores: on the app's base it meets
    # the app's 404, parsed as the vendor's error.
    return Plan(base, bearer, calls, {"get_app": 404})


def control(server: LiveServer) -> Plan:
    never = {"id": "never", "match": {"path": "/never"}, "effect": {"type": "latency", "ms": 1}}
    request = urllib.request.Request(
        f"{server.base_url}/_emulator/faults", data=json.dumps(never).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    urllib.request.urlopen(request, timeout=10).close()
    stored = fetch(f"{server.base_url}/_emulator/vendors/dograh/runs?limit=1")["runs"][0]
    dograh_ = {"vendor": "dograh"}
    calls: dict[str, dict[str, Any]] = {
        "get_health": {}, "list_vendors": {}, "get_vendor": dograh_,
        "list_runs": {**dograh_, "limit": 3, "origin": "fixture"},
        "get_run": {**dograh_, "run_id": str(stored["id"])},
        "list_requests": {"limit": 5}, "list_faults": {}, "get_fault": {"fault_id": "never"},
        "get_clock": {}, "get_state": {}, "get_vendor_state": dograh_,
        "list_documents": {}, "get_document": {"document": "dograh.json"},
    }  # fmt: skip
    return Plan(server.base_url, {}, calls, {})


# Server-Sent Events, which a generated client reads as one JSON body (and fails to): users
# read a stream with an SSE client; tests/vendors/test_dynamiq_session.py reads it over HTTP.
STREAMS = frozenset({"stream_run_events"})
PLANS: dict[str, Callable[[LiveServer], Plan]] = {
    "dograh": dograh, "b3os": b3os, "stackai": stackai, "dynamiq": dynamiq, "control": control,
}  # fmt: skip
# Models open by design: a stored run carries its vendor's record fields beside its tenant; an
# OpenAPI document is described by its few required fields only.
OPEN = {"control": {"StoredRun", "OpenApiDocument", "OpenApiDocumentInfo"}}
# What some answers must parse into, by attribute path: the shapes code generators got wrong.
TYPED: dict[str, dict[str, dict[str, str]]] = {
    "dograh": {
        "get_usage_history": {"": "UsageHistoryResponse", "runs[0]": "WorkflowRunUsageResponse",
                              "runs[0].created_at": "datetime", "runs[1].id": "int"},
        "get_workflow_run": {"": "WorkflowRunResponse", "created_at": "datetime", "mode": "Mode",
                             "usage_info": "UsageInfo", "cost_info": "CostInfo",
                             "public_access_token": "UUID", "call_type": "CallType"},
        "download_artifact": {"": "NoneType"},
    },
    "b3os": {
        "get_cu_runs": {"": "CuRunsResponse", "data": "CuRunsPage", "data.has_more": "bool",
                        "data.items[0].started_at": "datetime",
                        "data.items[0].status": "RunStatus"},
        "get_cu_balance": {"data": "CuBalance"},
        "get_cu_usage": {"data": "CuUsage", "data.daily[0].date": "date",
                         "data.daily[0].breakdown[0].type_": "UsageBreakdownType"},
        "get_cu_usage_by_workflow": {"data": "CuUsageByWorkflow",
                                     "data.workflows[0].status": "WorkflowUsageStatus"},
        "get_cu_costs": {"data": "CuCosts", "data.triggers[0].source": "CostItemSource"},
        "list_organizations": {"data": "OrganizationsPage"},
        "list_runs": {"data": "RunsPage", "data.items[0].status": "RunStatus"},
        "get_run": {"data": "Run", "data.workflow_definition": "WorkflowDefinition"},
    },
    "stackai": {
        "list_flow_runs": {"": "list", "[0]": "ProjectRunSummary", "[0].run_id": "UUID",
                           "[0].date": "datetime", "[0].state": "WorkflowState",
                           "[0].run_type": "RunType"},
        "list_project_run_summaries": {"[0]": "OrgProjectRunSummary"},
        "get_run_from_id": {"": "ProjectRunSummary", "date": "datetime"},
    },
    "dynamiq": {
        "list_runs": {"": "RunList", "data[0]": "RunItem", "data[0].id": "UUID",
                      "data[0].status": "ReportedStatus", "data[0].ended_at": "datetime"},
        "get_run": {"data": "RunDetail", "data.id": "UUID", "data.started_at": "datetime"},
        "list_run_events": {"data[0]": "Event", "data[0].timestamp": "datetime",
                            "data[0].type_": "EventType"},
    },
    "control": {
        "get_health": {"": "Health", "clock.now": "datetime", "control": "ControlCounts"},
        "list_runs": {"runs[0].tenant": "str"},
        "get_fault": {"": "Fault", "effect": "Latency"},
        "list_documents": {"documents[0].kind": "DocumentListingKind"},
        "get_document": {"": "OpenApiDocument"},
    },
}  # fmt: skip


@pytest.mark.parametrize("name", [*VENDORS, "control"])
def test_a_generated_client_parses_every_get_into_typed_models(
    name: str, generator: Generator, server: LiveServer, tmp_path: Path
) -> None:
    served = fetch(f"{server.base_url}/_emulator/openapi/{name}.json")
    spec = tmp_path / f"{name}.json"
    spec.write_text(json.dumps(served), encoding="utf-8")
    package = generator.install(generator.generate(spec, tmp_path / "client"))
    plan = PLANS[name](server)
    gets = {op["operationId"] for item in served["paths"].values()
            for method, op in item.items() if method == "get"} - STREAMS  # fmt: skip
    assert set(plan.calls) == gets  # every GET, no more
    calls = [{"operation": op, "args": args} for op, args in plan.calls.items()]
    order = {"package": package, "base_url": plan.base_url, "headers": plan.headers, "calls": calls}
    result = json.loads(generator.run(generator.python, str(DRIVER), json.dumps(order)))
    assert gets <= set(result["operations"])
    for report in result["reports"]:
        operation, types = report["operation"], report["types"]
        assert report["status"] == plan.statuses.get(operation, 200), report
        untyped = [path for path, kind in types.items() if kind == "untyped"
                   and types[path.rpartition(".")[0]] not in OPEN.get(name, ())]  # fmt: skip
        assert untyped == [], types
        expected = TYPED[name].get(operation, {})
        assert {path: types.get(path) for path in expected} == expected
