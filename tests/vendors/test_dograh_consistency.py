"""Dograh's data agrees with itself, over every run of every organisation (properties, not
examples): a listed run is its detail, usage matches the duration and the channel, artifacts
exist exactly for answered finished calls, pages tile the whole history, and the page totals
are the sums of the pages."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.vendors.dograh.generator import FIRST_ID
from tests.vendors.dograh_api import USAGE, Client, get_json

VOICE = {"twilio", "vonage", "plivo", "telnyx", "vobiz", "cloudonix", "ari", "webrtc",
         "smallwebrtc"}  # fmt: skip


async def walk(client: Client, headers: dict[str, str]) -> tuple[list[dict[str, Any]], int]:
    runs, page, totals = [], 1, 0
    while True:
        body = await get_json(client, USAGE, headers=headers, page=page, limit=100)
        runs.extend(body["runs"])
        totals += body["total_duration_seconds"]
        assert body["total_duration_seconds"] == sum(
            r["call_duration_seconds"] for r in body["runs"]
        )
        if page >= body["total_pages"]:
            assert len(runs) == body["total_count"]
            return runs, totals
        page += 1


@pytest.fixture
def keys(runtime: Runtime) -> list[dict[str, str]]:
    return [{"X-API-Key": t.test_key} for t in runtime.state("dograh").tenants.values()]


async def test_pages_tile_the_history_newest_first(
    client: Client, keys: list[dict[str, str]]
) -> None:
    for headers in keys:
        runs, totals = await walk(client, headers)
        assert len({r["id"] for r in runs}) == len(runs)
        stamps = [(r["created_at"], r["id"]) for r in runs]
        assert stamps == sorted(stamps, reverse=True)
        assert totals == sum(r["call_duration_seconds"] for r in runs)


async def test_every_listed_run_is_its_detail(client: Client, keys: list[dict[str, str]]) -> None:
    for headers in keys:
        runs, _ = await walk(client, headers)
        for item in runs:
            path = f"/dograh/api/v1/workflow/{item['workflow_id']}/runs/{item['id']}"
            detail = await get_json(client, path, headers=headers)
            assert_same_run(item, detail)


def assert_same_run(item: dict[str, Any], detail: dict[str, Any]) -> None:
    for field in ("id", "workflow_id", "name", "mode", "call_type", "initial_context",
                  "gathered_context", "recording_url", "transcript_url", "user_recording_url",
                  "bot_recording_url"):  # fmt: skip
        assert item[field] == detail[field], field
    assert detail["created_at"].replace("Z", "+00:00") == item["created_at"]
    usage = detail["usage_info"]
    if not detail["is_completed"]:
        assert usage is None and item["call_duration_seconds"] == 0 and item["disposition"] is None
        return
    cost = detail["cost_info"]
    assert (0 if cost is None else cost["call_duration_seconds"]) == item["call_duration_seconds"]
    raw = None if usage is None else usage["call_duration_seconds"]
    assert round(raw or 0) == item["call_duration_seconds"]


async def test_usage_matches_the_channel_and_duration(
    client: Client, keys: list[dict[str, str]]
) -> None:
    for headers in keys:
        runs, _ = await walk(client, headers)
        for item in runs:
            if item["id"] < FIRST_ID:  # curated fixtures hold edge cases of their own
                continue
            check_generated(item, await get_json(
                client, f"/dograh/api/v1/workflow/{item['workflow_id']}/runs/{item['id']}",
                headers=headers,
            ))  # fmt: skip


def check_generated(item: dict[str, Any], detail: dict[str, Any]) -> None:
    usage, context = detail["usage_info"], detail["initial_context"]
    if usage is None:  # in progress: the pipeline has started, nothing is recorded yet
        assert "runtime_configuration" in context and item["recording_url"] is None
        return
    seconds = usage["call_duration_seconds"]
    if item["mode"] in VOICE:
        assert isinstance(seconds, int), "voice runs store whole seconds"
    has_pipeline = "runtime_configuration" in context
    assert has_pipeline == (seconds > 0 or item["mode"] not in VOICE - {"webrtc", "smallwebrtc"})
    if not has_pipeline:
        assert (usage["llm"], usage["tts"], usage["stt"]) == ({}, {}, {})
        assert item["recording_url"] is None and item["transcript_url"] is None
        return
    assert usage["stt"] == {} and all("|||" in key for key in (*usage["llm"], *usage["tts"]))
    for tokens in usage["llm"].values():
        assert tokens["total_tokens"] == tokens["prompt_tokens"] + tokens["completion_tokens"]
    assert (item["transcript_url"] is not None) == (seconds > 0)
    assert (item["recording_url"] is not None) == (seconds > 0 and item["mode"] != "textchat")
