"""Server time of one request kind: the journal's latency of each (from the pipeline's first
stage to the reply handed to aiohttp), so wrk, the client and loopback are not in it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench.process import control, get


@dataclass(frozen=True, slots=True)
class ServerTime:
    median_ms: float
    max_ms: float


def server_time(base: str, path: str, headers: dict[str, str], times: int = 20) -> ServerTime:
    get(base + path, headers)  # the first one builds what the query reads (columns, indexes)
    control(base, "DELETE", "/_emulator/requests")
    for _ in range(times):
        get(base + path, headers)
    entries = control(base, "GET", f"/_emulator/requests?limit={times}")["requests"]
    latencies = [float(e["latency_ms"]) for e in entries]
    return ServerTime(statistics.median(latencies), max(latencies))
