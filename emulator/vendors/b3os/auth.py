"""B3OS bearer keys (docs: api/authentication): `Authorization: Bearer b3sk_...`, one
organisation per key.

Order of checks: the key (401), then the organisation in the path (404: "not found or not
accessible with the current org context", docs), then, in the handler, the key's scope for
writes (403). The path org is checked before any query parameter, as an auth middleware on the
`/organizations/:orgId` group would, and the organisation's rate limit after it (429). `X-Org-ID`
is never needed nor trusted: the key names the organisation (the official MCP client never sends
the header, routes without an org in the path included).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from emulator.vendor import State
from emulator.vendors.b3os.dialect import failure
from emulator.vendors.b3os.ratelimit import admit
from emulator.vendors.b3os.tenancy import ApiKey, Organization

PREFIX = "Bearer "


@dataclass(frozen=True, slots=True)
class Principal:
    organization: Organization
    key: ApiKey

    @property
    def tenant(self) -> str:
        return self.organization.slug


def authenticate(headers: Mapping[str, str], state: State, route: Mapping[str, str]) -> Principal:
    principal = identify(headers.get("Authorization", ""), state)
    wanted = route.get("orgId")
    if wanted is not None and wanted != principal.organization.id:
        raise failure(404, ["organization not found"])
    admit(state, principal.organization)
    return principal


def identify(value: str, state: State) -> Principal:
    """The key's owner; the scheme is matched as Go's strings.HasPrefix does (case-sensitive)."""
    if not value.startswith(PREFIX):
        raise failure(401)
    token = value[len(PREFIX) :]
    for organization in state.tenants.values():
        if not isinstance(organization, Organization):
            continue
        for key in organization.api_keys:
            if key.key == token and not key.is_revoked:
                return Principal(organization, key)
    raise failure(401)


def require_write(principal: Principal) -> None:
    """A read key on a write route: valid credentials without permission (403, docs)."""
    if not principal.key.can_write:
        raise failure(403, ["API key scope 'read' does not allow this operation"])
