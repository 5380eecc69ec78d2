"""Dograh's usage list over HTTP: auth, validation, dates, order, pages, totals."""

from __future__ import annotations

import math
import re

import pytest

from emulator.vendors.dograh.generator import FIRST_ID
from tests.vendors.dograh_api import (
    ACME,
    ACME_ARCHIVED_KEY,
    ACME_KEY,
    ACME_TOKEN,
    GLOBEX_KEY,
    INITECH_INACTIVE_KEY,
    USAGE,
    Client,
    every_run,
    get_json,
    usage,
)


async def test_first_page_is_newest_first_with_page_totals(client: Client) -> None:
    body = await usage(client, limit=10)
    stamps = [(r["created_at"], r["id"]) for r in body["runs"]]
    assert len(stamps) == 10
    assert stamps == sorted(stamps, reverse=True)
    assert body["total_duration_seconds"] == sum(r["call_duration_seconds"] for r in body["runs"])
    assert body["total_dograh_tokens"] == 0.0
    assert (body["page"], body["limit"]) == (1, 10)
    assert body["total_pages"] == math.ceil(body["total_count"] / 10)


async def test_defaults_are_page_1_and_limit_50(client: Client) -> None:
    body = await usage(client)
    assert (body["page"], body["limit"], len(body["runs"])) == (1, 50, 50)


# --- authentication ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Unauthorized"),
        ({"Authorization": "Bearer not-a-token"}, "Unauthorized"),
        ({"Authorization": ""}, "Unauthorized"),
        ({"X-API-Key": "dgr_unknown"}, "Invalid or expired API key"),
        ({"X-API-Key": ACME_ARCHIVED_KEY}, "Invalid or expired API key"),
        ({"X-API-Key": INITECH_INACTIVE_KEY}, "Invalid or expired API key"),
        # X-API-Key wins over a perfectly good Authorization header.
        ({"X-API-Key": "dgr_unknown", "Authorization": ACME_TOKEN}, "Invalid or expired API key"),
    ],
)
async def test_refused_credentials(client: Client, headers: dict[str, str], detail: str) -> None:
    response = await client.get(USAGE, params={"page": "0"}, headers=headers)
    assert response.status == 401
    assert await response.json() == {"detail": detail}
    assert "WWW-Authenticate" not in response.headers


@pytest.mark.parametrize(
    "headers",
    [
        {"X-API-Key": ACME_KEY},
        {"Authorization": f"Bearer {ACME_TOKEN}"},
        {"Authorization": ACME_TOKEN},
        {"X-API-Key": "", "Authorization": ACME_TOKEN},
    ],
)
async def test_accepted_credentials_all_see_the_same_org(
    client: Client, headers: dict[str, str]
) -> None:
    body = await get_json(client, USAGE, headers=headers, limit=5)
    assert body == await usage(client, limit=5)


async def test_each_key_sees_its_own_organization_only(client: Client) -> None:
    acme = {r["id"] for r in await every_run(client)}
    globex_runs = await get_json(client, USAGE, headers={"X-API-Key": GLOBEX_KEY}, limit=100)
    globex = {r["id"] for r in globex_runs["runs"]}
    assert acme.isdisjoint(globex)
    assert 900100 in globex and 900100 not in acme
    workflows = {r["workflow_id"] for r in globex_runs["runs"]}
    assert workflows <= {2301, 2302}


# --- query validation: FastAPI + pydantic v2 bodies, verbatim -----------------------------------


def entry(
    name: str, kind: str, msg: str, raw: str, ctx: dict[str, object] | None = None
) -> dict[str, object]:
    found: dict[str, object] = {"type": kind, "loc": ["query", name], "msg": msg, "input": raw}
    if ctx is not None:
        found["ctx"] = ctx
    return found


NOT_INT = "Input should be a valid integer, unable to parse string as an integer"


@pytest.mark.parametrize(
    ("query", "entries"),
    [
        ({"page": "0"}, [entry("page", "greater_than_equal", "Input should be greater than or equal to 1", "0", {"ge": 1})]),  # noqa: E501
        ({"page": "abc"}, [entry("page", "int_parsing", NOT_INT, "abc")]),
        ({"page": ""}, [entry("page", "int_parsing", NOT_INT, "")]),
        ({"page": "1.5"}, [entry("page", "int_parsing", NOT_INT, "1.5")]),
        ({"limit": "101"}, [entry("limit", "less_than_equal", "Input should be less than or equal to 100", "101", {"le": 100})]),  # noqa: E501
        ({"sort_order": "foo"}, [entry("sort_order", "string_pattern_mismatch", "String should match pattern '^(asc|desc)$'", "foo", {"pattern": "^(asc|desc)$"})]),  # noqa: E501
        ({"sort_order": "asc\n"}, [entry("sort_order", "string_pattern_mismatch", "String should match pattern '^(asc|desc)$'", "asc\n", {"pattern": "^(asc|desc)$"})]),  # noqa: E501
        ({"sort_order": "ASC"}, [entry("sort_order", "string_pattern_mismatch", "String should match pattern '^(asc|desc)$'", "ASC", {"pattern": "^(asc|desc)$"})]),  # noqa: E501
        # Declaration order, whatever the order in the URL.
        ({"limit": "0", "page": "0"}, [
            entry("page", "greater_than_equal", "Input should be greater than or equal to 1", "0", {"ge": 1}),  # noqa: E501
            entry("limit", "greater_than_equal", "Input should be greater than or equal to 1", "0", {"ge": 1}),  # noqa: E501
        ]),
    ],
)  # fmt: skip
async def test_invalid_query_is_a_pydantic_422(
    client: Client, query: dict[str, str], entries: list[dict[str, object]]
) -> None:
    response = await client.get(USAGE, params=query, headers=ACME)
    assert response.status == 422
    assert await response.json() == {"detail": entries}


async def test_lenient_integers_like_pydantic(client: Client) -> None:
    assert (await usage(client, page=" 2 ", limit="3.0"))["page"] == 2
    assert (await usage(client, limit="1_0"))["limit"] == 10


async def test_a_repeated_scalar_takes_the_last_value(client: Client) -> None:
    response = await client.get(f"{USAGE}?page=2&page=3&limit=5", headers=ACME)
    body = await response.json()
    assert (body["page"], body["limit"]) == (3, 5)


async def test_a_huge_page_is_valid_and_empty(client: Client) -> None:
    body = await usage(client, page=10**30)
    assert body["runs"] == [] and body["page"] == 10**30


# --- dates ---------------------------------------------------------------------------------------


async def test_date_bounds_are_inclusive(client: Client) -> None:
    stamp = "2026-10-20T13:00:00Z"  # fixture run 900030
    body = await usage(client, start_date=stamp, end_date=stamp)
    assert [r["id"] for r in body["runs"]] == [900030]
    assert body["runs"][0]["created_at"] == "2026-10-20T13:00:00+00:00"


async def test_a_date_only_end_means_its_midnight(client: Client) -> None:
    ids = {r["id"] for r in await every_run(client, start_date="2026-10-20", end_date="2026-10-20")}
    assert 900030 not in ids  # 13:00 on that day is after 00:00
    ids = {r["id"] for r in await every_run(client, start_date="2026-10-20", end_date="2026-10-21")}
    assert 900030 in ids


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-10-20T18:30:00+05:30", "2026-10-20T18:30:00+05:30"),
        ("2026-10-20T13:00:00", "2026-10-20T13:00:00.000"),
        ("2026-10-20T13:00:00.000Z", "2026-10-20T13:00:00+00:00"),
    ],
)
async def test_offsets_and_naive_stamps(client: Client, start: str, end: str) -> None:
    assert [r["id"] for r in (await usage(client, start_date=start, end_date=end))["runs"]] == [
        900030
    ]


async def test_empty_dates_are_absent(client: Client) -> None:
    assert await usage(client, start_date="", end_date="") == await usage(client)


@pytest.mark.parametrize("bad", ["notadate", "2026-13-01", "01/02/2026", "2026-10-20T25:00"])
async def test_a_malformed_date_is_the_vendors_unhandled_500(client: Client, bad: str) -> None:
    response = await client.get(USAGE, params={"start_date": bad, "filters": "[{"}, headers=ACME)
    assert response.status == 500
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert await response.text() == "Internal Server Error"


# --- order, pages and totals ---------------------------------------------------------------------


async def test_walking_every_page_sees_each_run_once_in_order(client: Client) -> None:
    runs = await every_run(client)
    keys = [(r["created_at"], r["id"]) for r in runs]
    assert len({r["id"] for r in runs}) == len(runs) == (await usage(client))["total_count"]
    assert keys == sorted(keys, reverse=True)


async def test_ascending_created_at_keeps_id_descending_on_ties(client: Client) -> None:
    ascending = await every_run(client, sort_order="asc", sort_by="created_at")
    assert [r["id"] for r in ascending] == [r["id"] for r in reversed(await every_run(client))]


async def test_sort_by_duration_uses_the_raw_float_with_nulls_last(client: Client) -> None:
    runs = await every_run(client, sort_by="duration")
    shown = [r["call_duration_seconds"] for r in runs]
    assert shown[:-2] == sorted(shown[:-2], reverse=True)
    # The in-progress run and the run without usage_info have a NULL duration: last.
    assert {r["id"] for r in runs[-2:]} == {900063, 900064}
    ascending = await every_run(client, sort_by="duration", sort_order="asc")
    assert {r["id"] for r in ascending[-2:]} == {900063, 900064}
    assert [r["call_duration_seconds"] for r in ascending[:-2]] == sorted(shown[:-2])


async def test_unknown_sort_by_means_created_at(client: Client) -> None:
    assert await usage(client, sort_by="name", limit=20) == await usage(client, limit=20)


async def test_a_page_past_the_end_is_an_empty_200(client: Client) -> None:
    first = await usage(client, limit=100)
    past = await usage(client, limit=100, page=first["total_pages"] + 1)
    assert past["runs"] == [] and past["total_duration_seconds"] == 0
    assert (past["total_count"], past["total_pages"]) == (
        first["total_count"],
        first["total_pages"],
    )


async def test_no_match_means_zero_pages(client: Client) -> None:
    body = await usage(client, start_date="2030-01-01")
    assert (body["total_count"], body["total_pages"], body["runs"]) == (0, 0, [])


async def test_totals_cover_the_page_and_round_half_to_even(client: Client) -> None:
    stamps = {"start_date": "2026-08-15T10:00:00Z", "end_date": "2026-08-15T10:10:00Z"}
    body = await usage(client, **stamps)
    shown = {r["id"]: r["call_duration_seconds"] for r in body["runs"]}
    assert shown == {900060: 60, 900061: 2, 900062: 4}
    assert body["total_duration_seconds"] == 66
    assert (await usage(client, **stamps, limit=1))["total_duration_seconds"] == 4


# --- the run items -------------------------------------------------------------------------------

PLUS_ZERO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00$")
NAME = re.compile(
    r"^(WR-TEL-(OUT|IN)-\d{8}|WR-(API|TEST)-\d{4}|WR-CAMPAIGN-\d+-\d+|WR-AGS-\d{8}"
    r"|ARI Inbound \+\d+|.+ test call)$"
)


async def test_every_generated_item_is_shaped_like_the_vendors(client: Client) -> None:
    for run in await every_run(client):
        assert PLUS_ZERO.match(run["created_at"])
        assert run["dograh_token_usage"] == 0.0
        if run["id"] >= FIRST_ID:  # generated (curated fixtures hold odd names on purpose)
            assert NAME.match(run["name"]), run["name"]
        for number in (run["caller_number"], run["called_number"]):
            assert number is None or re.fullmatch(r"\+\d{8,15}", number)
        if run["recording_url"]:
            assert run["recording_url"] == f"recordings/{run['id']}.wav"
            assert run["call_duration_seconds"] > 0


async def test_numbers_fall_back_as_the_vendor_derives_them(client: Client) -> None:
    runs = {
        r["id"]: r for r in await every_run(client, start_date="2026-07-05", end_date="2026-10-31")
    }
    inbound, outbound = runs[900065], runs[900066]
    assert inbound["phone_number"] == inbound["caller_number"] == "+819012345678"
    assert (outbound["caller_number"], outbound["called_number"]) == (None, "+14155559911")
    assert outbound["phone_number"] == "+14155559911"


async def test_public_urls_follow_the_token(client: Client) -> None:
    run = (await usage(client, start_date="2026-07-05T08:00:00Z", end_date="2026-07-05T08:00:00Z"))[
        "runs"
    ][0]
    root = (
        f"{client.make_url('/dograh')}/api/v1/public/download/workflow/{run['public_access_token']}"
    )
    assert run["recording_public_url"] == f"{root}/recording"
    assert run["user_recording_public_url"] == f"{root}/user_recording"
    assert run["bot_recording_public_url"] == f"{root}/bot_recording"
    assert run["transcript_public_url"] == f"{root}/transcript"


async def test_zero_microseconds_are_omitted_and_floats_keep_their_point(client: Client) -> None:
    response = await client.get(
        USAGE,
        params={"start_date": "2026-10-20T13:00:00Z", "end_date": "2026-10-20T13:00:00Z"},
        headers=ACME,
    )
    text = await response.text()
    assert '"created_at":"2026-10-20T13:00:00+00:00"' in text
    assert '"dograh_token_usage":0.0' in text and '"total_dograh_tokens":0.0' in text
