"""`python -m bench.soak`: mixed traffic for minutes against one emulator with every vendor.

Workers send lists (first, filtered and deep pages), run details, injections, faults, journal
reads and, now and then, a reset, over the shared port, to an emulator started with `--strict`
(so a response outside our spec is a 500 problem of its own, counted here). Before each reset
and at the end, every run injected since the last reset is looked up: one not found is lost.
Memory is the emulator's RSS after the warm-up and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.process import rss_kib, start
from bench.targets import TARGETS

CONTROL = "/_emulator"
# The field(s) a vendor's record is identified by: dropped before injection, so ids are minted.
IDENTITY = {"dograh": "id", "b3os": "id", "stackai": "run_id", "dynamiq": "id"}
MISMATCH = "Response breaks the emulator's spec"
WEIGHTS = {"list": 60, "detail": 10, "inject": 8, "fault": 4, "journal": 6, "health": 2}


@dataclass(slots=True)
class Soak:
    base: str
    session: aiohttp.ClientSession
    rng: random.Random
    templates: dict[str, tuple[str, dict[str, Any]]]
    served: Counter[str] = field(default_factory=Counter)
    injected: list[tuple[str, str]] = field(default_factory=list)
    lost: int = 0
    rss_after_warmup_kib: int = 0
    outside_spec: int = 0
    unexpected: list[str] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        async with self.session.get(self.base + path, headers=headers) as response:
            body = await response.read()
            self.served[path.split("?")[0].split("/")[1]] += 1
            if response.status == 500 and MISMATCH.encode() in body:
                self.outside_spec += 1
            return response.status, body

    async def send(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        async with self.session.request(method, self.base + path, json=payload) as response:
            self.served["_emulator"] += 1
            return response.status, await response.json(content_type=None)


async def one_list(soak: Soak) -> None:
    target = TARGETS[soak.rng.choice(sorted(TARGETS))]
    path = soak.rng.choice((target.first, target.filtered, target.deep(250)))
    status, _ = await soak.get(path, target.headers)
    if status not in (200, 503):  # 503: a fault of ours may have fired
        soak.unexpected.append(f"{status} {path}")


async def one_detail(soak: Soak) -> None:
    """A run of the first page, asked for by id where the vendor has a single-run route."""
    vendor = soak.rng.choice(("dograh", "dynamiq"))
    target = TARGETS[vendor]
    status, body = await soak.get(target.first, target.headers)
    if status != 200:
        return
    runs = json.loads(body)["runs" if vendor == "dograh" else "data"]
    if not runs:
        return
    run = soak.rng.choice(runs)
    path = (
        f"/dograh/api/v1/workflow/{run['workflow_id']}/runs/{run['id']}"
        if vendor == "dograh"
        else f"{target.first.split('?')[0]}/{run['id']}"
    )
    status, _ = await soak.get(path, target.headers)
    if status not in (200, 503):
        soak.unexpected.append(f"{status} {path}")


async def one_injection(soak: Soak) -> None:
    vendor = soak.rng.choice(sorted(soak.templates))
    tenant, record = soak.templates[vendor]
    async with soak.lock:  # a reset between the answer and the note would lose track of it
        status, body = await soak.send(
            "POST", f"{CONTROL}/vendors/{vendor}/runs", {"tenant": tenant, "run": record}
        )
        if status != 201:
            soak.unexpected.append(f"inject {vendor}: {status} {body}")
            return
        soak.injected.append((vendor, str(body["runs"][0][IDENTITY[vendor]])))


async def one_fault(soak: Soak) -> None:
    vendor = soak.rng.choice(sorted(TARGETS))
    fault = {"match": {"vendor": vendor}, "effect": {"type": "status", "status": 503}, "times": 1}
    status, _ = await soak.send("POST", f"{CONTROL}/faults", fault)
    if status != 201:
        soak.unexpected.append(f"fault: {status}")


async def one_journal_read(soak: Soak) -> None:
    status, _ = await soak.send("GET", f"{CONTROL}/requests?limit=50")
    if status != 200:
        soak.unexpected.append(f"journal: {status}")


async def one_health(soak: Soak) -> None:
    await soak.send("GET", f"{CONTROL}/health")


async def reset(soak: Soak) -> None:
    """Every run injected since the last reset must still be there; then back to the start."""
    async with soak.lock:
        for vendor, ident in soak.injected:
            status, _ = await soak.send("GET", f"{CONTROL}/vendors/{vendor}/runs/{ident}")
            soak.lost += status != 200
        soak.injected.clear()
        await soak.send("POST", f"{CONTROL}/reset", {})


ACTIONS = {
    "list": one_list, "detail": one_detail, "inject": one_injection, "fault": one_fault,
    "journal": one_journal_read, "health": one_health,
}  # fmt: skip


async def worker(soak: Soak, until: float) -> None:
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    while time.monotonic() < until:
        await ACTIONS[soak.rng.choices(names, weights)[0]](soak)


async def templates(base: str, session: aiohttp.ClientSession) -> dict[str, Any]:
    """Per vendor, a stored run of its first tenant as an injectable record without its id."""
    found = {}
    for vendor in TARGETS:
        async with session.get(f"{base}{CONTROL}/vendors/{vendor}/runs?limit=1") as response:
            entry = (await response.json())["runs"][0]
        tenant = entry.pop("tenant")
        entry.pop(IDENTITY[vendor])
        found[vendor] = (tenant, entry)
    return found


async def soak(base: str, pid: int, seconds: float, warmup: float, workers: int) -> Soak:
    async with aiohttp.ClientSession() as session:
        state = Soak(base, session, random.Random(7), await templates(base, session))
        began = time.monotonic()
        tasks = [asyncio.create_task(worker(state, began + seconds)) for _ in range(workers)]
        await asyncio.sleep(warmup)
        state.rss_after_warmup_kib = rss_kib(pid)
        while time.monotonic() < began + seconds:
            await asyncio.sleep(min(30.0, max(0.0, began + seconds - time.monotonic())))
            await reset(state)
        await asyncio.gather(*tasks)
        await reset(state)
        return state


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--warmup", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=8)
    options = parser.parse_args()
    port = free_port()
    command = [sys.executable, "-m", "emulator", "serve", "--port", str(port), "--strict"]
    process, _ = start(command, f"http://127.0.0.1:{port}{CONTROL}/health")
    try:
        base = f"http://127.0.0.1:{port}"
        result = asyncio.run(soak(base, process.pid, options.seconds, options.warmup,
                                  options.workers))  # fmt: skip
        end_rss = rss_kib(process.pid)
    finally:
        process.terminate()
        process.wait()
    print(summary(result, end_rss, options.seconds))
    if result.lost or result.outside_spec or result.unexpected:
        raise SystemExit(1)


def summary(result: Soak, end_rss: int, seconds: float) -> str:
    start_rss = result.rss_after_warmup_kib
    growth = (end_rss - start_rss) / start_rss * 100
    total = sum(result.served.values())
    by_kind = ", ".join(f"{name} {count:,}" for name, count in sorted(result.served.items()))
    return "\n".join([
        f"soak: {seconds:.0f} s, {total:,} requests served ({total / seconds:,.0f}/s): {by_kind}",
        f"RSS after warm-up {start_rss / 1024:.1f} MiB, at the end {end_rss / 1024:.1f} MiB "
        f"(growth {growth:+.1f}%)",
        f"responses outside the specs: {result.outside_spec}; injected runs lost: {result.lost}; "
        f"unexpected answers: {len(result.unexpected)} {result.unexpected[:5]}",
    ])  # fmt: skip


if __name__ == "__main__":
    main()
