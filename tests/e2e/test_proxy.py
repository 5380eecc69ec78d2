"""`runs-emulator proxy` as a scheduled job runs it: in a process of its own, in front of a
stand-in vendor (an emulator in this process), for a bounded number of requests or seconds,
then the report, the summary and the recording written and the verdict as the exit status."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator.proxy.command import DRIFT
from emulator.server import ThreadedEmulator
from emulator.settings import Settings
from tests.e2e.test_cli import environment

B3OS_KEY = "b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"
B3OS_RUNS = "/v1/organizations/org_7e65gh2bh8rgp9vk5h3b/cu/runs?limit=2"
COMMON = ("--port", "0", "--allow-http", "--runs", "10", "--clock", "epoch")


@pytest.fixture(scope="module")
def upstream() -> Iterator[ThreadedEmulator]:
    with ThreadedEmulator(Settings(port=0, runs=10)) as emulator:
        yield emulator


def start(*argv: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "emulator", "proxy", *argv]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment({}))  # fmt: skip


def base_url(process: subprocess.Popen[str]) -> str:
    """The proxy's address, from its banner."""
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r" on (http://127\.0\.0\.1:\d+) -> ", line)
    assert found, line
    return found.group(1)


def get(url: str, key: str | None = B3OS_KEY) -> int:
    headers = {} if key is None else {"Authorization": f"Bearer {key}"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def test_matching_traffic_exits_0_with_its_report_and_recording(
    upstream: ThreadedEmulator, tmp_path: Path
) -> None:
    report, record = tmp_path / "drift.json", tmp_path / "rec"
    outputs = ("--report", str(report), "--record", str(record))
    process = start("--vendor", "b3os", "--upstream", f"{upstream.base_url}/b3os", *COMMON,
                    "--requests", "3", *outputs)  # fmt: skip
    proxy = base_url(process)
    assert [get(proxy + B3OS_RUNS), get(proxy + B3OS_RUNS, None), get(proxy + "/v1/cu/costs")] == [
        200, 401, 200
    ]  # fmt: skip
    status, out, err = finished(process)
    assert (status, err) == (0, "")
    document = json.loads(report.read_text())
    assert (document["requests"], document["drifted"], document["entries"]) == (3, 0, [])
    assert "No drift in 3 request(s)" in (tmp_path / "drift.md").read_text()
    assert (record / "b3os.yaml").exists()
    assert "3 request(s), 0 with drift" in out and B3OS_KEY not in out


def test_drift_exits_with_its_own_status(upstream: ThreadedEmulator, tmp_path: Path) -> None:
    # Dograh behind a proxy that expects B3OS: every answer differs from what B3OS would say.
    process = start("--vendor", "b3os", "--upstream", f"{upstream.base_url}/dograh", *COMMON,
                    "--requests", "1", "--report", str(tmp_path / "drift.json"))  # fmt: skip
    assert get(base_url(process) + B3OS_RUNS) == 404
    status, out, _ = finished(process)
    assert status == DRIFT
    assert "1 request(s), 1 with drift" in out
    assert "**1 of 1 request(s) drifted**" in (tmp_path / "drift.md").read_text()


def test_a_bounded_time_ends_the_run(upstream: ThreadedEmulator, tmp_path: Path) -> None:
    process = start("--vendor", "b3os", "--upstream", f"{upstream.base_url}/b3os", *COMMON,
                    "--seconds", "0.5", "--report", str(tmp_path / "drift.json"))  # fmt: skip
    base_url(process)
    status, _, _ = finished(process)
    assert status == 0
    assert json.loads((tmp_path / "drift.json").read_text())["requests"] == 0


def test_sigterm_ends_the_run_with_its_verdict(upstream: ThreadedEmulator, tmp_path: Path) -> None:
    process = start("--vendor", "b3os", "--upstream", f"{upstream.base_url}/b3os", *COMMON,
                    "--report", str(tmp_path / "drift.json"))  # fmt: skip
    assert get(base_url(process) + B3OS_RUNS) == 200
    process.send_signal(signal.SIGTERM)
    status, _, err = finished(process)
    assert (status, err) == (0, "")
    assert json.loads((tmp_path / "drift.json").read_text())["requests"] == 1


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--vendor", "b3os", "--upstream", "http://api.b3os.org"),
         "--upstream: 'http://api.b3os.org' is not https: credentials would cross the network"
         " in clear (--allow-http for a local stand-in)"),
        (("--upstream", "https://api.b3os.org"), "proxy needs --vendor NAME and --upstream URL"),
        (("--vendor", "b3os", "--upstream", "https://a", "--requets", "3"),
         "unrecognized arguments: --requets 3 (did you mean --requests?);"
         " see runs-emulator proxy --help"),
    ],
)  # fmt: skip
def test_a_refusal_is_one_line_with_status_2(argv: tuple[str, ...], said: str) -> None:
    status, out, err = finished(start(*argv))
    assert (status, err, out) == (2, f"runs-emulator: {said}\n", "")
