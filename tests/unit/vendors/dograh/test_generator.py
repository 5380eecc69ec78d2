"""Generated Dograh runs add up: durations, artifacts, usage and names agree, over all of them."""

from __future__ import annotations

import re

from emulator.runtime import Runtime
from emulator.vendors.dograh.generator import FIRST_ID
from emulator.vendors.dograh.model import DograhRun, as_of

TELEPHONY_NAME = re.compile(r"^(WR-TEL-(IN|OUT)-\d{8}|WR-CAMPAIGN-\d+-\d+|ARI Inbound \+\d+)$")


def generated(runtime: Runtime) -> list[DograhRun]:
    """Every generated run of every organisation, as served now."""
    store, now = runtime.state("dograh").store, runtime.clock.now()
    found = [as_of(r, now) for slug in store.tenants() for r in store.runs(slug, "generated")]
    assert len(found) > 500 and all(r.id >= FIRST_ID for r in found)
    return found


def test_artifacts_only_exist_for_calls_that_happened(runtime: Runtime) -> None:
    for run in generated(runtime):
        if not run.duration:
            assert not run.has_artifact
        if run.artifacts["recording"]:
            assert run.artifacts["transcript"] == f"transcripts/{run.id}.txt"


def test_usage_follows_the_duration(runtime: Runtime) -> None:
    for run in generated(runtime):
        if run.duration is None:
            assert run.usage_info == {} and not run.is_completed
            continue
        assert run.usage_info is not None
        if "llm" not in run.usage_info:  # a call nobody answered: its duration only
            assert run.duration == 0 and run.usage_info == {"call_duration_seconds": 0}
            continue
        assert run.usage_info["stt"] == {}
        (tokens,) = run.usage_info["llm"].values()
        assert tokens["prompt_tokens"] >= max(1, int(run.duration / 9)) * 900


def test_names_and_channels_agree(runtime: Runtime) -> None:
    for run in generated(runtime):
        if run.mode in ("webrtc", "smallwebrtc", "textchat"):
            assert run.initial_context is not None
            assert "caller_number" not in run.initial_context
        else:
            assert TELEPHONY_NAME.match(run.name), run.name
        if run.campaign_id is not None:
            assert run.name.startswith(f"WR-CAMPAIGN-{run.campaign_id}-")


def test_ids_rise_with_time_within_a_tenant(runtime: Runtime) -> None:
    store = runtime.state("dograh").store
    for slug in store.tenants():
        runs = list(store.runs(slug, "generated"))
        assert runs
        assert [r.id for r in runs] == sorted((r.id for r in runs), reverse=True)
