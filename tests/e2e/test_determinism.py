"""Same seed, same bytes: two emulator processes serve identical answers at a million runs per
tenant and at any virtual instant, for every vendor (the data is a function of the seed, the
tenant, the position and "now" alone, never of the process or of what was read before)."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover
from tests.e2e.test_serve import serving
from tests.every_vendor import VENDORS, list_request


def requests_of_every_vendor() -> list[tuple[str, dict[str, str]]]:
    """Each vendor's first list page, for its first tenant (paths and keys from the tenants)."""
    runtime = Runtime.start(Settings(runs=0), discover())
    found = []
    for vendor in VENDORS:
        slug = next(iter(runtime.state(vendor).tenants))
        found.append(list_request(runtime, vendor, slug))
    return found


def answers(base: str, requests: list[tuple[str, dict[str, str]]]) -> list[bytes]:
    bodies = []
    for path, headers in requests:
        with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)) as r:
            bodies.append(r.read())
    return bodies


def call(base: str, method: str, path: str, change: dict[str, Any]) -> None:
    body = json.dumps(change).encode()
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"Content-Type": "application/json"})  # fmt: skip
    urllib.request.urlopen(request).read()


def put_clock(base: str, change: dict[str, Any]) -> None:
    call(base, "PUT", "/_emulator/clock", change)


def test_a_million_runs_per_tenant_are_the_same_bytes_in_two_processes() -> None:
    requests = requests_of_every_vendor()
    flags = ("--runs", "1000000", "--vendors", ",".join(engine_vendors()))
    with serving(*flags) as first, serving(*flags) as second:
        one = answers(first, requests)
        # Something else read first in the second process: it must not matter.
        answers(second, [(path + "&page=3" if "?" in path else path + "?page=3", headers)
                         for path, headers in requests])  # fmt: skip
        call(second, "POST", "/_emulator/reset", {})  # request numbers start again at 1
        two = answers(second, requests)
    assert one == two and all(one)


def engine_vendors() -> list[str]:
    return [v.name for v in discover() if v.runs.generator is not None]


def test_an_instant_served_twice_is_the_same_bytes() -> None:
    requests = requests_of_every_vendor()
    instant = {"freeze": "2026-11-04T15:30:00Z"}
    with serving("--seed", "5") as first, serving("--seed", "5") as second:
        put_clock(first, instant)
        one = answers(first, requests)
        put_clock(second, {"travel": "2026-12-01T00:00:00Z"})  # elsewhere first, then there
        answers(second, requests)
        call(second, "POST", "/_emulator/reset", {})  # request numbers start again at 1
        put_clock(second, instant)
        two = answers(second, requests)
    assert one == two and all(one)
