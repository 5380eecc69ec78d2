"""StackAI's bearer authentication: FastAPI's OAuth2PasswordBearer, then an API-key lookup.

The docs' examples send `Authorization: Bearer <API key>`; a missing header or another
scheme is FastAPI's own 401 `Not authenticated` with `WWW-Authenticate: Bearer`. The scheme
word is case-insensitive and the key is everything after the first space, unstripped
(fastapi.security.utils.get_authorization_scheme_param). The wording for an unknown key is not
documented: the emulator answers as FastAPI's security tutorial does (docs/fidelity.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from emulator.errors import ApiError
from emulator.vendor import State
from emulator.vendors.stackai.tenancy import ApiKey, Organization

CHALLENGE = (("WWW-Authenticate", "Bearer"),)
NOT_AUTHENTICATED = "Not authenticated"
BAD_KEY = "Could not validate credentials"


@dataclass(frozen=True, slots=True)
class Caller:
    organization: Organization
    key: ApiKey

    @property
    def tenant(self) -> str:
        return self.organization.slug


def authenticate(headers: Mapping[str, str], state: State, _route: Mapping[str, str]) -> Caller:
    value = headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    if not value or scheme.lower() != "bearer":
        raise ApiError(401, "unauthorized", NOT_AUTHENTICATED, headers=CHALLENGE)
    for organization in state.tenants.values():
        if not isinstance(organization, Organization):
            continue
        for key in organization.api_keys:
            if key.key == token:
                return Caller(organization, key)
    raise ApiError(401, "unauthorized", BAD_KEY, headers=CHALLENGE)
