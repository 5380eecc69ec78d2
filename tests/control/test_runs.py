"""Runs injection over HTTP: stored whole or not at all, then served like generated runs."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.runtime import Runtime
from tests.control.control_api import (
    ACME,
    GLOBEX,
    RUNS,
    Client,
    call,
    dograh_record,
    fields,
    inject,
    problem,
)
from tests.vendors.dograh_api import ACME as ACME_HEADERS
from tests.vendors.dograh_api import USAGE, get_json, usage

DETAIL = "/dograh/api/v1/workflow/1207/runs/{run}"


async def test_an_injected_run_is_served_by_every_endpoint(client: Client) -> None:
    before = await usage(client, limit=100)
    [stored] = await inject(client, dograh_record())
    assert stored["tenant"] == ACME and stored["id"] == 7_000_001
    after = await usage(client, limit=100)
    assert after["total_count"] == before["total_count"] + 1
    listed = next(r for r in after["runs"] if r["id"] == 7_000_001)
    assert (listed["call_duration_seconds"], listed["workflow_name"]) == (
        42,
        "Appointment Reminder",
    )
    assert after["runs"] == sorted(after["runs"], key=lambda r: r["created_at"], reverse=True)
    detail = await get_json(client, DETAIL.format(run=7_000_001))
    assert detail["cost_info"]["call_duration_seconds"] == 42


async def test_page_totals_include_an_injected_run(client: Client) -> None:
    await call(client, "DELETE", RUNS, tenant=ACME)
    short = dograh_record(id=7_000_002, usage_info={"call_duration_seconds": 18.0})
    await inject(client, dograh_record(), short)
    body = await usage(client)
    assert (body["total_count"], body["total_duration_seconds"]) == (2, 60)


async def test_one_run_may_be_given_alone(client: Client) -> None:
    run = dograh_record(workflow_id=2301)
    body = await call(client, "POST", RUNS, {"tenant": GLOBEX, "run": run}, expect=201)
    assert (body["count"], body["tenant"], body["runs"][0]["workflow_id"]) == (1, GLOBEX, 2301)


async def test_ids_are_minted_where_absent_and_never_clash(client: Client) -> None:
    record = dograh_record()
    del record["id"]
    first = await inject(client, record, record, dograh_record(id=5_000_001))
    ids = [run["id"] for run in first]
    assert ids[2] == 5_000_001 and len(set(ids)) == 3
    second = await inject(client, record)
    assert second[0]["id"] not in ids
    shown = await get_json(client, DETAIL.format(run=ids[0]))
    assert shown["id"] == ids[0]


async def test_minted_ids_repeat_after_a_reset(client: Client) -> None:
    record = {k: v for k, v in dograh_record().items() if k != "id"}
    first = await inject(client, record)
    await call(client, "POST", "/_emulator/reset")
    assert await inject(client, record) == first


async def test_a_taken_id_refuses_the_whole_batch(client: Client) -> None:
    count = (await call(client, "GET", RUNS, limit=0))["count"]
    response = await client.post(
        RUNS, json={"tenant": ACME, "runs": [dograh_record(id=7_000_009), dograh_record(id=900001)]}
    )
    body = await problem(response, 409)
    assert fields(body) == ["runs[1]"] and "900001" in body["errors"][0]["message"]
    assert (await call(client, "GET", RUNS, limit=0))["count"] == count


async def test_a_duplicate_inside_the_batch_is_refused(client: Client) -> None:
    response = await client.post(RUNS, json={"tenant": ACME, "runs": [dograh_record()] * 2})
    assert fields(await problem(response, 409)) == ["runs[1]"]


async def test_every_invalid_field_of_every_run_is_listed_and_nothing_stored(
    client: Client,
) -> None:
    count = (await call(client, "GET", RUNS, limit=0))["count"]
    runs = [
        dograh_record(id=7_000_003),
        dograh_record(id=7_000_004, workflow_id=9999),
        {"id": 7_000_005, "name": 3, "created_at": "yesterday", "colour": "red"},
    ]
    body = await problem(await client.post(RUNS, json={"tenant": ACME, "runs": runs}), 422)
    assert fields(body) == [
        "runs[1].workflow_id", "runs[2].workflow_id", "runs[2].colour", "runs[2].created_at",
        "runs[2].name",
    ]  # fmt: skip
    assert "workflow_id 9999" in body["errors"][0]["message"]
    assert (await call(client, "GET", RUNS, limit=0))["count"] == count


async def test_a_run_of_another_vendors_shape_is_named_as_such(client: Client) -> None:
    stackai = await call(client, "GET", "/_emulator/vendors/stackai/runs", limit=1)
    record = {k: v for k, v in stackai["runs"][0].items() if k != "tenant"}
    body = await problem(await client.post(RUNS, json={"tenant": ACME, "run": record}), 422)
    assert {"field": "run", "message": "this is a stackai run, not a dograh run"} in body["errors"]


async def test_listing_filters_by_tenant_and_origin_and_pages(client: Client) -> None:
    await inject(client, dograh_record(), dograh_record(id=7_000_002))
    everything = await call(client, "GET", RUNS)
    acme = await call(client, "GET", RUNS, tenant=ACME, limit=500)
    injected = await call(client, "GET", RUNS, origin="injected")
    assert everything["count"] > acme["count"] == len(acme["runs"])
    assert {r["tenant"] for r in acme["runs"]} == {ACME}
    assert [r["id"] for r in injected["runs"]] == [7_000_001, 7_000_002]
    page = await call(client, "GET", RUNS, tenant=ACME, limit=5, offset=5)
    assert page["runs"] == acme["runs"][5:10]


async def test_one_run_is_read_and_deleted_by_id(client: Client) -> None:
    await inject(client, dograh_record())
    assert (await call(client, "GET", f"{RUNS}/7000001"))["name"] == "WR-TEL-OUT-12345678"
    await call(client, "DELETE", f"{RUNS}/7000001", expect=204)
    await get_json(client, DETAIL.format(run=7_000_001), status=404)
    assert (await call(client, "GET", RUNS, origin="injected"))["count"] == 0
    body = await problem(await client.delete(f"{RUNS}/7000001"), 404)
    assert "7000001" in body["detail"]


async def test_deleting_a_tenants_runs_leaves_the_others(client: Client) -> None:
    globex = (await call(client, "GET", RUNS, tenant=GLOBEX, limit=0))["count"]
    acme = (await call(client, "GET", RUNS, tenant=ACME, limit=0))["count"]
    assert (await call(client, "DELETE", RUNS, tenant=ACME))["deleted"] == acme
    assert (await usage(client))["total_count"] == 0
    assert (await call(client, "GET", RUNS, tenant=GLOBEX, limit=0))["count"] == globex
    assert (await call(client, "DELETE", RUNS))["deleted"] > 0
    assert (await call(client, "GET", RUNS, limit=0))["count"] == 0


@pytest.mark.parametrize("vendor", ["b3os", "dograh", "dynamiq", "stackai"])
async def test_a_run_deleted_and_injected_back_is_stored_as_before(
    client: Client, runtime: Runtime, vendor: str
) -> None:
    if vendor not in runtime.states:
        pytest.skip(f"{vendor} is not served")
    path = f"/_emulator/vendors/{vendor}/runs"
    before = await call(client, "GET", path, limit=10_000)
    entry: dict[str, Any] = before["runs"][3]
    ident = runtime.state(vendor).vendor.runs.identity
    run_id = ident(runtime.state(vendor).store.runs(entry["tenant"])[_index(before, entry)])
    await call(client, "DELETE", f"{path}/{_text(run_id)}", expect=204)
    record = {k: v for k, v in entry.items() if k != "tenant"}
    await call(client, "POST", path, {"tenant": entry["tenant"], "run": record}, expect=201)
    assert await call(client, "GET", path, limit=10_000) == before


def _index(listing: dict[str, Any], entry: dict[str, Any]) -> int:
    same_tenant = [r for r in listing["runs"] if r["tenant"] == entry["tenant"]]
    return same_tenant.index(entry)


def _text(ident: Any) -> str:
    return "/".join(map(str, ident)) if isinstance(ident, tuple) else str(ident)


async def test_injected_runs_are_served_to_their_tenant_only(client: Client) -> None:
    await inject(client, dograh_record(workflow_id=2301), tenant=GLOBEX)
    await get_json(client, DETAIL.format(run=7_000_001), status=404)
    assert ACME_HEADERS and (await get_json(client, USAGE, limit=1))["runs"][0]["id"] != 7_000_001


# Per vendor: a date that is no instant and a mistyped field inside a nested object.
SPOILED: dict[str, tuple[dict[str, Any], list[str]]] = {
    "dograh": (
        {"created_at": "yesterday", "usage_info": {"call_duration_seconds": "long"}},
        ["created_at", "usage_info.call_duration_seconds"],
    ),
    "b3os": (
        {"started_at": "yesterday",
         "charges": [{"type": "trigger", "node_type": "x", "count": "1"}]},
        ["charges[0].count", "started_at"],
    ),
    "stackai": (
        {"date": "2026-02-30T00:00:00Z", "llm_usage": [{"provider": "OpenAI", "model_id": "m",
                                                         "tokens": "many"}]},
        ["date", "llm_usage[0].tokens"],
    ),
    "dynamiq": (
        {"created_at": "2026-02-30T00:00:00Z", "error": {"code": 3, "message": "m"}},
        ["created_at", "error.code"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("vendor", sorted(SPOILED))
async def test_a_refusal_names_every_bad_field_however_deep(client: Client, vendor: str) -> None:
    path = f"/_emulator/vendors/{vendor}/runs"
    entry = (await call(client, "GET", path, limit=1))["runs"][0]
    changes, named = SPOILED[vendor]
    record = {k: v for k, v in entry.items() if k != "tenant"} | changes
    body = {"tenant": entry["tenant"], "runs": [record]}
    refusal = await problem(await client.post(path, json=body), 422)
    assert fields(refusal) == [f"runs[0].{name}" for name in named]
