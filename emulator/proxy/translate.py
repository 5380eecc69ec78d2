"""The request the emulator is asked: the client's, in the emulator's terms.

- Credentials: the upstream accepted them, so the emulator gets the matching tenant's test key
  (tenancy.py), in the same header or parameter and with the same scheme; the upstream refused
  them (401), so it gets their seeded stand-in, a key of the same shape it refuses too.
- Values naming the upstream's things (in the path, the mount, the query): a value the
  tenant's definition already holds stays (the upstream is another emulator, or tenants.yaml
  mirrors the real organisation); a value learnt from the runs the upstream served becomes
  what the emulator stores for it (harvest.py fills `learnt`: a workflow id fitted to one of
  the tenant's, a token's stand-in); an organisation id (a path variable named `orgId`,
  `org_id`, `organization_id`...) becomes the tenant's id, a mount variable (Dynamiq's app)
  the tenant's own (`mount_values`). Anything else is sent as it came.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

from emulator.control.journal.book import is_secret
from emulator.proxy.route import Routed
from emulator.proxy.standins import StandIns
from emulator.proxy.tenancy import credential_part, known_values
from emulator.proxy.upstream import forwarded
from emulator.vendor import Tenant, Vendor

# The key sent for a credential (the tenant's test key, or the credential's stand-in).
KeyFor = Callable[[str], str]
ORGANISATION = re.compile(r"(?:org|organi[sz]ation|tenant)_?id", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Asked:
    """The emulator's request: its path from the emulator's root, query and headers."""

    path: str
    query: str
    headers: list[tuple[str, str]]


@dataclass(slots=True)
class Translator:
    vendor: Vendor
    standins: StandIns
    # Upstream value -> the emulator's, learnt from the runs the upstream served.
    learnt: dict[str, str]

    def asked(self, request: Request, tenant: Tenant, is_accepted: bool) -> Asked:
        def key(credential: str) -> str:
            return tenant.test_key if is_accepted else self.standins.credential(credential)

        headers = [
            (name, _with_key(value, key) if _carries_key(name) else value)
            for name, value in forwarded(request.headers)
        ]
        return Asked(self._path(request, tenant), self._query(request, key), headers)

    def _path(self, request: Request, tenant: Tenant) -> str:
        root = f"/{self.vendor.name}"
        routed, mount = request.routed, dict(request.mount)
        if routed is None:
            filled = {k: self.value(k, v, tenant) for k, v in mount.items()}
            prefix = self.vendor.mount.format_map(filled) if filled else ""
            return root + prefix + request.raw_path
        values = {**mount, **routed.variables}
        filled = {k: quote(self.value(k, v, tenant), safe="") for k, v in values.items()}
        return root + (self.vendor.mount + routed.spec_path).format_map(filled)

    def _query(self, request: Request, key: KeyFor) -> str:
        pairs = parse_qsl(request.query_string, keep_blank_values=True)
        changed = [
            (name, _with_key(value, key) if _carries_key(name) else self.learnt.get(value, value))
            for name, value in pairs
        ]
        return request.query_string if changed == pairs else urlencode(changed, quote_via=quote)

    def value(self, name: str, value: str, tenant: Tenant) -> str:
        if value in known_values(tenant):
            return value
        if value in self.learnt:
            return self.learnt[value]
        mount_values: Mapping[str, str] = getattr(tenant, "mount_values", {})
        if name in mount_values:
            return mount_values[name]
        if ORGANISATION.fullmatch(name) and hasattr(tenant, "id"):
            return str(tenant.id)
        return value


@dataclass(frozen=True, slots=True)
class Request:
    """What the translation reads of a client's request."""

    raw_path: str
    query_string: str
    headers: Iterable[tuple[str, str]]
    routed: Routed | None
    # The mount's variables as the upstream base URL fills them.
    mount: Mapping[str, str]


def _carries_key(name: str) -> bool:
    return is_secret(name) and name.lower() != "cookie"


def _with_key(value: str, key: KeyFor) -> str:
    scheme, space, credential = value.rpartition(" ")
    if not credential_part(value):
        return value
    return f"{scheme}{space}{key(credential)}"
