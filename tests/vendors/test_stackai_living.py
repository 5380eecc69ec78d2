"""StackAI's runs live on the clock (issue 13): a run is nowhere before its start, in progress
(PENDING, PAUSED, RESUMED) until it ends, then finished with the tokens, latency and outcome
it was always going to have; the project summary is as of now; and a sync job polling each
flow with a date window while the clock advances sees every run and every completion once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover
from tests.vendors.test_stackai import (
    CHAT,
    FLOWS,
    NORTHWIND,
    SUMMARY,
    Client,
    every_run,
    get_json,
    runs,
)

RECORDS = "/_emulator/vendors/stackai/runs"
GOING = {"PENDING", "PAUSED", "RESUMED"}
MICROSECOND = timedelta(microseconds=1)


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def zulu(instant: datetime) -> str:
    return instant.isoformat().replace("+00:00", "Z")


async def freeze(client: Client, instant: datetime) -> None:
    response = await client.put("/_emulator/clock", json={"freeze": instant.isoformat()})
    assert response.status == 200, await response.text()


async def records(client: Client, origin: str = "generated") -> list[dict[str, Any]]:
    query = {"tenant": "northwind", "origin": origin, "limit": "10000"}
    body = await (await client.get(RECORDS, params=query)).json()
    found: list[dict[str, Any]] = body["runs"]
    return found


async def seen_at(client: Client, record: dict[str, Any], instant: datetime) -> Any:
    """The run as the flow list shows it at `instant` (None: not listed), and its project's
    row of the summary over a window holding only its microsecond."""
    await freeze(client, instant)
    window = {"start_date": record["date"], "end_date": record["date"]}
    listed = await runs(client, record["flow_id"], **window)
    (row,) = [r for r in await get_json(client, SUMMARY, **window)
              if r["project_id"] == record["flow_id"]]  # fmt: skip
    totals = {k: row[k] for k in ("total_runs", "total_errors", "total_tokens", "total_users")}
    return (listed[0] if listed else None), totals


async def test_a_run_is_invisible_then_pending_paused_resumed_then_finished(
    client: Client,
) -> None:
    record = next(r for r in await records(client) if r["paused_at"] and r["state"] == "FAILED"
                  and len(r["llm_usage"]) >= 2)  # fmt: skip
    start, paused, resumed, end = (stamp(record[k]) for k in
                                   ("date", "paused_at", "resumed_at", "ended_at"))  # fmt: skip
    first_call = record["llm_usage"][0]["tokens"]
    user = int(record["user_id"] is not None)
    nothing = {"total_runs": 0, "total_errors": 0, "total_tokens": 0, "total_users": 0}
    assert await seen_at(client, record, start - MICROSECOND) == (None, nothing)
    steps = [(start, "PENDING", 0), (paused - MICROSECOND, "PENDING", 0),
             (paused, "PAUSED", first_call), (resumed, "RESUMED", first_call),
             (end - MICROSECOND, "RESUMED", first_call)]  # fmt: skip
    for instant, state, tokens in steps:
        item, totals = await seen_at(client, record, instant)
        assert (item["state"], item["total_tokens"], item["latency"]) == (state, tokens, None)
        assert (item["error"], item["outputs"], item["is_flow_successful"]) == (None, None, None)
        assert len(item["llm_usage"]) == (state != "PENDING")
        assert totals == {"total_runs": 1, "total_errors": 0, "total_tokens": tokens,
                          "total_users": user}  # fmt: skip
    finished, totals = await seen_at(client, record, end)
    assert {k: finished[k] for k in ("state", "error", "latency", "total_tokens")} == {
        k: record[k] for k in ("state", "error", "latency", "total_tokens")
    }
    waited = resumed - paused
    assert finished["latency"] == (end - start - waited) / timedelta(seconds=1)
    assert totals == {"total_runs": 1, "total_errors": 1, "total_tokens": record["total_tokens"],
                      "total_users": user}  # fmt: skip
    assert await seen_at(client, record, end + timedelta(days=30)) == (finished, totals)


async def test_a_state_filter_reads_the_state_at_the_instant(client: Client) -> None:
    record = next(r for r in await records(client) if r["paused_at"])
    await freeze(client, stamp(record["paused_at"]))
    window = {"start_date": record["date"], "end_date": record["date"]}
    assert [
        r["run_id"] for r in await runs(client, record["flow_id"], state="PAUSED", **window)
    ] == [record["run_id"]]
    assert await runs(client, record["flow_id"], state=record["state"], **window) == []
    await freeze(client, stamp(record["ended_at"]))
    assert await runs(client, record["flow_id"], state="PAUSED,RESUMED,PENDING", **window) == []
    assert len(await runs(client, record["flow_id"], state=record["state"], **window)) == 1


async def test_nothing_from_the_future_and_runs_keep_arriving(client: Client) -> None:
    epoch = stamp("2026-11-01T00:00:00Z")
    before = await every_run(client, CHAT)
    await freeze(client, epoch - timedelta(days=10))
    earlier = await every_run(client, CHAT)
    assert earlier and all(stamp(r["date"]) <= epoch - timedelta(days=10) for r in earlier)
    assert {r["run_id"] for r in earlier} < {r["run_id"] for r in before}
    await freeze(client, epoch + timedelta(days=6))
    later = await every_run(client, CHAT)
    arrived = [r for r in later if stamp(r["date"]) > epoch]
    assert arrived and all(stamp(r["date"]) <= epoch + timedelta(days=6) for r in later)
    assert len(later) == len(before) + len(arrived)


async def test_an_injected_run_can_be_in_progress(client: Client) -> None:
    calls = [{"provider": "OpenAI", "model_id": "gpt-4o", "tokens": 40},
             {"provider": "Groq", "model_id": "llama-3.3-70b", "tokens": 2}]  # fmt: skip
    run = {"flow_id": CHAT, "run_id": "fa000000-0000-4000-8000-0000000000f1",
           "date": "2026-10-31T20:00:00Z", "state": "COMPLETED", "latency": 2.5,
           "outputs": '{"out-0": "done"}', "ended_at": "2026-11-01T02:00:00Z",
           "paused_at": "2026-10-31T20:00:01Z", "resumed_at": "2026-11-01T01:59:59Z",
           "calls_before_pause": 1, "llm_usage": calls}  # fmt: skip
    response = await client.post(RECORDS, json={"tenant": "northwind", "run": run})
    assert response.status == 201, await response.text()
    for instant, state, tokens in (("2026-10-31T20:00:00Z", "PENDING", 0),
                                   ("2026-11-01T00:00:00Z", "PAUSED", 40),
                                   ("2026-11-01T01:59:59Z", "RESUMED", 40),
                                   ("2026-11-01T02:00:00Z", "COMPLETED", 42)):  # fmt: skip
        await freeze(client, stamp(instant))
        found = await every_run(client, CHAT, start_date=run["date"])
        (item,) = [r for r in found if r["run_id"] == run["run_id"]]
        assert (item["state"], item["total_tokens"]) == (state, tokens)
        assert (item["outputs"] is not None) == (state == "COMPLETED")


# --- a user's sync job --------------------------------------------------------------------------


class SyncJob:
    """What a reconciliation job does against the flow list: every few minutes, read each
    flow's runs since the oldest run it has not seen finish (or since its last poll), keep the
    newest version of each run, and record each run's arrival and completion once."""

    def __init__(self, client: Client, since: datetime) -> None:
        self.client, self.since = client, since
        self.latest: dict[str, dict[str, Any]] = {}
        self.arrivals: list[str] = []
        self.completions: list[str] = []
        self.completed_going = 0

    async def poll(self, now: datetime) -> None:
        going = [stamp(r["date"]) for r in self.latest.values() if r["state"] in GOING]
        start = min([self.since, *going])
        for flow in FLOWS[NORTHWIND]:
            for item in await every_run(self.client, flow, start_date=zulu(start),
                                        end_date=zulu(now)):  # fmt: skip
                self.see(item)
        self.since = now

    def see(self, item: dict[str, Any]) -> None:
        earlier = self.latest.get(item["run_id"])
        if earlier is None:
            self.arrivals.append(item["run_id"])
        if item["state"] not in GOING and (earlier is None or earlier["state"] in GOING):
            self.completions.append(item["run_id"])
            self.completed_going += earlier is not None
        self.latest[item["run_id"]] = item

    def totals(self, run_ids: set[str]) -> dict[str, int]:
        """What the job has added up over some of its runs (a project's)."""
        mine = [self.latest[i] for i in run_ids]
        return {"total_runs": len(mine),
                "total_errors": sum(r["error"] is not None for r in mine),
                "total_tokens": sum(r["total_tokens"] for r in mine),
                "total_users": len({r["user_id"] for r in mine} - {None})}  # fmt: skip


async def test_a_sync_job_polling_with_a_date_window_sees_everything_once(
    aiohttp_client: AiohttpClient,
) -> None:
    # A busy organisation (a run every few minutes), so that runs start, pause and end
    # between polls.
    runtime = Runtime.start(Settings(runs=40_000), discover(("stackai",)))
    client = await aiohttp_client(build_app(runtime, ResponseCheck(True)))
    epoch = runtime.settings.epoch
    job = SyncJob(client, epoch - timedelta(days=1))
    await job.poll(epoch)
    now = epoch
    for _ in range(30):  # five virtual hours, polled every ten minutes
        now += timedelta(minutes=10)
        await freeze(client, now)
        await job.poll(now)
    window: dict[str, Any] = {"start_date": zulu(epoch - timedelta(days=1)), "end_date": zulu(now)}
    final: dict[str, set[str]] = {}
    for flow in FLOWS[NORTHWIND]:
        listed = await every_run(client, flow, **window)
        final[flow] = {r["run_id"] for r in listed}
        assert all(job.latest[r["run_id"]] == r for r in listed)
    assert len(job.arrivals) == len(set(job.arrivals)) == sum(map(len, final.values()))
    assert len(job.completions) == len(set(job.completions))
    assert set(job.completions) == {i for i, r in job.latest.items() if r["state"] not in GOING}
    assert job.completed_going >= 5  # runs seen going, then seen finishing
    assert sum(stamp(job.latest[i]["date"]) > epoch for i in job.arrivals) > 50
    rows = {r["project_id"]: r for r in await get_json(client, SUMMARY, **window)}
    for flow, run_ids in final.items():
        totals = job.totals(run_ids)
        assert {k: rows[flow][k] for k in totals} == totals
