"""Dynamiq organisations, their projects, apps and credentials from tenants.yaml (docs:
authentication).

An app belongs to a project of an organisation and has its own hostname. Access keys are
scoped to the organisation or to one project; personal access tokens are listed only so that
they can be told apart from unknown strings (app hostnames refuse them with a 403).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Scope = Literal["organization", "project"]
# Payload families of the generated runs (emulator/vendors/dynamiq/payload.py).
KINDS = ("support", "returns", "order_status", "catalog", "research")


@dataclass(frozen=True, slots=True)
class Behaviour:
    """The inferred choices a user may switch in tenants.yaml (`dynamiq.behaviour`)."""

    # Undocumented: presumably `status=started`/`paused` leave out runs shown as awaiting_input.
    is_awaiting_in_underlying_status: bool = False
    # Public apps need no key; one that is sent anyway is still checked (stricter, inferred).
    is_key_checked_on_public_apps: bool = True


@dataclass(frozen=True, slots=True)
class App:
    id: str
    name: str
    project_id: str
    is_public: bool
    is_deleted: bool
    kind: str


@dataclass(frozen=True, slots=True)
class AccessKey:
    key: str
    scope: Scope
    project_id: str | None

    def reaches(self, app: App) -> bool:
        return self.scope == "organization" or self.project_id == app.project_id


@dataclass(frozen=True, slots=True)
class Organization:
    slug: str
    id: str
    name: str
    apps: tuple[App, ...]
    access_keys: tuple[AccessKey, ...]
    personal_access_tokens: tuple[str, ...]
    behaviour: Behaviour

    @property
    def test_key(self) -> str:
        return next(k.key for k in self.access_keys if k.scope == "organization")

    @property
    def mount_values(self) -> dict[str, str]:
        """What fills the vendor's mount for an example base URL: the first live app, private
        ones first (so that a key is needed there)."""
        apps = sorted(self.live_apps, key=lambda a: a.is_public)
        return {"app_id": apps[0].id}

    @property
    def live_apps(self) -> tuple[App, ...]:
        return tuple(a for a in self.apps if not a.is_deleted)

    def app(self, app_id: str) -> App | None:
        return next((a for a in self.apps if a.id == app_id), None)


def organizations(section: Mapping[str, Any] | None) -> Sequence[Organization]:
    if not section:
        raise ValueError("no `dynamiq` section")
    behaviour = _behaviour(section.get("behaviour") or {})
    found = tuple(_organization(entry, behaviour) for entry in section["organizations"])
    app_ids = [a.id for o in found for a in o.apps]
    if len(set(app_ids)) != len(app_ids):
        raise ValueError("an app id is listed twice")
    return found


def _behaviour(entry: Mapping[str, Any]) -> Behaviour:
    return Behaviour(
        is_awaiting_in_underlying_status=bool(entry.get("started_matches_awaiting_input", False)),
        is_key_checked_on_public_apps=bool(entry.get("public_apps_check_sent_keys", True)),
    )


def _organization(entry: Mapping[str, Any], behaviour: Behaviour) -> Organization:
    apps = tuple(
        _app(app, str(project["id"]), position)
        for project in entry["projects"]
        for position, app in enumerate(project["apps"])
    )
    keys = tuple(_key(k) for k in entry.get("access_keys", ()))
    if not any(k.scope == "organization" for k in keys):
        raise ValueError(f"organization {entry['slug']!r} needs one organization access key")
    if not any(not a.is_deleted for a in apps):
        raise ValueError(f"organization {entry['slug']!r} needs one app that is not deleted")
    return Organization(
        slug=entry["slug"],
        id=str(entry["id"]),
        name=entry["name"],
        apps=apps,
        access_keys=keys,
        personal_access_tokens=tuple(entry.get("personal_access_tokens", ())),
        behaviour=behaviour,
    )


def _app(entry: Mapping[str, Any], project_id: str, position: int) -> App:
    kind = entry.get("kind", KINDS[position % len(KINDS)])
    if kind not in KINDS:
        raise ValueError(f"app {entry['id']}: kind must be one of {KINDS}, not {kind!r}")
    return App(
        id=str(entry["id"]).lower(),
        name=entry["name"],
        project_id=project_id,
        is_public=bool(entry.get("public", False)),
        is_deleted=bool(entry.get("deleted", False)),
        kind=kind,
    )


def _key(entry: Mapping[str, Any]) -> AccessKey:
    scope = entry.get("scope", "organization")
    if scope not in ("organization", "project"):
        raise ValueError(f"access key scope must be organization or project, not {scope!r}")
    project = entry.get("project")
    if scope == "project" and not project:
        raise ValueError("a project access key needs `project`")
    return AccessKey(entry["key"], scope, None if project is None else str(project))


def find_app(tenants: Mapping[str, Any], app_id: str) -> tuple[Organization, App] | None:
    """The live app behind a hostname's first label (DNS is case-insensitive)."""
    wanted = app_id.lower()
    for organization in tenants.values():
        if isinstance(organization, Organization):
            app = organization.app(wanted)
            if app is not None and not app.is_deleted:
                return organization, app
    return None
