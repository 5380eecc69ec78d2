"""StackAI's data agrees with itself over every run of both organisations (properties, not
examples): a listed run is its control-plane record, a run's latency is the time it ran, a
sub-workflow run starts and ends inside its parent, and a dataset of fixtures alone serves."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover
from tests.vendors.test_stackai import FLOWS, KEYS, SUMMARY, Client, every_run, get_json

RECORDS = "/_emulator/vendors/stackai/runs"
PROGRESS = ("flow_id", "paused_at", "resumed_at", "ended_at", "calls_before_pause")


def stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def records(client: Client) -> dict[str, dict[str, Any]]:
    body = await (await client.get(RECORDS, params={"limit": "10000"})).json()
    return {r["run_id"]: r for r in body["runs"]}


async def test_every_listed_run_is_its_record(client: Client) -> None:
    stored = await records(client)
    listed = [r for org in FLOWS for flow in FLOWS[org] for r in await every_run(client, flow)]
    assert len(listed) == len(stored)
    for item in listed:
        record = stored[item["run_id"]]
        served = {k: v for k, v in record.items() if k not in (*PROGRESS, "tenant")}
        calls = [{k: c[k] for k in served["llm_usage"][0]} for c in item["llm_usage"]]
        assert {**item, "llm_usage": calls} == served


async def test_latency_is_the_time_a_run_ran(client: Client) -> None:
    for record in (await records(client)).values():
        if record["ended_at"] is None:  # a curated run, as recorded from its date on
            continue
        ran = stamp(record["ended_at"]) - stamp(record["date"])
        if record["paused_at"] is not None:
            ran -= stamp(record["resumed_at"]) - stamp(record["paused_at"])
        if record["state"] == "PAUSED":  # paused for good: it stopped when it paused
            assert record["latency"] is None and record["paused_at"] is None
        else:
            assert record["latency"] == ran / timedelta(seconds=1)


async def test_a_step_runs_inside_its_parent(client: Client) -> None:
    stored = await records(client)
    steps = [r for r in stored.values() if r["parent_run_id"] and r["ended_at"]]
    assert len(steps) > 10
    for step in steps:
        parent = stored[step["parent_run_id"]]
        assert stamp(parent["date"]) < stamp(step["date"])
        assert stamp(step["ended_at"]) <= stamp(parent["ended_at"])
        if parent["paused_at"] is not None:  # it waited, and resumed to run the step
            assert stamp(parent["paused_at"]) < stamp(parent["resumed_at"]) < stamp(step["date"])


async def test_a_dataset_of_fixtures_alone_is_served(aiohttp_client: AiohttpClient) -> None:
    runtime = Runtime.start(Settings(runs=0), discover(("stackai",)))
    client = await aiohttp_client(build_app(runtime, ResponseCheck(True)))
    for org, flows in FLOWS.items():
        found = [r for flow in flows for r in await every_run(client, flow, user_id="x")]
        assert found == []
        every = [r for flow in flows for r in await every_run(client, flow, state="FAILED")]
        rows = await get_json(client, SUMMARY, key=KEYS[org])
        assert sum(r["total_errors"] for r in rows) == len(every)
        assert all(r["run_id"].startswith("fa") for r in every)
