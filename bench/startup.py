"""`python -m bench.startup`: the emulator as `./scripts/serve` starts it (every vendor, the
default dataset or `--runs N` per tenant), timed from process start to a healthy
`/_emulator/health`, a few times; then, with `--first-page`, the first page of each vendor (which
builds that tenant's columns: what a client waits for once)."""

from __future__ import annotations

import argparse
import time

from bench.process import emulator, get, stop
from bench.targets import TARGETS


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--times", type=int, default=5)
    parser.add_argument("--runs", type=int, help="runs per tenant (default: the emulator's)")
    parser.add_argument("--first-page", action="store_true", help="also time each first page")
    options = parser.parse_args()
    flags = () if options.runs is None else ("--runs", str(options.runs))
    seconds = []
    for _ in range(options.times):
        process, elapsed, base = emulator(*flags)
        if options.first_page:
            print(first_pages(base))
        stop(process)
        seconds.append(elapsed)
    seconds.sort()
    size = "default dataset" if options.runs is None else f"{options.runs:,} runs per tenant"
    print(f"start-up to healthy, every vendor, {size} ({options.times} runs): "
          f"min {seconds[0]:.2f} s, median {seconds[len(seconds) // 2]:.2f} s, "
          f"max {seconds[-1]:.2f} s")  # fmt: skip


def first_pages(base: str) -> str:
    found = []
    for name, target in TARGETS.items():
        began = time.perf_counter()
        get(base + target.first, target.headers)
        found.append(f"{name} {time.perf_counter() - began:.2f} s")
    return "first page of each vendor's first tenant: " + ", ".join(found)


if __name__ == "__main__":
    main()
