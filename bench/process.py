"""Emulator processes for the benchmarks: started as users start them, timed to a healthy
`/_emulator/health`, their memory read from /proc."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(command: list[str], health: str) -> tuple[subprocess.Popen[bytes], float]:
    """Start `command` and wait for `health` to answer; the seconds that took."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        if process.poll() is not None:
            raise SystemExit(f"bench: {' '.join(command)} exited with {process.returncode}")
        try:
            urllib.request.urlopen(health, timeout=1).read()
            return process, time.perf_counter() - began
        except OSError:
            time.sleep(0.01)


def emulator(*flags: str) -> tuple[subprocess.Popen[bytes], float, str]:
    """An emulator with these flags on a free port: the process, its start-up, its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "emulator", "serve", "--port", str(port), *flags]
    process, seconds = start(command, f"http://127.0.0.1:{port}/_emulator/health")
    return process, seconds, f"http://127.0.0.1:{port}"


def stop(*processes: subprocess.Popen[bytes]) -> None:
    for process in processes:
        process.terminate()
        process.wait()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def one_tenant_fixtures(vendor: str, directory: Path) -> Path:
    """The built-in tenants, one organisation of `vendor`, no curated runs: N runs exactly."""
    tenants = yaml.safe_load((ROOT / "fixtures" / "tenants.yaml").read_text(encoding="utf-8"))
    section = tenants[vendor]
    section["organizations"] = section["organizations"][:1]
    (directory / "tenants.yaml").write_text(yaml.safe_dump(tenants), encoding="utf-8")
    (directory / f"{vendor}.yaml").write_text("runs: []\n", encoding="utf-8")
    return directory


def get(url: str, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        body: bytes = response.read()
        return body


def control(base: str, method: str, path: str) -> Any:
    request = urllib.request.Request(base + path, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
        return json.loads(body) if body else None
