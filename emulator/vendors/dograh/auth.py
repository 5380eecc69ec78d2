"""Dograh's `get_user` dependency (api/services/auth/depends.py at 058c540c).

X-API-Key wins when non-empty; otherwise Authorization decides, worded by deployment (Stack Auth
on SaaS, local JWTs when self-hosted). No WWW-Authenticate header on any of these 401s. Keys are
the rows of emulator/vendors/dograh/keys.py, so a key archived, reactivated or created through
the API counts from the next request on; each use stamps the key's `last_used_at`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from emulator.errors import ApiError
from emulator.vendor import State
from emulator.vendors.dograh import keys
from emulator.vendors.dograh.keys import KeyRow
from emulator.vendors.dograh.tenancy import Organization


@dataclass(frozen=True, slots=True)
class Caller:
    """The organisation a request acts for, and the API key it came with (None for an access
    token)."""

    organization: Organization
    key: KeyRow | None

    @property
    def tenant(self) -> str:
        return self.organization.slug


def _unauthorized(detail: str) -> ApiError:
    return ApiError(401, "unauthorized", detail)


def authenticate(headers: Mapping[str, str], state: State, _route: Mapping[str, str]) -> Caller:
    organizations = [o for o in state.tenants.values() if isinstance(o, Organization)]
    api_key = headers.get("X-API-Key", "")
    if api_key:
        return _by_api_key(api_key, state)
    return _by_authorization(headers.get("Authorization"), organizations)


def _by_api_key(api_key: str, state: State) -> Caller:
    row = keys.usable(state, api_key, state.clock.now())
    organization = None if row is None else state.tenants.get(row.organization)
    if row is None or not isinstance(organization, Organization):
        raise _unauthorized("Invalid or expired API key")
    return Caller(organization, row)


def _by_authorization(value: str | None, organizations: list[Organization]) -> Caller:
    is_saas = not organizations or organizations[0].deployment == "saas"
    if not value:
        raise _unauthorized("Unauthorized" if is_saas else "Authorization header required")
    token = value.removeprefix("Bearer ")
    for organization in organizations:
        if token in organization.access_tokens:
            return Caller(organization, None)
    raise _unauthorized("Unauthorized" if is_saas else "Invalid or expired token")
