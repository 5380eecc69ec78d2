"""Who may read an app's runs: the app's hostname first, then its Access Key (docs: run-api).

Order of checks (inferred): an unknown or deleted app is a 404 before any credential is read,
as its hostname routes to no app; then `Authorization: Bearer <access key>`, unless the app is
public. A personal access token is refused with 403 even when valid; a key of another
organisation, or of another project of the same one, is a 403; anything else is a 401.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError
from emulator.vendor import State
from emulator.vendors.dynamiq.tenancy import AccessKey, App, Organization, find_app


def not_found() -> ApiError:
    return ApiError(404, "not_found", "Not Found")


@dataclass(frozen=True, slots=True)
class Principal:
    organization: Organization
    app: App
    # None when a public app is read without a key.
    key: AccessKey | None

    @property
    def tenant(self) -> str:
        return self.organization.slug


def authenticate(headers: Mapping[str, str], state: State, route: Mapping[str, str]) -> Principal:
    found = find_app(state.tenants, route.get("app_id", ""))
    if found is None:
        raise not_found()
    organization, app = found
    # Go's Header.Get: an empty header is no header.
    header = headers.get("Authorization", "")
    if app.is_public and not (header and organization.behaviour.is_key_checked_on_public_apps):
        return Principal(organization, app, None)
    key = _access_key(bearer_token(header), state.tenants.values())
    if key is None:
        raise ApiError(401, "unauthorized", "Unauthorized")
    owner, access_key = key
    if owner.id != organization.id or not access_key.reaches(app):
        raise ApiError(403, "forbidden", "Forbidden")
    return Principal(organization, app, access_key)


def bearer_token(header: str) -> str:
    """The credential of `Bearer <token>`; the scheme is case-insensitive (RFC 7235)."""
    scheme, _, token = header.partition(" ")
    return token if scheme.lower() == "bearer" else ""


def _access_key(token: str, tenants: Any) -> tuple[Organization, AccessKey] | None:
    if not token:
        return None
    for organization in tenants:
        if not isinstance(organization, Organization):
            continue
        if token in organization.personal_access_tokens:
            # docs/call-your-app: personal tokens are refused on app hostnames, even valid ones.
            raise ApiError(403, "forbidden", "Forbidden")
        for key in organization.access_keys:
            if key.key == token:
                return organization, key
    return None
