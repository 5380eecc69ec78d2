"""dograh-ctl (PyPI), a command-line client of Dograh's API, run against a live emulator: its run,
usage, agent, key and telephony commands read what the API serves (docs/clients.md).

The client is installed once per session into a throwaway virtual environment (about 30 s and
87 MB; `DOGRAH_CTL=/path/to/dograh-ctl` uses one already installed); without a registry to
install from, every test here is skipped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.contract.server import LiveServer

VERSION = "0.3.1"  # the release docs/clients.md describes
ACME_KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"


@pytest.fixture(scope="session")
def dograh_ctl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("DOGRAH_CTL")
    if given:
        return Path(given)
    venv = tmp_path_factory.mktemp("dograh-ctl") / "venv"
    steps = ([sys.executable, "-m", "venv", str(venv)],
             [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check",
              f"dograh-ctl=={VERSION}"])  # fmt: skip
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            pytest.skip(f"dograh-ctl {VERSION} could not be installed: {error}")
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
            pytest.skip(f"dograh-ctl {VERSION} could not be installed: {reason}")
    return venv / "bin" / "dograh-ctl"


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        assert self.status == 0, self.stderr
        return json.loads(self.stdout)


@dataclass(frozen=True)
class Ctl:
    program: Path
    base_url: str

    def __call__(self, *arguments: str, key: str = ACME_KEY) -> Ran:
        env = {**os.environ, "DOGRAH_BASE_URL": self.base_url, "DOGRAH_API_KEY": key,
               "COLUMNS": "200", "NO_COLOR": "1"}  # fmt: skip
        done = subprocess.run([str(self.program), *arguments], capture_output=True, text=True,
                              env=env, timeout=120, check=False)  # fmt: skip
        return Ran(done.returncode, done.stdout, done.stderr)

    def api(self, path: str) -> Any:
        """The same answer, asked directly."""
        request = urllib.request.Request(self.base_url + path, headers={"X-API-Key": ACME_KEY})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


@pytest.fixture
def ctl(dograh_ctl: Path, server: LiveServer) -> Ctl:
    """The client, pointed at the module's live emulator (tests/contract/conftest.py)."""
    return Ctl(dograh_ctl, f"{server.base_url}/dograh")


def test_runs_list_prints_the_usage_list_and_names_each_runs_model(ctl: Ctl) -> None:
    listed = ctl("runs", "list", "-n", "5", "--json").json()
    assert listed == ctl.api("/api/v1/organizations/usage/runs?page=1&limit=5")
    table = ctl("runs", "list", "-n", "20")
    assert table.status == 0 and f"Recent runs ({listed['total_count']} total)" in table.stdout
    runs = ctl.api("/api/v1/organizations/usage/runs?page=1&limit=20")["runs"]
    for run in runs:
        (line,) = [row for row in table.stdout.splitlines() if f" {run['id']} " in row]
        configuration = (run["initial_context"] or {}).get("runtime_configuration")
        if configuration:
            model = configuration.get("realtime_model") or configuration["llm_model"]
            assert f" {model} " in line, line
    assert sum(1 for r in runs if (r["initial_context"] or {}).get("runtime_configuration")) > 10


def test_runs_latency_summarises_the_shown_durations(ctl: Ctl) -> None:
    summary = ctl("runs", "latency", "-n", "100", "--json").json()
    durations = sorted(r["call_duration_seconds"] for r in ctl.api(
        "/api/v1/organizations/usage/runs?page=1&limit=100")["runs"])  # fmt: skip
    assert (summary["count"], summary["with_duration"]) == (100, 100)
    assert (summary["min"], summary["max"]) == (durations[0], durations[-1])
    assert summary["avg"] == round(sum(durations) / 100, 1)


def first_answered(ctl: Ctl) -> dict[str, Any]:
    runs = ctl.api("/api/v1/organizations/usage/runs?page=1&limit=100")["runs"]
    return next(r for r in runs if r["recording_url"] and r["call_duration_seconds"] > 20)


def test_runs_transcript_follows_the_public_link(ctl: Ctl) -> None:
    run = first_answered(ctl)
    printed = ctl("runs", "transcript", str(run["id"]), "--json").json()
    assert printed["run_id"] == run["id"]
    lines = printed["transcript"].splitlines()
    assert lines[0].startswith("[00:00] assistant: ") and len(lines) > 1
    by_agent = ctl("runs", "transcript", str(run["id"]), "--agent", str(run["workflow_id"]))
    assert by_agent.status == 0 and lines[0] in by_agent.stdout


def test_runs_recording_saves_the_whole_call(ctl: Ctl, tmp_path: Path) -> None:
    run = first_answered(ctl)
    target = tmp_path / "call.wav"
    saved = ctl("runs", "recording", str(run["id"]), "--out", str(target), "--json").json()
    assert saved == {"run_id": run["id"], "path": str(target), "bytes": target.stat().st_size}
    with wave.open(str(target)) as reader:
        assert round(reader.getnframes() / reader.getframerate()) == run["call_duration_seconds"]


def test_ping_and_telephony_configs(ctl: Ctl) -> None:
    assert ctl("ping", "--json").json() == {"ok": True, "base_url": ctl.base_url, "auth": "ok"}
    table = ctl("telephony", "configs")
    assert table.status == 0 and "Twilio US" in table.stdout and "Office PBX" in table.stdout
    assert ctl("telephony", "configs", "--json").json() == ctl.api(
        "/api/v1/organizations/telephony-configs")["configurations"]  # fmt: skip


def test_agents_and_keys_lists_are_the_apis(ctl: Ctl) -> None:
    assert ctl("agents", "list", "--json").json() == ctl.api("/api/v1/workflow/fetch")
    keys = ctl("keys", "list", "--json").json()
    assert keys == ctl.api("/api/v1/user/api-keys?include_archived=false")
    assert [k["id"] for k in ctl("keys", "list", "--all", "--json").json()] == [41, 42]


def test_runs_trigger_places_a_call_that_is_at_once_in_progress(ctl: Ctl) -> None:
    placed = ctl("runs", "trigger", "1207", "--to", "+14155550123", "--yes", "--json").json()
    assert placed["run_name"].startswith("WR-TEL-OUT-") and placed["run_id"]
    run = ctl.api(f"/api/v1/workflow/1207/runs/{placed['run_id']}")
    assert (run["is_completed"], run["usage_info"]) == (False, None)


def test_a_refused_key_is_reported_in_the_vendors_words(ctl: Ctl) -> None:
    refused = ctl("runs", "list", key="dgr_not-a-key")
    assert refused.status == 1
    assert "(401): Invalid or expired API key" in " ".join(refused.stderr.split())
