"""Organisation API keys as the vendor keeps them (dograh-hq/dograh@058c540c:
api/db/api_key_client.py, api/utils/api_key.py): rows in vendor memory, seeded from
tenants.yaml on first use, so that a key created, archived or reactivated through the API is
what every endpoint's authentication sees from the next request on, until a reset.

A key authenticates while `is_active` and not archived; every use stamps `last_used_at`. A
created key is `dgr_` + `secrets.token_urlsafe(32)` (43 characters), its prefix the first 8
characters; here its random bytes are drawn from the seed and the number of keys created since
the last reset, so the same requests make the same keys.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from emulator.engine.mix import Draw, key_of
from emulator.vendor import State
from emulator.vendors.dograh.tenancy import Organization

BOOK = "api_keys"  # state.memory: the key rows, by id in creation order
PREFIX_LENGTH = 8


@dataclass(frozen=True, slots=True)
class KeyRow:
    id: int
    organization: str  # the slug
    name: str
    key: str
    is_active: bool
    created_at: datetime
    created_by: int
    last_used_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def prefix(self) -> str:
        return self.key[:PREFIX_LENGTH]

    @property
    def is_usable(self) -> bool:
        return self.is_active and self.archived_at is None


def rows(state: State) -> dict[int, KeyRow]:
    book: dict[int, KeyRow] | None = state.memory.get(BOOK)
    if book is None:
        book = state.memory[BOOK] = dict(_seeded(state))
    return book


def _seeded(state: State) -> list[tuple[int, KeyRow]]:
    # Keys a file does not date were made a month before the history starts, a day apart.
    first = state.settings.epoch - timedelta(days=90)
    found = []
    organizations = [o for o in state.tenants.values() if isinstance(o, Organization)]
    for organization in organizations:
        for n, key in enumerate(organization.api_keys):
            created = key.created_at or first + timedelta(days=n, hours=organization.id % 24)
            archived = key.archived_at or (created + timedelta(days=30))
            row = KeyRow(
                key.id,
                organization.slug,
                key.name,
                key.key,
                key.status == "active",
                created,
                organization.user_id,
                archived_at=archived if key.status == "archived" else None,
            )
            found.append((row.id, row))
    return found


def usable(state: State, raw_key: str, now: datetime) -> KeyRow | None:
    """The row a raw key authenticates as (its use stamped), or None."""
    book = rows(state)
    row = next((r for r in book.values() if r.key == raw_key and r.is_usable), None)
    if row is None or row.last_used_at == now:  # a frozen clock: stamped already
        return row
    book[row.id] = used = replace(row, last_used_at=now)
    return used


def of_organization(state: State, slug: str, include_archived: bool) -> list[KeyRow]:
    return [
        r
        for r in rows(state).values()
        if r.organization == slug and (include_archived or r.archived_at is None)
    ]


def create(state: State, organization: Organization, name: str, now: datetime) -> KeyRow:
    book = rows(state)
    made = state.memory.get("api_keys_made", 0)
    state.memory["api_keys_made"] = made + 1
    draw = Draw(key_of(state.settings.seed, "dograh", "api-key"), made)
    secret = b"".join(draw.bits().to_bytes(8, "big") for _ in range(4))
    raw = "dgr_" + base64.urlsafe_b64encode(secret).rstrip(b"=").decode()
    row = KeyRow(
        max(book, default=0) + 1, organization.slug, name, raw, True, now, organization.user_id
    )
    book[row.id] = row
    return row


def archive(state: State, key_id: int, now: datetime) -> None:
    book = rows(state)
    book[key_id] = replace(book[key_id], is_active=False, archived_at=now)


def reactivate(state: State, key_id: int) -> None:
    book = rows(state)
    book[key_id] = replace(book[key_id], is_active=True, archived_at=None)
