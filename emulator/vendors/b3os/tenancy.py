"""B3OS organisations, their API keys, CU accounts and workflows from tenants.yaml.

A key is bound to one organisation and scoped `read` or `read-write`; a revoked key is kept (the
vendor revokes without deleting) and refused like an unknown one. An organisation may set a
request rate limit (`rate_limit: {requests, seconds}`, off when absent: the vendor publishes
none) and its profile (`GET /v1/organizations`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Scope = Literal["read", "read-write"]
SCOPES: tuple[str, ...] = ("read", "read-write")
# Concrete trigger types of the B3OS trigger reference (docs.b3os.org/actions/triggers), plus
# `schedule`, the declarative family the triggers page lists beside `cronjob`.
TRIGGERS: tuple[str, ...] = (
    "manual", "schedule", "cronjob", "webhook", "evm-log", "erc20-receive", "erc20-send",
    "token-price-cexes", "slack-mentions", "gmail-new-email-received",
    "gmail-new-email-matching-search", "polymarket-market-close", "polymarket-market-trade",
    "polymarket-new-market", "polymarket-user-bet",
)  # fmt: skip
# Triggers fed by a push subscription rather than a poll or a call (the docs' "WebSocket").
STREAM_TRIGGERS = frozenset({"token-price-cexes", "polymarket-market-close",
                             "polymarket-market-trade", "polymarket-new-market"})  # fmt: skip
WORKFLOW_STATUSES = ("draft", "active", "paused", "archived")
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True, slots=True)
class ApiKey:
    key: str
    scope: Scope
    is_revoked: bool = False

    @property
    def can_write(self) -> bool:
        return self.scope == "read-write"


@dataclass(frozen=True, slots=True)
class Workflow:
    id: str
    name: str
    trigger: str
    status: str = "active"
    version: int = 1  # the version its runs ran (GET /v1/runs `workflowVersion`)

    @property
    def is_stream(self) -> bool:
        return self.trigger in STREAM_TRIGGERS


@dataclass(frozen=True, slots=True)
class CuAccount:
    """`balance` is the balance at the epoch (the end of the generated history); at another
    instant it differs by what the months' grants, resets, deposits and usage moved since
    (emulator/vendors/b3os/usage.py). `deposits`: month (`YYYY-MM`) -> CU deposited."""

    balance: float
    min_threshold: float
    monthly_grant: float = 0.0
    deposits: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Profile:
    """What `GET /v1/organizations` says of the organisation beyond its id and name.
    `created_at` None: the organisation was created when its generated history starts."""

    description: str = ""
    photo: str = ""
    created_by: str = ""
    created_at: str | None = None
    tier: str = "free"


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `requests` requests per window of `seconds` of the virtual clock."""

    requests: int
    seconds: int


@dataclass(frozen=True, slots=True)
class Organization:
    slug: str
    id: str
    name: str
    api_keys: tuple[ApiKey, ...]
    cu: CuAccount
    workflows: tuple[Workflow, ...]
    profile: Profile = field(default_factory=Profile)
    rate_limit: RateLimit | None = None

    @property
    def test_key(self) -> str:
        usable = [k for k in self.api_keys if not k.is_revoked]
        return next((k.key for k in usable if k.can_write), usable[0].key)

    def workflow(self, workflow_id: str) -> Workflow | None:
        return next((w for w in self.workflows if w.id == workflow_id), None)


def organizations(section: Mapping[str, Any] | None) -> Sequence[Organization]:
    if not section:
        raise ValueError("no `b3os` section")
    return tuple(_organization(entry) for entry in section["organizations"])


def _organization(entry: Mapping[str, Any]) -> Organization:
    keys = tuple(_key(k) for k in entry.get("api_keys", ()))
    if not any(not k.is_revoked for k in keys):
        raise ValueError(f"organization {entry['slug']!r} needs one usable API key")
    if not entry.get("workflows"):
        raise ValueError(f"organization {entry['slug']!r} needs a workflow for its runs")
    if not str(entry["id"]).startswith("org_"):
        raise ValueError(f"organization id {entry['id']!r} needs the org_ prefix")
    return Organization(
        slug=entry["slug"],
        id=str(entry["id"]),
        name=entry["name"],
        api_keys=keys,
        cu=_account(entry.get("cu") or {}),
        workflows=tuple(_workflow(w) for w in entry["workflows"]),
        profile=_profile(entry),
        rate_limit=_rate_limit(entry.get("rate_limit")),
    )


def _profile(entry: Mapping[str, Any]) -> Profile:
    created = entry.get("created_at")
    return Profile(
        description=str(entry.get("description", "")),
        photo=str(entry.get("photo", "")),
        created_by=str(entry.get("created_by", "")),
        created_at=None if created is None else str(created),
        tier=str(entry.get("tier", "free")),
    )


def _rate_limit(entry: Mapping[str, Any] | None) -> RateLimit | None:
    if not entry:
        return None
    requests, seconds = entry.get("requests"), entry.get("seconds")
    if not isinstance(requests, int) or not isinstance(seconds, int) or min(requests, seconds) < 1:
        raise ValueError("rate_limit needs whole numbers `requests` and `seconds`, both >= 1")
    return RateLimit(requests, seconds)


def _key(entry: Mapping[str, Any]) -> ApiKey:
    if entry.get("scope") not in SCOPES or not str(entry["key"]).startswith("b3sk_"):
        raise ValueError(f"API key {entry.get('key')!r}: needs the b3sk_ prefix and a scope")
    return ApiKey(entry["key"], entry["scope"], entry.get("status", "active") == "revoked")


def _workflow(entry: Mapping[str, Any]) -> Workflow:
    trigger, status = entry.get("trigger", "manual"), entry.get("status", "active")
    if trigger not in TRIGGERS or status not in WORKFLOW_STATUSES:
        raise ValueError(f"workflow {entry['id']!r}: unknown trigger or status")
    version = entry.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"workflow {entry['id']!r}: version must be a whole number >= 1")
    return Workflow(str(entry["id"]), str(entry["name"]), trigger, status, version)


def _account(entry: Mapping[str, Any]) -> CuAccount:
    deposits = {
        str(month): float(amount) for month, amount in (entry.get("deposits") or {}).items()
    }
    wrong = [month for month in deposits if not _MONTH.fullmatch(month)]
    if wrong:
        raise ValueError(f"cu.deposits: {wrong[0]!r} is not a month (YYYY-MM)")
    return CuAccount(
        balance=float(entry.get("balance", 0.0)),
        min_threshold=float(entry.get("min_threshold", 0.0)),
        monthly_grant=float(entry.get("monthly_grant", 0.0)),
        deposits=deposits,
    )
