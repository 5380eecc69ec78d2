"""Dograh organisations, their agents (workflows), campaigns and credentials from tenants.yaml."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Deployment = Literal["saas", "local"]


@dataclass(frozen=True, slots=True)
class Workflow:
    id: int
    name: str | None


@dataclass(frozen=True, slots=True)
class ApiKey:
    key: str
    status: Literal["active", "archived", "inactive"]

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
    keys = tuple(ApiKey(k["key"], k.get("status", "active")) for k in entry.get("api_keys", ()))
    if not any(k.is_usable for k in keys):
        raise ValueError(f"organization {entry['slug']!r} needs one active API key")
    return Organization(
        slug=entry["slug"],
        id=int(entry["id"]),
        name=entry["name"],
        api_keys=keys,
        access_tokens=tuple(entry.get("access_tokens", ())),
        workflows=tuple(Workflow(int(w["id"]), w.get("name")) for w in entry["workflows"]),
        campaigns=tuple(int(c) for c in entry.get("campaigns", ())),
        deployment=deployment,
    )
