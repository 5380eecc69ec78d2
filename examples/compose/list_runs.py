"""A client next to the emulator: wait for it to be healthy, then list runs from every vendor.

Standard library only, so it runs in any Python 3.11+ image:

    EMULATOR_URL=http://emulator:8080 python3 list_runs.py

Each vendor's list call and test key (from fixtures/tenants.yaml, first organisation) is one
entry of VENDORS. Only the vendors the emulator reports in its health answer are called, so the
script works with an emulator that serves a subset (`EMULATOR_VENDORS=dograh`). A vendor the
emulator serves that has no entry here is reported and skipped. Exit status: 0 when every call
answered 200, 1 otherwise, 2 when the emulator never became healthy.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

HEALTH = "/_emulator/health"


@dataclass(frozen=True)
class Call:
    """One vendor's list-runs request, relative to the emulator's root URL."""

    path: str
    headers: Mapping[str, str]


VENDORS: dict[str, Call] = {
    # Dograh: base URL <root>/dograh, key in X-API-Key (Acme Telehealth).
    "dograh": Call(
        "/dograh/api/v1/organizations/usage/runs?limit=5",
        {"X-API-Key": "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"},
    ),
    # B3OS: base URL <root>/b3os, Bearer key, organisation in the path (Moonbeam Labs).
    "b3os": Call(
        "/b3os/v1/organizations/org_7e65gh2bh8rgp9vk5h3b/cu/runs?limit=5",
        {"Authorization": "Bearer b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"},
    ),
    # StackAI: base URL <root>/stackai, Bearer org key, one flow's runs (Northwind Legal).
    "stackai": Call(
        "/stackai/analytics/org/ffb0dd9e-63e1-4869-a495-0dc210a25b19"
        "/flows/2bb71c682097798c8cd3e418?page_size=5",
        {"Authorization": "Bearer 5c57722e-138e-4ef9-96d4-480fdeb67ae7"},
    ),
    # Dynamiq: base URL <root>/dynamiq/apps/<app_id> (an app's own host), Bearer access key
    # (Helios Retail, app "Returns Agent").
    "dynamiq": Call(
        "/dynamiq/apps/f0d1ab56-e02f-4a72-a9d6-25c966692158/v1/runs?page_size=5",
        {"Authorization": "Bearer dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"},
    ),
}


@dataclass(frozen=True)
class Listed:
    vendor: str
    url: str
    status: int
    runs: int | None  # items on the page, None when the answer holds no list


def get(url: str, headers: Mapping[str, str] | None = None, timeout: float = 5) -> tuple[int, Any]:
    """Status and decoded JSON body (None when not JSON) of a GET; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None


def wait_for_health(root: str, timeout: float = 60, interval: float = 0.2) -> dict[str, Any]:
    """The health answer once the emulator gives one with 200; TimeoutError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            status, body = get(root + HEALTH, timeout=2)
            if status == 200 and isinstance(body, dict):
                return body
        except OSError:
            pass  # not listening yet, or the name does not resolve yet
        if time.monotonic() > deadline:
            raise TimeoutError(f"{root}{HEALTH} did not answer 200 within {timeout:g} s")
        time.sleep(interval)


def first_list(body: Any) -> list[Any] | None:
    """The run list of a page, whatever the vendor's envelope: a bare array (StackAI), `runs`
    (Dograh), `data.items` (B3OS), `data` (Dynamiq), or else the first array found."""
    if isinstance(body, list):
        return body
    if not isinstance(body, dict):
        return None
    for key in ("runs", "items", "data"):
        if isinstance(body.get(key), list):
            return list(body[key])
    for value in body.values():
        found = first_list(value) if isinstance(value, dict) else None
        if found is not None:
            return found
    for value in body.values():
        if isinstance(value, list):
            return value
    return None


def list_runs(root: str, served: list[str], out: TextIO = sys.stdout) -> list[Listed]:
    """One list call per served vendor that VENDORS knows; each result printed as a line."""
    results = []
    for vendor in served:
        call = VENDORS.get(vendor)
        if call is None:
            print(f"{vendor:<8} skipped: no entry in VENDORS (list_runs.py)", file=out)
            continue
        url = root + call.path
        status, body = get(url, call.headers)
        items = first_list(body)
        listed = Listed(vendor, url, status, None if items is None else len(items))
        results.append(listed)
        runs = "?" if listed.runs is None else listed.runs
        print(f"{vendor:<8} {status}  {runs} runs  GET {call.path}", file=out)
    return results


def main(environ: Mapping[str, str] = os.environ, out: TextIO = sys.stdout) -> int:
    root = environ.get("EMULATOR_URL", "http://emulator:8080").rstrip("/")
    try:
        health = wait_for_health(root, timeout=float(environ.get("WAIT_SECONDS", "60")))
    except TimeoutError as error:
        print(f"list_runs: {error}", file=out)
        return 2
    served = list(health.get("vendors", {}))
    print(
        f"emulator {health.get('version')} healthy at {root}, seed {health.get('seed')}", file=out
    )
    results = list_runs(root, served, out)
    return 0 if results and all(r.status == 200 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
