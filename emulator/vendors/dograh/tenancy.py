"""Dograh organisations from tenants.yaml: their agents (workflows), campaigns, credentials,
telephony configurations and the settings the vendor keeps per organisation (pricing, the
preferences' timezone and test number, the concurrent-call limit).

Rows mirror the vendor's tables at dograh-hq/dograh@058c540c (api/db/models.py): a workflow's
name is NOT NULL, its status `active` or `archived`; an API key has an id, a name, its
`created_at` and, once archived, `archived_at`. What a file leaves out is derived: ids and
names from the entry's place, instants from the emulator's epoch (emulator/vendors/dograh/
agents.py), so that older files stay valid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from emulator.vendors.dograh.telephony import TelephonyConfig, telephony_configs

Deployment = Literal["saas", "local"]
DEFAULT_CONCURRENT_CALLS = 10  # DEFAULT_ORG_CONCURRENCY_LIMIT (api/constants.py)


@dataclass(frozen=True, slots=True)
class Trigger:
    """An API Trigger node of the workflow's published definition (agent_triggers)."""

    path: str
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class Workflow:
    id: int
    name: str
    status: Literal["active", "archived"] = "active"
    created_at: datetime | None = None
    workflow_uuid: str | None = None
    folder_id: int | None = None
    triggers: tuple[Trigger, ...] = ()


@dataclass(frozen=True, slots=True)
class ApiKey:
    key: str
    status: Literal["active", "archived", "inactive"]
    id: int = 0
    name: str = ""
    created_at: datetime | None = None
    archived_at: datetime | None = None

    @property
    def is_usable(self) -> bool:
        return self.status == "active"


@dataclass(frozen=True, slots=True)
class Organization:
    slug: str
    id: int
    name: str
    api_keys: tuple[ApiKey, ...]
    access_tokens: tuple[str, ...]
    workflows: tuple[Workflow, ...]
    campaigns: tuple[int, ...]
    deployment: Deployment
    # The user who owns the organisation's agents and creates its keys (workflows.user_id).
    user_id: int = 0
    telephony: tuple[TelephonyConfig, ...] = ()
    # organizations.price_per_second_usd: None is an organisation without pricing.
    price_per_second_usd: float | None = None
    timezone: str = "UTC"
    test_phone_number: str | None = None
    concurrent_call_limit: int = DEFAULT_CONCURRENT_CALLS

    @property
    def test_key(self) -> str:
        return next(k.key for k in self.api_keys if k.is_usable)

    def workflow(self, workflow_id: int) -> Workflow | None:
        return next((w for w in self.workflows if w.id == workflow_id), None)


def organizations(section: Mapping[str, Any] | None) -> Sequence[Organization]:
    if not section:
        raise ValueError("no `dograh` section")
    deployment = section.get("deployment", "saas")
    if deployment not in ("saas", "local"):
        raise ValueError(f"deployment must be saas or local, not {deployment!r}")
    return tuple(_organization(entry, deployment) for entry in section["organizations"])


def _organization(entry: Mapping[str, Any], deployment: Deployment) -> Organization:
    org_id = int(entry["id"])
    keys = tuple(_key(k, org_id, n) for n, k in enumerate(entry.get("api_keys", ())))
    if not any(k.is_usable for k in keys):
        raise ValueError(f"organization {entry['slug']!r} needs one active API key")
    limit = int(entry.get("concurrent_call_limit", DEFAULT_CONCURRENT_CALLS))
    price = entry.get("price_per_second_usd")
    return Organization(
        slug=entry["slug"],
        id=org_id,
        name=entry["name"],
        api_keys=keys,
        access_tokens=tuple(entry.get("access_tokens", ())),
        workflows=tuple(_workflow(w) for w in entry["workflows"]),
        campaigns=tuple(int(c) for c in entry.get("campaigns", ())),
        deployment=deployment,
        user_id=int(entry.get("user_id", org_id * 10)),
        telephony=telephony_configs(entry.get("telephony_configs", ())),
        price_per_second_usd=None if price is None else float(price),
        timezone=str(entry.get("timezone", "UTC")),
        test_phone_number=entry.get("test_phone_number"),
        concurrent_call_limit=max(1, limit),  # the vendor's minimum is 1
    )


def _workflow(entry: Mapping[str, Any]) -> Workflow:
    if not entry.get("name"):
        raise ValueError(f"workflow {entry['id']} needs a name (workflows.name is NOT NULL)")
    status = entry.get("status", "active")
    if status not in ("active", "archived"):
        raise ValueError(f"workflow {entry['id']}: status must be active or archived")
    triggers = tuple(
        Trigger(str(t["path"]), t.get("state", "active") == "active")
        for t in entry.get("triggers", ())
    )
    return Workflow(
        int(entry["id"]),
        str(entry["name"]),
        status,
        _instant(entry, "created_at"),
        entry.get("workflow_uuid"),
        entry.get("folder_id"),
        triggers,
    )


def _key(entry: Mapping[str, Any], org_id: int, n: int) -> ApiKey:
    status = entry.get("status", "active")
    if status not in ("active", "archived", "inactive"):
        raise ValueError(f"API key {n + 1}: status must be active, archived or inactive")
    return ApiKey(
        entry["key"],
        status,
        int(entry.get("id", org_id * 100 + n + 1)),
        str(entry.get("name", f"Key {n + 1}")),
        _instant(entry, "created_at"),
        _instant(entry, "archived_at"),
    )


def _instant(entry: Mapping[str, Any], name: str) -> datetime | None:
    value = entry.get(name)
    if value is None or isinstance(value, datetime):
        return value
    stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
