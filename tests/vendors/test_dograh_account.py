"""Dograh's account routes over HTTP: health, telephony configurations and API key management,
where a key archived or created through the API counts for every endpoint from the next
request on (api/routes/user.py, api/routes/organization.py, api/routes/main.py at 058c540c)."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.runtime import Runtime
from tests.vendors.dograh_api import (
    ACME,
    ACME_ARCHIVED_KEY,
    ACME_KEY,
    ACME_TOKEN,
    GLOBEX_KEY,
    INITECH_INACTIVE_KEY,
    USAGE,
    Client,
    get_json,
)

KEYS = "/dograh/api/v1/user/api-keys"
CONFIGS = "/dograh/api/v1/organizations/telephony-configs"
DENIED = {"detail": "Invalid or expired API key"}
ENDPOINTS = (USAGE, CONFIGS, KEYS, "/dograh/api/v1/workflow/fetch",
             "/dograh/api/v1/organizations/usage/current-period",
             "/dograh/api/v1/workflow/1207/runs")  # fmt: skip


async def send(client: Client, method: str, path: str, *, headers: dict[str, str] | None = None,
               json: Any = None, status: int = 200) -> Any:  # fmt: skip
    response = await client.request(method, path, headers=headers or ACME, json=json)
    assert response.status == status, await response.text()
    return await response.json()


async def test_health_needs_no_credentials(client: Client) -> None:
    body = await get_json(client, "/dograh/api/v1/health", headers={})
    assert (body["status"], body["version"], body["auth_provider"]) == ("ok", "1.45.0", "stack")
    assert body["backend_api_endpoint"] == str(client.make_url("/dograh"))


async def test_telephony_configurations_are_listed_oldest_first_without_credentials(
    client: Client,
) -> None:
    body = await get_json(client, CONFIGS)
    twilio, pbx = body["configurations"]
    assert (twilio["id"], twilio["connectivity"], twilio["phone_number_count"]) == (11, "api", 2)
    assert twilio["is_default_outbound"] and twilio["is_ready_for_outbound"]
    assert (pbx["provider"], pbx["connectivity"], pbx["is_ready_for_outbound"]) == (
        "ari",
        "sip",
        False,
    )
    assert pbx["outbound_blocked_reason"] == "Add a SIP trunk to place outbound calls."
    assert list(twilio) == ["id", "name", "provider", "connectivity", "is_default_outbound",
                            "inactive", "inactive_since", "inactive_reason", "phone_number_count",
                            "is_ready_for_outbound", "outbound_blocked_reason", "created_at",
                            "updated_at"]  # fmt: skip
    initech = await get_json(
        client, CONFIGS, headers={"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}
    )
    assert initech == {"configurations": []}


async def test_keys_are_the_organisations_with_archived_ones_on_request(client: Client) -> None:
    listed = await get_json(client, KEYS)
    assert [(k["id"], k["name"], k["key_prefix"], k["is_active"]) for k in listed] == [
        (41, "Production", "dgr_pTyG", True)
    ]
    # The request's own key is stamped as used, as the vendor's validate_api_key does.
    assert listed[0]["last_used_at"] == "2026-11-01T00:00:00Z"
    every = await get_json(client, KEYS, include_archived="TRUE")
    assert [(k["id"], k["archived_at"]) for k in every] == [
        (41, None),
        (42, "2026-06-30T12:00:00Z"),
    ]
    assert every[1]["last_used_at"] is None and every[1]["is_active"] is False
    inactive = await get_json(
        client, KEYS, headers={"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}
    )
    assert [(k["id"], k["is_active"], k["archived_at"]) for k in inactive][1] == (64, False, None)


async def test_include_archived_is_a_pydantic_boolean(client: Client) -> None:
    body = await get_json(client, KEYS, status=422, include_archived="maybe")
    assert body["detail"][0]["type"] == "bool_parsing"
    assert body["detail"][0]["loc"] == ["query", "include_archived"]


async def test_a_created_key_works_at_once_and_is_shown_once(client: Client) -> None:
    created = await send(client, "POST", KEYS, json={"name": "ci"})
    assert list(created) == ["id", "name", "key_prefix", "api_key", "created_at"]
    assert created["id"] == 65 and created["key_prefix"] == created["api_key"][:8]
    fresh = {"X-API-Key": created["api_key"]}
    assert await get_json(client, USAGE, headers=fresh, limit=1) == await get_json(
        client, USAGE, limit=1
    )
    listed = await get_json(client, KEYS, headers=fresh)
    assert "api_key" not in listed[-1] and listed[-1]["name"] == "ci"
    assert (await send(client, "POST", KEYS, json={"name": ""}))["id"] == 66  # no length check


async def test_created_keys_are_the_same_for_the_same_requests(
    client: Client, runtime: Runtime
) -> None:
    first = await send(client, "POST", KEYS, json={"name": "a"})
    runtime.reset(runtime.settings)
    again = await send(client, "POST", KEYS, json={"name": "a"})
    assert first == again
    assert (await get_json(client, USAGE, headers={"X-API-Key": first["api_key"]}))["runs"]


async def test_a_key_archived_is_refused_everywhere_from_the_next_request(client: Client) -> None:
    created = await send(client, "POST", KEYS, json={"name": "doomed"})
    doomed = {"X-API-Key": created["api_key"]}
    # A caller may archive the very key it uses.
    archived = await send(client, "DELETE", f"{KEYS}/{created['id']}", headers=doomed)
    assert archived == {"success": True, "message": "API key archived successfully"}
    for path in ENDPOINTS:
        assert await get_json(client, path, headers=doomed, status=401) == DENIED
    again = await send(client, "DELETE", f"{KEYS}/{created['id']}")  # archived again: still 200
    assert again["success"] is True
    back = await send(client, "PUT", f"{KEYS}/{created['id']}/reactivate")
    assert back == {"success": True, "message": "API key reactivated successfully"}
    assert (await get_json(client, USAGE, headers=doomed, limit=1))["runs"]


@pytest.mark.parametrize("key", [ACME_ARCHIVED_KEY, INITECH_INACTIVE_KEY])
async def test_reactivating_a_key_of_the_file_makes_it_work(client: Client, key: str) -> None:
    owner = (
        ACME
        if key == ACME_ARCHIVED_KEY
        else {"X-API-Key": "dgr_yN9zHYIa4UOrGNATMuDJawTgsu8PO-799nKSNrh9UCa"}
    )
    key_id = 42 if key == ACME_ARCHIVED_KEY else 64
    assert await get_json(client, USAGE, headers={"X-API-Key": key}, status=401) == DENIED
    await send(client, "PUT", f"{KEYS}/{key_id}/reactivate", headers=owner)
    assert (await get_json(client, USAGE, headers={"X-API-Key": key}, limit=1))["runs"]


async def test_another_organisations_key_is_not_found(client: Client) -> None:
    for method, path in (("DELETE", f"{KEYS}/57"), ("PUT", f"{KEYS}/57/reactivate"),
                         ("DELETE", f"{KEYS}/999")):  # fmt: skip
        assert await send(client, method, path, status=404) == {"detail": "API key not found"}
    assert (await get_json(client, USAGE, headers={"X-API-Key": GLOBEX_KEY}, limit=1))["runs"]


async def test_a_bad_create_body_is_fastapis_422(client: Client) -> None:
    missing = await send(client, "POST", KEYS, json={}, status=422)
    assert missing == {"detail": [{"type": "missing", "loc": ["body", "name"],
                                   "msg": "Field required", "input": {}}]}  # fmt: skip
    wrong = await send(client, "POST", KEYS, json={"name": 5}, status=422)
    assert wrong["detail"][0]["type"] == "string_type"
    response = await client.post(KEYS, data=b"", headers=ACME)
    assert (await response.json())["detail"][0] == {
        "type": "missing",
        "loc": ["body"],
        "msg": "Field required",
        "input": None,
    }


async def test_keys_need_credentials_and_tokens_manage_keys_too(client: Client) -> None:
    assert await send(client, "POST", KEYS, headers={"X-API-Key": "dgr_nope"}, json={"name": "x"},
                      status=401) == DENIED  # fmt: skip
    by_token = await get_json(client, KEYS, headers={"Authorization": f"Bearer {ACME_TOKEN}"})
    assert [k["id"] for k in by_token] == [41]
    assert by_token[0]["last_used_at"] is None  # no key was used
    assert ACME_KEY.startswith(by_token[0]["key_prefix"])
