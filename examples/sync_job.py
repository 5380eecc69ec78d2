"""A sync job against a world that moves: poll Dograh's usage list every ten virtual minutes,
remember what was seen, and see every new run once and every completion once.

Run it as a script (`python examples/sync_job.py`); it starts its own emulator in-process.
The clock starts frozen at the epoch (2026-11-01T00:00:00Z); each step moves it on, and the
emulator's world moves with it: runs keep arriving at each tenant's rate, runs in progress
finish with the usage they were always going to have.
"""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from emulator.client import EmulatorClient
from emulator.server import ThreadedEmulator
from emulator.settings import Settings

KEY = "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"  # Acme Health's test key


def usage_page(base: str, start_date: str, page: int) -> dict[str, Any]:
    usage = f"{base}/dograh/api/v1/organizations/usage/runs"
    url = f"{usage}?limit=100&page={page}&start_date={start_date}"
    request = urllib.request.Request(url, headers={"X-API-Key": KEY})
    with urllib.request.urlopen(request) as response:
        body: dict[str, Any] = json.load(response)
        return body


def window(base: str, start_date: str) -> list[dict[str, Any]]:
    """Every run created since `start_date`, walking the pages as a client does."""
    runs, page = [], 1
    while True:
        body = usage_page(base, start_date, page)
        runs.extend(body["runs"])
        if page >= body["total_pages"]:
            return runs
        page += 1


def main() -> None:
    with ThreadedEmulator(Settings(port=0, vendors=("dograh",), runs=20_000)) as server:
        control = EmulatorClient(server.base_url)
        control.freeze("2026-11-02T09:00:00Z")  # a Monday morning, after the history's end
        since = "2026-11-02T09:00:00Z"  # the job syncs what happened from then on
        arrived: set[int] = set()
        going: set[int] = set()  # seen in progress, not yet seen finished
        completions = 0
        for _ in range(18):  # three virtual hours, ten minutes at a time
            for run in window(server.base_url, since):
                arrived.add(run["id"])
                is_done = run["disposition"] is not None  # in progress: no outcome yet
                if not is_done:
                    going.add(run["id"])
                elif run["id"] in going:
                    going.discard(run["id"])
                    completions += 1
            control.advance(600)
        now = control.clock().now
        print(f"at {now:%Y-%m-%d %H:%M} UTC: {len(arrived)} runs arrived, {completions} seen "
              f"in progress and later finished, {len(going)} still going")  # fmt: skip


if __name__ == "__main__":
    main()
