"""Issue 12's Dograh fidelity fixes, each pinned over HTTP against dograh-hq/dograh@058c540c
(docs/fidelity.md, Dograh): usage keyed `<processor>|||<model>`, whole-second voice calls, the
pipeline's runtime configuration, the filter engine's own reading of values, and the run
details' shape. Every test here failed on the code before the fixes (commit c5c3ec0)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.vendors.dograh_api import USAGE, Client, every_run, filtered, get_json

VOICE = {"twilio", "vonage", "plivo", "telnyx", "vobiz", "cloudonix", "ari", "webrtc",
         "smallwebrtc"}  # fmt: skip
PROCESSOR_KEY = re.compile(r"^[A-Z][A-Za-z]+#\d+\|\|\|.+$")
TOKEN_COUNTS = {"prompt_tokens", "completion_tokens", "total_tokens", "cache_read_input_tokens",
                "cache_creation_input_tokens"}  # fmt: skip


def details_path(run: dict[str, Any]) -> str:
    return f"/dograh/api/v1/workflow/{run['workflow_id']}/runs/{run['id']}"


async def answered_voice_calls(client: Client, count: int = 40) -> list[dict[str, Any]]:
    """Details of generated voice runs that connected (those whose pipeline ran)."""
    found = []
    for item in await every_run(client):
        is_curated = 900_000 < item["id"] < 901_000  # fixtures/dograh.yaml
        if item["mode"] in VOICE and item["call_duration_seconds"] > 0 and not is_curated:
            found.append(await get_json(client, details_path(item)))
        if len(found) == count:
            break
    assert len(found) == count
    return found


async def test_usage_is_keyed_by_processor_and_model_with_the_five_token_counts(
    client: Client,
) -> None:
    for run in await answered_voice_calls(client):
        usage = run["usage_info"]
        assert usage["llm"] and all(PROCESSOR_KEY.match(key) for key in usage["llm"])
        assert all(set(tokens) == TOKEN_COUNTS for tokens in usage["llm"].values())
        assert all(PROCESSOR_KEY.match(key) for key in usage["tts"])
        assert all(type(spoken) is int for spoken in usage["tts"].values())
        assert usage["stt"] == {}  # the aggregator records no STT usage


async def test_voice_calls_store_whole_seconds_so_a_shown_duration_finds_its_run(
    client: Client,
) -> None:
    runs = await answered_voice_calls(client, count=20)
    assert all(type(run["usage_info"]["call_duration_seconds"]) is int for run in runs)
    shown = runs[0]["cost_info"]["call_duration_seconds"]
    at = {"attribute": "duration", "type": "numberRange", "value": {"min": shown, "max": shown}}
    assert runs[0]["id"] in {r["id"] for r in await filtered(client, at)}


async def test_every_pipeline_run_names_its_models(client: Client) -> None:
    for run in await answered_voice_calls(client, count=20):
        configuration = run["initial_context"]["runtime_configuration"]
        assert configuration.get("realtime_model") or configuration["llm_model"]
        assert configuration["llm_provider"]


async def test_a_filter_without_a_value_is_ignored(client: Client) -> None:
    everything = len(await every_run(client))
    for attribute, kind in (("runId", "number"), ("callerNumber", "text"),
                            ("duration", "numberRange"), ("callDirection", "radio")):  # fmt: skip
        assert len(await filtered(client, {"attribute": attribute, "type": kind})) == everything


async def vendor_500(client: Client, *items: dict[str, Any]) -> Any:
    return await get_json(client, USAGE, status=500, filters=json.dumps(list(items)))


async def test_a_null_text_value_is_the_vendors_strip_500(client: Client) -> None:
    for attribute in ("callerNumber", "calledNumber"):
        item = {"attribute": attribute, "type": "text", "value": {"value": None}}
        assert await vendor_500(client, item) == {
            "detail": "'NoneType' object has no attribute 'strip'"
        }


@pytest.mark.parametrize(("status", "kind"), [(["inbound"], "list"), ({"a": 1}, "dict")])
async def test_an_unhashable_radio_status_is_the_vendors_500(
    client: Client, status: Any, kind: str
) -> None:
    for attribute in ("callDirection", "callChannel"):
        item = {"attribute": attribute, "type": "radio", "value": {"status": status}}
        assert await vendor_500(client, item) == {"detail": f"unhashable type: '{kind}'"}


async def test_a_list_attribute_is_the_vendors_unhashable_500(client: Client) -> None:
    item = {"attribute": ["runId"], "type": "number", "value": {"value": 1}}
    assert await vendor_500(client, item) == {"detail": "unhashable type: 'list'"}


async def test_number_range_is_read_for_any_mapped_attribute(client: Client) -> None:
    item = {"attribute": "runId", "type": "numberRange", "value": 5}
    assert await vendor_500(client, item) == {"detail": "'int' object has no attribute 'get'"}
    harmless = {"attribute": "workflowId", "type": "numberRange", "value": {"min": 1}}
    assert len(await filtered(client, harmless)) == len(await every_run(client))


async def test_integer_values_go_through_the_int4_encoder(client: Client) -> None:
    def run_id(value: Any) -> dict[str, Any]:
        return {"attribute": "runId", "type": "number", "value": {"value": value}}

    assert {r["id"] for r in await filtered(client, run_id(900065.0))} == {900065}
    assert await filtered(client, run_id(True)) == []  # True is 1: no run has id 1
    assert await vendor_500(client, run_id(3_000_000_000)) == {
        "detail": "invalid input for query argument $1: 3000000000 (value out of int32 range)"
    }


async def test_a_nan_maximum_keeps_every_run_with_a_duration(client: Client) -> None:
    runs = await every_run(client)
    with_duration = {r["id"] for r in runs if r["id"] not in (900063, 900064)}
    text = '[{"attribute":"duration","type":"numberRange","value":{"max":NaN}}]'
    found = await get_json(client, USAGE, filters=text, limit=100)
    assert found["total_count"] == len(with_duration)


async def test_an_in_progress_run_shows_null_usage(client: Client) -> None:
    run = await get_json(client, "/dograh/api/v1/workflow/1208/runs/900063")
    assert run["is_completed"] is False and run["usage_info"] is None


async def test_details_name_the_transcript_link_before_the_recording(client: Client) -> None:
    response = await client.get(
        "/dograh/api/v1/workflow/1208/runs/900065",
        headers={"X-API-Key": "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7"},
    )
    names = list(json.loads(await response.text()))
    assert names.index("transcript_public_url") < names.index("recording_public_url")
    assert names.index("transcript_url") < names.index("recording_url")


async def test_a_created_public_token_is_a_uuid4(client: Client) -> None:
    run = await get_json(client, "/dograh/api/v1/workflow/1207/runs/900066")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
                        run["public_access_token"])  # fmt: skip
