"""The management API's `GET /v1/apps/{app_id}` (docs: getApp), on a base URL of its own (the
vendor's `https://api.getdynamiq.ai`; here the vendor's base without the per-app mount), so a
client that looks an app up before calling it (the `dynamiq` CLI's `app` commands) ends at the
emulator's app.

Credentials come first, as on any management route: a Bearer access key of the organisation or
of one project, or a personal access token (scoped to the management API, so welcome here;
docs: call-your-app); anything else is a 401. An app that is unknown, deleted or outside the
key's scope is a 404 (docs: api-reference overview).

The vendor's `hostname` is bare (`<app>.apps.<region>.getdynamiq.ai`); the emulator answers its
app's base URL with the scheme, as the CLI takes a hostname that starts with `http` as it is
(and prepends `https://` to any other), so the lookup leads to this emulator (inferred).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError
from emulator.vendor import Call, Reply, State
from emulator.vendors.dynamiq.auth import bearer_token, not_found
from emulator.vendors.dynamiq.generator import HISTORY
from emulator.vendors.dynamiq.model import stamp
from emulator.vendors.dynamiq.tenancy import AccessKey, App, Organization

# Where each app's Runs API is mounted under the vendor's base.
APP_MOUNT = "/apps/{app_id}"


@dataclass(frozen=True, slots=True)
class Manager:
    organization: Organization
    # None for a personal access token: its user sees the organisation's projects (inferred).
    key: AccessKey | None

    @property
    def tenant(self) -> str:
        return self.organization.slug

    def reaches(self, app: App) -> bool:
        return self.key is None or self.key.reaches(app)


def authenticate(headers: Mapping[str, str], state: State, _route: Mapping[str, str]) -> Manager:
    token = bearer_token(headers.get("Authorization", ""))
    for organization in state.tenants.values():
        if not token or not isinstance(organization, Organization):
            continue
        if token in organization.personal_access_tokens:
            return Manager(organization, None)
        key = next((k for k in organization.access_keys if k.key == token), None)
        if key is not None:
            return Manager(organization, key)
    raise ApiError(401, "unauthorized", "Unauthorized")


def app_reply(call: Call) -> Reply:
    manager: Manager = call.principal
    app = manager.organization.app(str(call.params["app_id"]).lower())
    if app is None or app.is_deleted or not manager.reaches(app):
        raise not_found()
    return Reply({"data": app_json(call, app)})


def app_json(call: Call, app: App) -> dict[str, Any]:
    """The app as getApp shows it; its workflow, runtime and authors are ids drawn from the
    app's own, and it was created when its run history begins."""
    created = stamp(call.state.settings.epoch - HISTORY)
    return {
        "id": app.id,
        "name": app.name,
        "project_id": app.project_id,
        "hostname": call.base_url + APP_MOUNT.format(app_id=app.id),
        "runtime_id": _drawn("runtime", app),
        "workflow_id": _drawn("workflow", app),
        "workflow_version_id": _drawn("workflow version", app),
        "access_control": {"access_type": "public" if app.is_public else "private"},
        "created_at": created,
        "created_by": _drawn("author", app),
        "updated_at": created,
        "updated_by": _drawn("author", app),
    }


def _drawn(field: str, app: App) -> str:
    digest = hashlib.sha256(f"dynamiq:app:{field}:{app.id}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))
