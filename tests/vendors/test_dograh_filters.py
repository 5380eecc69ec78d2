"""Dograh's `filters` language over HTTP: allow-list, semantics, failures."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.vendors.dograh_api import ACME, USAGE, Client, every_run, filtered, get_json


def ids(runs: list[dict[str, Any]]) -> set[int]:
    return {r["id"] for r in runs}


async def test_filters_that_are_not_json_are_a_400(client: Client) -> None:
    body = await get_json(client, USAGE, status=400, filters="[{")
    assert body == {"detail": "Invalid filters format"}


@pytest.mark.parametrize(
    ("document", "detail"),
    [
        ({"a": 1}, "'str' object has no attribute 'get'"),
        (5, "'int' object is not iterable"),
        (2.5, "'float' object is not iterable"),
        (True, "'bool' object is not iterable"),
        ("abc", "'str' object has no attribute 'get'"),
        ([1], "'int' object has no attribute 'get'"),
        ([None], "'NoneType' object has no attribute 'get'"),
        (
            [{"attribute": "runId", "type": "number", "value": 5}],
            "'int' object has no attribute 'get'",
        ),
        (
            [{"attribute": "callerNumber", "type": "text", "value": {"value": 415}}],
            "'int' object has no attribute 'strip'",
        ),
        (
            [{"attribute": "runId", "type": "number", "value": {"value": "12"}}],
            "invalid input for query argument $1: '12' "
            "('str' object cannot be interpreted as an integer)",
        ),
        (
            [{"attribute": "dispositionCode", "type": "multiSelect", "value": {"codes": "XFER"}}],
            "IN expression list, SELECT construct, or bound parameter object expected, got 'XFER'.",
        ),
        (
            [{"attribute": "duration", "type": "numberRange", "value": {"min": "60"}}],
            "invalid input for query argument $1: '60' (must be real number, not str)",
        ),
    ],
)
async def test_wrongly_shaped_filters_are_the_vendors_500(
    client: Client, document: Any, detail: str
) -> None:
    body = await get_json(client, USAGE, status=500, filters=json.dumps(document))
    assert body == {"detail": detail}


async def test_a_nesting_bomb_is_the_vendors_unhandled_500(client: Client) -> None:
    response = await client.get(USAGE, params={"filters": "[" * 2500}, headers=ACME)
    assert response.status == 500
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert await response.text() == "Internal Server Error"


@pytest.mark.parametrize("falsy", ["[]", "{}", "null", "0", '""', "false", ""])
async def test_falsy_filters_filter_nothing(client: Client, falsy: str) -> None:
    everything = await get_json(client, USAGE, limit=5)
    assert await get_json(client, USAGE, limit=5, filters=falsy) == everything


@pytest.mark.parametrize(
    "ignored",
    [
        {"attribute": "status", "type": "multiSelect", "value": {"codes": ["completed"]}},
        {"attribute": "dateRange", "type": "dateRange", "value": {"from": "2030-01-01"}},
        {"attribute": "runId", "type": "text", "value": {"value": "1"}},  # wrong type
        {"attribute": "runId", "value": {"value": 1}},  # no type
        {"attribute": "runId", "type": "number", "value": {"value": None}},
        {"attribute": "callerNumber", "type": "text", "value": {"value": "   "}},
        {"attribute": "dispositionCode", "type": "multiSelect", "value": {"codes": []}},
        {"attribute": "duration", "type": "numberRange", "value": {}},
        {"attribute": "callDirection", "type": "radio", "value": {"status": "sideways"}},
        {"attribute": "callChannel", "type": "radio", "value": {"status": "carrier-pigeon"}},
    ],
)
async def test_unknown_or_empty_filters_are_ignored(
    client: Client, ignored: dict[str, Any]
) -> None:
    assert len(await filtered(client, ignored)) == len(await every_run(client))


async def test_number_filters_match_exactly(client: Client) -> None:
    by_run = await filtered(
        client, {"attribute": "runId", "type": "number", "value": {"value": 900065}}
    )
    assert ids(by_run) == {900065}
    campaign = await filtered(
        client, {"attribute": "campaignId", "type": "number", "value": {"value": 7}}
    )
    assert {900065, 900066} <= ids(campaign)
    curated = range(900_001, 901_000)  # fixtures/dograh.yaml names its runs freely
    assert all(r["name"].startswith("WR-CAMPAIGN-7-") or r["id"] in curated for r in campaign)
    workflow = await filtered(
        client, {"attribute": "workflowId", "type": "number", "value": {"value": 1215}}
    )
    assert workflow and {r["workflow_id"] for r in workflow} == {1215}


async def test_text_filters_are_case_sensitive_like_with_wildcards(client: Client) -> None:
    def caller(value: str) -> dict[str, Any]:
        return {"attribute": "callerNumber", "type": "text", "value": {"value": value}}

    assert ids(await filtered(client, caller("8190123"))) == {900065}
    assert ids(await filtered(client, caller("  8190123  "))) == {900065}  # stripped
    assert ids(await filtered(client, caller("8_9012%78"))) == {900065}  # LIKE wildcards
    everyone = await filtered(client, caller("+"))
    assert all(r["caller_number"] for r in everyone)
    assert len(everyone) < len(await every_run(client))


async def test_called_number_ignores_the_phone_number_fallback(client: Client) -> None:
    called = {"attribute": "calledNumber", "type": "text", "value": {"value": "5559911"}}
    assert 900066 not in ids(await filtered(client, called))
    served = await get_json(
        client,
        USAGE,
        filters=json.dumps([{"attribute": "runId", "type": "number", "value": {"value": 900066}}]),
    )
    assert served["runs"][0]["called_number"] == "+14155559911"


async def test_disposition_codes_match_exactly_and_case_sensitively(client: Client) -> None:
    def codes(*values: str) -> dict[str, Any]:
        return {
            "attribute": "dispositionCode",
            "type": "multiSelect",
            "value": {"codes": list(values)},
        }

    found = await filtered(client, codes("XFER", "DNC"))
    assert {900065, 900066} <= ids(found)
    assert {r["disposition"] for r in found} == {"XFER", "DNC"}
    assert await filtered(client, codes("xfer")) == []


async def test_duration_bounds_compare_the_raw_float(client: Client) -> None:
    at_least_60 = {"attribute": "duration", "type": "numberRange", "value": {"min": 60}}
    found = await filtered(client, at_least_60)
    assert 900060 not in ids(found)  # 59.6 s: shown as 60, but 59.6 < 60
    assert all(r["call_duration_seconds"] >= 60 for r in found)
    exact = {"attribute": "duration", "type": "numberRange", "value": {"min": 2.5, "max": 3.5}}
    assert {900061, 900062} <= ids(await filtered(client, exact))
    # Runs with no duration (in progress, or no usage_info) never satisfy a bound.
    assert not {900063, 900064} & ids(
        await filtered(
            client, {"attribute": "duration", "type": "numberRange", "value": {"max": 10**9}}
        )
    )


@pytest.mark.parametrize(
    ("status", "modes"),
    [
        (
            "telephony",
            {"ari", "plivo", "twilio", "vonage", "vobiz", "cloudonix", "telnyx", "stasis", "VOICE"},
        ),
        ("web", {"webrtc", "smallwebrtc"}),
        ("chat", {"textchat", "CHAT"}),
    ],
)
async def test_call_channel_groups_modes(client: Client, status: str, modes: set[str]) -> None:
    found = await filtered(
        client, {"attribute": "callChannel", "type": "radio", "value": {"status": status}}
    )
    assert {r["mode"] for r in found} == modes


@pytest.mark.parametrize("direction", ["inbound", "outbound"])
async def test_call_direction(client: Client, direction: str) -> None:
    found = await filtered(
        client, {"attribute": "callDirection", "type": "radio", "value": {"status": direction}}
    )
    assert found and {r["call_type"] for r in found} == {direction}


async def test_filters_are_anded_even_on_the_same_attribute(client: Client) -> None:
    def caller(value: str) -> dict[str, Any]:
        return {"attribute": "callerNumber", "type": "text", "value": {"value": value}}

    assert ids(await filtered(client, caller("+81"), caller("5678"))) == {900065}
    assert await filtered(client, caller("+81"), caller("+1")) == []
    inbound_xfer = await filtered(
        client,
        {"attribute": "callDirection", "type": "radio", "value": {"status": "inbound"}},
        {"attribute": "dispositionCode", "type": "multiSelect", "value": {"codes": ["XFER"]}},
    )
    assert inbound_xfer and all(r["call_type"] == "inbound" for r in inbound_xfer)
