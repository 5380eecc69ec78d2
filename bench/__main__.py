"""`python -m bench`: each vendor's list endpoint under load at several dataset sizes, as ratios
to a bare aiohttp server measured in the same run, both as served (a repeated request is
answered by the reply cache) and computing every request (`--reply-cache 0`); the server time
of every filter, sort and aggregate, computed; start-up time and memory per run.

Load comes from wrk (Debian package `wrk`) on loopback, bounded by `--seconds` per point.
`--json FILE` keeps the figures, `--write FILE` the Markdown tables, `--plot FILE` draws the
chart (an SVG of throughput ratios and p99 per vendor and size).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from bench.figures import Point
from bench.load import Measure, Pace, median_run, wrk
from bench.plot import chart
from bench.process import emulator, free_port, get, one_tenant_fixtures, rss_kib, start, stop
from bench.server_time import server_time
from bench.targets import TARGETS, Target

CONNECTIONS = (1, 32)
Request = tuple[str, dict[str, str]]  # a URL and the headers wrk sends with it
PAGES = ("first", "filtered", "deep")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--vendors", default=",".join(TARGETS), help="comma-separated vendors")
    parser.add_argument("--sizes", default="1000,1000000", help="runs per tenant, comma-separated")
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per run")
    parser.add_argument(
        "--repeats", type=int, default=3, help="interleaved wrk runs per point; the median is kept"
    )
    parser.add_argument("--write", type=Path, help="also write the Markdown tables here")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--plot", type=Path, help="also draw the chart (SVG) here")
    return parser.parse_args()


def measure(target: Target, runs: int, pace: Pace) -> Point:
    point = Point(target.vendor, runs)
    with tempfile.TemporaryDirectory() as scratch:
        fixtures = str(one_tenant_fixtures(target.vendor, Path(scratch)))
        flags = ("--vendors", target.vendor, "--fixtures", fixtures)
        empty, _, _ = emulator(*flags, "--runs", "0")
        empty_rss = rss_kib(empty.pid)
        stop(empty)
        computing, _, computing_base = emulator(*flags, "--runs", str(runs), "--reply-cache", "0")
        process, point.startup_s, base = emulator(*flags, "--runs", str(runs))
        try:
            # Server time is what a request costs when computed, not what the cache answers.
            _timed(point, target, computing_base, runs)
            for path in _paths(target, runs).values():
                get(base + path, target.headers)
            # After every query ran: the columns, indexes and orders they need are built.
            point.bytes_per_run = (rss_kib(process.pid) - empty_rss) * 1024 / max(runs, 1)
            _loaded(point, target, (base, computing_base), runs, pace)
        finally:
            stop(process, computing)
    return point


def _pages(target: Target, runs: int) -> dict[str, str]:
    return {"first": target.first, "filtered": target.filtered, "deep": target.deep(runs)}


def _paths(target: Target, runs: int) -> dict[str, str]:
    return {**_pages(target, runs), **target.queries(runs)}


def _timed(point: Point, target: Target, base: str, runs: int) -> None:
    for name, path in _paths(target, runs).items():
        point.server[name] = server_time(base, path, target.headers)


def _loaded(point: Point, target: Target, bases: tuple[str, str], runs: int, pace: Pace) -> None:
    """Each page under load, as served and computing every request, beside the bare server."""
    served, computing = bases
    size = len(get(served + target.first, target.headers))
    # A free port: a fixed one could be answered by a baseline another run left behind.
    port = free_port()
    bare_url = f"http://127.0.0.1:{port}/"
    baseline, _ = start([sys.executable, "-m", "bench.baseline", str(port), str(size)], bare_url)
    paths = _pages(target, runs)
    try:
        for page in PAGES:
            for connections in CONNECTIONS:
                bare_request: Request = (bare_url, {})
                asked = ((served + paths[page], target.headers), bare_request,
                         (computing + paths[page], target.headers))  # fmt: skip
                ours, bare, computed = _interleaved(asked, connections, pace)
                point.load[f"{page}@{connections}"] = (ours, bare)
                point.computed[f"{page}@{connections}"] = computed
    finally:
        stop(baseline)


def _interleaved(
    asked: tuple[Request, Request, Request], connections: int, pace: Pace
) -> tuple[Measure, Measure, Measure]:
    """Served, bare and computed, in turn, `pace.repeats` times; the median run of each."""
    runs: tuple[list[Measure], list[Measure], list[Measure]] = ([], [], [])
    for _ in range(pace.repeats):
        for (url, headers), found in zip(asked, runs, strict=True):
            found.append(wrk(url, headers, connections, pace.seconds))
    served, bare, computed = (median_run(found) for found in runs)
    return served, bare, computed


def report(points: list[Point], pace: Pace) -> str:
    header = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
        f"({platform.machine()}, Python {platform.python_version()}), wrk {pace.seconds} s per "
        f"run, the median of {pace.repeats} interleaved runs per point.",
        "",
        "As served (a repeated request is answered by the reply cache), and computing every "
        "request (`--reply-cache 0`):",
        "",
        "| vendor | runs/tenant | page, connections | throughput | vs bare aiohttp | p50 | p99 "
        "| computed: throughput | vs bare | p99 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    rows = [_load_row(p, key, *m) for p in points for key, m in p.load.items()]
    timing = ["", "| vendor | runs/tenant | request | server time, median | max of 20 |",
              "|---|---|---|---|---|"]  # fmt: skip
    timing += [f"| {p.vendor} | {p.runs:,} | {name} | {t.median_ms:.2f} ms | {t.max_ms:.2f} ms |"
               for p in points for name, t in p.server.items()]  # fmt: skip
    sizes = ["", "| vendor | runs/tenant | start-up to healthy | memory above empty |",
             "|---|---|---|---|"]  # fmt: skip
    sizes += [f"| {p.vendor} | {p.runs:,} | {p.startup_s:.2f} s | {p.bytes_per_run:.0f} B/run |"
              for p in points]  # fmt: skip
    return "\n".join(header + rows + timing + sizes) + "\n"


def _load_row(point: Point, key: str, ours: Measure, bare: Measure) -> str:
    page, connections = key.split("@")
    ratio = ours.requests_per_second / bare.requests_per_second
    computed = point.computed[key]
    return (
        f"| {point.vendor} | {point.runs:,} | {page}, {connections} | "
        f"{ours.requests_per_second:,.0f} req/s | {ratio:.2f} | "
        f"{ours.p50_ms:.2f} ms | {ours.p99_ms:.2f} ms | "
        f"{computed.requests_per_second:,.0f} req/s | {point.computed_ratio(key):.2f} | "
        f"{computed.p99_ms:.2f} ms |"
    )


def main() -> None:
    options = arguments()
    pace = Pace(options.seconds, max(1, options.repeats))
    points = [
        measure(TARGETS[vendor], int(size), pace)
        for vendor in options.vendors.split(",")
        for size in options.sizes.split(",")
    ]
    text = report(points, pace)
    print(text)
    if options.write:
        options.write.write_text(text, encoding="utf-8")
    if options.json:
        options.json.write_text(json.dumps([asdict(p) for p in points], indent=1), "utf-8")
    if options.plot:
        options.plot.write_text(chart(points), encoding="utf-8")


if __name__ == "__main__":
    main()
