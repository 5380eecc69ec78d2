"""wrk as the load generator: C, on loopback, bounded in time; we only parse its summary."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True, slots=True)
class Measure:
    requests_per_second: float
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True, slots=True)
class Pace:
    """How long each wrk run lasts, and how many runs of each kind a point takes: interleaved
    with the bare server's, so that a slow spell of a shared VM lands on both, and reported by
    their median."""

    seconds: int
    repeats: int = 1


def median_run(measures: list[Measure]) -> Measure:
    """The run of median throughput, with its own latencies (not mixed across runs)."""
    ranked = sorted(measures, key=lambda m: m.requests_per_second)
    return ranked[(len(ranked) - 1) // 2]


def wrk(url: str, headers: dict[str, str], connections: int, seconds: int) -> Measure:
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (Debian: apt-get install wrk)")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return Measure(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50_ms=_percentile(output, "50%"),
        p99_ms=_percentile(output, "99%"),
    )


def _percentile(output: str, label: str) -> float:
    found = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", output)
    if found is None:
        raise SystemExit(f"bench: no {label} latency in wrk's output:\n{output}")
    return float(found.group(1)) * UNITS[found.group(2)]
