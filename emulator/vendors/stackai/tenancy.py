"""StackAI organisations, their members, API keys and flows (projects) from tenants.yaml.

Formats follow the vendor's docs and public clients: organisation ids and API keys are UUIDs,
flow ids are 24-hex ObjectIds. A key is an organisation key or a member's personal key; runs
started with it show its id and name.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

KeyType = Literal["org_api_key", "personal_api_key"]
FlowType = Literal["workflow", "chat_assistant", "agent_assistant"]
OBJECT_ID = re.compile(r"[0-9a-f]{24}")
# Where a published interface lives (inferred from the vendor's share links).
INTERFACE_HOST = "https://www.stack-ai.com"


@dataclass(frozen=True, slots=True)
class User:
    id: str
    email: str

    @property
    def avatar_url(self) -> str:
        digest = hashlib.sha256(self.email.strip().lower().encode()).hexdigest()
        return f"https://www.gravatar.com/avatar/{digest}?d=identicon"


@dataclass(frozen=True, slots=True)
class ApiKey:
    key: str
    type: KeyType
    name: str
    id: str
    user: str | None


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    name: str
    type: FlowType
    owner: User
    public_ui: str | None
    calls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Organization:
    slug: str
    id: str
    name: str
    api_keys: tuple[ApiKey, ...]
    users: tuple[User, ...]
    flows: tuple[Flow, ...]

    @property
    def test_key(self) -> str:
        return next(k.key for k in self.api_keys if k.type == "org_api_key")

    def flow(self, flow_id: str) -> Flow | None:
        return next((f for f in self.flows if f.id == flow_id), None)

    def is_sub_flow(self, flow: Flow) -> bool:
        return any(flow.id in other.calls for other in self.flows)

    def public_ui_url(self, flow: Flow) -> str | None:
        if flow.public_ui is None:
            return None
        return f"{INTERFACE_HOST}/{flow.public_ui.replace('_', '-')}/{self.id}/{flow.id}"


def organizations(section: Mapping[str, Any] | None) -> Sequence[Organization]:
    if not section:
        raise ValueError("no `stackai` section")
    return tuple(_organization(entry) for entry in section["organizations"])


def _organization(entry: Mapping[str, Any]) -> Organization:
    users = tuple(User(_uuid(u["id"]), u["email"]) for u in entry.get("users", ()))
    by_id = {u.id: u for u in users}
    keys = tuple(_key(k, by_id) for k in entry["api_keys"])
    if not any(k.type == "org_api_key" for k in keys):
        raise ValueError(f"organization {entry['slug']!r} needs an org_api_key")
    flows = tuple(_flow(f, by_id) for f in entry["flows"])
    known = {f.id for f in flows}
    for flow in flows:
        if not set(flow.calls) <= known - {flow.id}:
            raise ValueError(f"flow {flow.id} calls a flow outside its organization")
    return Organization(entry["slug"], _uuid(entry["id"]), entry["name"], keys, users, flows)


def _key(entry: Mapping[str, Any], users: Mapping[str, User]) -> ApiKey:
    kind = entry.get("type", "org_api_key")
    if kind not in ("org_api_key", "personal_api_key"):
        raise ValueError(f"key type must be org_api_key or personal_api_key, not {kind!r}")
    user = entry.get("user")
    if user is not None and user not in users:
        raise ValueError(f"key {entry['name']!r} belongs to an unknown user {user}")
    return ApiKey(_uuid(entry["key"]), kind, entry["name"], _uuid(entry["id"]), user)


def _flow(entry: Mapping[str, Any], users: Mapping[str, User]) -> Flow:
    flow_id = str(entry["id"])
    if not OBJECT_ID.fullmatch(flow_id):
        raise ValueError(f"flow id {flow_id!r} is not 24 lowercase hex digits")
    if entry["owner"] not in users:
        raise ValueError(f"flow {flow_id} has an unknown owner {entry['owner']}")
    kind = entry.get("type", "workflow")
    if kind not in ("workflow", "chat_assistant", "agent_assistant"):
        raise ValueError(f"flow {flow_id} has an unknown type {kind!r}")
    calls = tuple(str(c) for c in entry.get("calls", ()))
    return Flow(flow_id, entry["name"], kind, users[entry["owner"]], entry.get("public_ui"), calls)


def _uuid(value: Any) -> str:
    text = str(value)
    if str(uuid.UUID(text)) != text:
        raise ValueError(f"{text!r} is not a lowercase UUID")
    return text
