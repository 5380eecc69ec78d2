"""`python -m bench`: throughput and latency of each vendor's list endpoint at several dataset
sizes, as ratios to a bare aiohttp server measured in the same run; start-up time and memory.

Load comes from wrk (Debian package `wrk`) on loopback, bounded by `--seconds` per point.
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import yaml

from bench.load import Measure, wrk
from bench.targets import TARGETS, Target

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = (1, 32)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--vendors", default=",".join(TARGETS), help="comma-separated vendors")
    parser.add_argument("--sizes", default="1000,100000", help="runs per tenant, comma-separated")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per point")
    parser.add_argument("--write", type=Path, help="also write the Markdown report here")
    return parser.parse_args()


def one_tenant_fixtures(vendor: str, directory: Path) -> Path:
    """The built-in tenants, one organisation of `vendor`, no curated runs: N runs exactly."""
    tenants = yaml.safe_load((ROOT / "fixtures" / "tenants.yaml").read_text(encoding="utf-8"))
    section = tenants[vendor]
    section["organizations"] = section["organizations"][:1]
    (directory / "tenants.yaml").write_text(yaml.safe_dump(tenants), encoding="utf-8")
    (directory / f"{vendor}.yaml").write_text("runs: []\n", encoding="utf-8")
    return directory


def start(command: list[str], health: str) -> tuple[subprocess.Popen[bytes], float]:
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


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def emulator(
    vendor: str, runs: int, fixtures: Path, port: int
) -> tuple[subprocess.Popen[bytes], float]:
    command = [sys.executable, "-m", "emulator", "serve", "--port", str(port), "--vendors", vendor,
               "--runs", str(runs), "--fixtures", str(fixtures)]  # fmt: skip
    return start(command, f"http://127.0.0.1:{port}/_emulator/health")


def body_size(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return len(response.read())


def measure_size(target: Target, runs: int, seconds: int) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        fixtures = one_tenant_fixtures(target.vendor, Path(scratch))
        empty, _ = emulator(target.vendor, 0, fixtures, 18101)
        empty_rss = rss_kib(empty.pid)
        empty.terminate()
        empty.wait()
        process, startup = emulator(target.vendor, runs, fixtures, 18102)
        base = "http://127.0.0.1:18102"
        size = body_size(base + target.first, target.headers)
        baseline, _ = start([sys.executable, "-m", "bench.baseline", "18103", str(size)],
                            "http://127.0.0.1:18103/")  # fmt: skip
        try:
            for kind, path in (("first", target.first), ("filtered", target.filtered),
                               ("deep", target.deep(runs))):  # fmt: skip
                for connections in CONNECTIONS:
                    ours = wrk(base + path, target.headers, connections, seconds)
                    bare = wrk("http://127.0.0.1:18103/", {}, connections, seconds)
                    rows.append(row(target.vendor, runs, kind, connections, ours, bare))
            per_run = (rss_kib(process.pid) - empty_rss) * 1024 / max(runs, 1)
        finally:
            for running in (process, baseline):
                running.terminate()
                running.wait()
    rows.append(
        f"| {target.vendor} | {runs:,} | start-up to healthy | {startup:.2f} s "
        f"| memory above empty: {per_run:.0f} B/run | | |"
    )
    return rows


def row(vendor: str, runs: int, kind: str, connections: int, ours: Measure, bare: Measure) -> str:
    ratio = ours.requests_per_second / bare.requests_per_second
    return (
        f"| {vendor} | {runs:,} | {kind} page, {connections} conn | "
        f"{ours.requests_per_second:,.0f} req/s | ratio {ratio:.2f} | "
        f"p50 {ours.p50_ms:.2f} ms | p99 {ours.p99_ms:.2f} ms |"
    )


def report(rows: list[str], seconds: int) -> str:
    header = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({platform.machine()}, Python {platform.python_version()}), wrk {seconds} s per point.",
        "",
        "| vendor | runs/tenant | what | throughput | vs bare aiohttp | p50 | p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    return "\n".join(header + rows) + "\n"


def main() -> None:
    options = arguments()
    rows = []
    for vendor in options.vendors.split(","):
        for runs in (int(s) for s in options.sizes.split(",")):
            rows.extend(measure_size(TARGETS[vendor], runs, options.seconds))
    text = report(rows, options.seconds)
    print(text)
    if options.write:
        options.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
