"""`python -m emulator serve` as a user runs it: two processes, same seed, same bytes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

ACME_KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"
LIST = "/dograh/api/v1/organizations/usage/runs?limit=100&page=2"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=5) as response:
        body: bytes = response.read()
        return body


@contextmanager
def serving(*flags: str) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "emulator", "serve", "--port", str(port), *flags]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_for_health(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30  # a bound on waiting, not an assertion on speed
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else b""
        try:
            fetch(f"{base}/_emulator/health")
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the emulator did not answer its health check")


def test_two_processes_with_one_seed_serve_identical_bytes() -> None:
    with serving("--seed", "99") as first, serving("--seed", "99") as second:
        one = fetch(first + LIST, {"X-API-Key": ACME_KEY})
        two = fetch(second + LIST, {"X-API-Key": ACME_KEY})
    assert one == two
    assert b'"page":2' in one


def test_the_banner_names_each_vendor_and_a_key() -> None:
    port = free_port()
    command = [sys.executable, "-m", "emulator", "serve", "--port", str(port)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            banner = read_banner(process.stdout)
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert banner[0].startswith("runs-emulator ") and "building the data" in banner[0]
    assert banner[1].startswith(f"runs-emulator on http://127.0.0.1:{port}")
    assert any(f"http://127.0.0.1:{port}/dograh  key {ACME_KEY}" in line for line in banner)
    assert banner[-1] == "Stop it with Ctrl-C." and not any("strict" in b for b in banner)


def read_banner(stream: IO[str]) -> list[str]:
    """The banner's lines, from the building line to the last (how to stop it)."""
    lines = [stream.readline()]
    while lines[-1] and not lines[-1].startswith("Stop it with"):
        lines.append(stream.readline())
    return [line.rstrip("\n") for line in lines]


def test_the_banner_says_when_strict_is_on_and_which_port_0_gave() -> None:
    command = [sys.executable, "-m", "emulator", "serve", "--port", "0", "--strict",
               "--vendors", "dograh", "--runs", "3"]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            banner = read_banner(process.stdout)
            port = int(banner[1].split()[2].rpartition(":")[2])
            health = json.loads(fetch(f"http://127.0.0.1:{port}/_emulator/health"))
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert port != 0 and list(health["vendors"]) == ["dograh"]
    assert banner[-2:] == [
        "  strict   on: a response that breaks its spec is a 500 saying how",
        "Stop it with Ctrl-C.",
    ]


def test_a_bad_setting_exits_with_a_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "emulator", "serve"],
        env={"EMULATOR_PORT": "eighty", "PATH": ""}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "EMULATOR_PORT" in result.stderr and "Traceback" not in result.stderr
