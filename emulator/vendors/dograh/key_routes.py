"""API key management (api/routes/user.py at dograh-hq/dograh@058c540c): list, create, archive
and reactivate the caller's organisation's keys, over the rows of keys.py.

The list has no ORDER BY (rows come back in insertion order: by id here) and leaves archived
keys out unless `include_archived`; creating answers 200 with the raw key, the only time it is
shown; archiving and reactivating look the id up among all the organisation's keys (404
otherwise) and succeed again on a key already in that state.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from emulator.errors import ApiError
from emulator.vendor import Call, Reply
from emulator.vendors.dograh import body, keys
from emulator.vendors.dograh.auth import Caller
from emulator.vendors.dograh.keys import KeyRow

CREATE = body.Model("CreateAPIKeyRequest", (body.Field("name", "str", is_required=True),))


def get_api_keys(call: Call) -> Reply:
    caller: Caller = call.principal
    found = keys.of_organization(call.state, caller.tenant, call.params["include_archived"])
    return Reply([_listed(row) for row in found])


def create_api_key(call: Call) -> Reply:
    caller: Caller = call.principal
    name = body.parse(CREATE, call.body, call.headers.get("Content-Type"))["name"]
    row = keys.create(call.state, caller.organization, name, call.state.clock.now())
    return Reply(
        {
            "id": row.id,
            "name": row.name,
            "key_prefix": row.prefix,
            "api_key": row.key,
            "created_at": _zulu(row.created_at),
        }
    )


def archive_api_key(call: Call) -> Reply:
    key_id = _owned(call)
    keys.archive(call.state, key_id, call.state.clock.now())
    return Reply({"success": True, "message": "API key archived successfully"})


def reactivate_api_key(call: Call) -> Reply:
    keys.reactivate(call.state, _owned(call))
    return Reply({"success": True, "message": "API key reactivated successfully"})


def _owned(call: Call) -> int:
    caller: Caller = call.principal
    key_id: int = call.params["api_key_id"]
    if not any(r.id == key_id for r in keys.of_organization(call.state, caller.tenant, True)):
        raise ApiError(404, "not_found", "API key not found")
    return key_id


def _listed(row: KeyRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "key_prefix": row.prefix,
        "is_active": row.is_active,
        "created_at": _zulu(row.created_at),
        "last_used_at": None if row.last_used_at is None else _zulu(row.last_used_at),
        "archived_at": None if row.archived_at is None else _zulu(row.archived_at),
    }


def _zulu(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat().replace("+00:00", "Z")
