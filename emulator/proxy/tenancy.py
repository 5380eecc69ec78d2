"""Which of the emulator's tenants an upstream organisation stands for.

The proxy cannot see an organisation, only the credentials a client sends with it (one key,
one organisation, at every vendor here). The first credential the upstream accepts (answers
with anything but 401) stands for the emulator's first tenant of that vendor in tenants.yaml
order, the second for the second, and so on, starting over past the last; a fixed client
script therefore maps the same way on every run. Credentials are kept as SHA-256 digests only.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from emulator.control.journal.book import is_secret
from emulator.vendor import Tenant

REFUSED = 401


class TenantMap:
    def __init__(self, tenants: Sequence[Tenant]) -> None:
        if not tenants:
            raise ValueError("a vendor without tenants cannot be compared")
        self._tenants = tuple(tenants)
        self._by_digest: dict[str, Tenant] = {}

    @property
    def first(self) -> Tenant:
        return self._tenants[0]

    def tenant_of(self, credentials: Sequence[str]) -> Tenant:
        """The tenant these credentials stand for, given one on first sight."""
        digest = _digest(credentials)
        if digest not in self._by_digest:
            self._by_digest[digest] = self._tenants[len(self._by_digest) % len(self._tenants)]
        return self._by_digest[digest]


def _digest(credentials: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(credentials).encode()).hexdigest()


def credentials_in(
    headers: Iterable[tuple[str, str]], query: Iterable[tuple[str, str]]
) -> list[str]:
    """The credentials a request carries: each value of a header or query parameter the journal
    masks, without its scheme (`Bearer `); cookies aside, which no vendor here reads."""
    found = [
        credential_part(value)
        for name, value in (*headers, *query)
        if is_secret(name) and name.lower() != "cookie" and value.strip()
    ]
    return [c for c in found if c]


def credential_part(value: str) -> str:
    return value.rpartition(" ")[2]


def known_values(tenant: Tenant) -> frozenset[str]:
    """Every id and name a tenant's definition holds (its workflows', flows', apps' ...)."""
    return frozenset(_scalars(tenant))


def _scalars(value: Any) -> Iterator[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _scalars(getattr(value, field.name))
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _scalars(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _scalars(item)
    elif isinstance(value, (str, int)) and not isinstance(value, bool):
        yield str(value)
