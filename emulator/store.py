"""In-memory run store of one vendor: per tenant, kept in the vendor's default order.

Reads are plain sequence access so a query engine can slice a page without copying the
tenant's runs; writes (injection, lazily created tokens) keep the order and the id index.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Generic, TypeVar

Run = TypeVar("Run")


class DuplicateRun(ValueError):
    pass


class Store(Generic[Run]):
    def __init__(self, identity: Callable[[Run], Hashable], order: Callable[[Run], Any]) -> None:
        self._identity = identity
        self._order = order
        self._runs: dict[str, list[Run]] = {}
        self._owner: dict[Hashable, str] = {}
        self._by_id: dict[Hashable, Run] = {}
        # Bumped by every write, so that an index a vendor derives from the runs (per flow,
        # per app) knows when to rebuild.
        self.version = 0

    def copy(self) -> Store[Run]:
        """An independent store over the same (immutable) runs: a reset costs no regeneration."""
        twin: Store[Run] = Store(self._identity, self._order)
        twin._runs = {tenant: list(runs) for tenant, runs in self._runs.items()}
        twin._owner = dict(self._owner)
        twin._by_id = dict(self._by_id)
        return twin

    def runs(self, tenant: str) -> Sequence[Run]:
        return self._runs.get(tenant, [])

    def tenants(self) -> tuple[str, ...]:
        return tuple(self._runs)

    def count(self, tenant: str | None = None) -> int:
        if tenant is not None:
            return len(self._runs.get(tenant, ()))
        return len(self._owner)

    def find(self, ident: Hashable) -> tuple[str, Run] | None:
        tenant = self._owner.get(ident)
        if tenant is None:
            return None
        return tenant, self._by_id[ident]

    def load(self, tenant: str, runs: Iterable[Run]) -> None:
        """Add many runs at once (start-up, injection); refuses any id already stored."""
        self.version += 1
        batch = list(runs)
        idents = [self._identity(r) for r in batch]
        clash = next((i for i in idents if i in self._owner), None)
        if clash is not None or len(set(idents)) != len(idents):
            raise DuplicateRun(f"duplicate run id {clash!r}")
        bucket = self._runs.setdefault(tenant, [])
        bucket.extend(batch)
        bucket.sort(key=self._order)
        self._owner.update(dict.fromkeys(idents, tenant))
        self._by_id.update(zip(idents, batch, strict=True))

    def replace(self, run: Run) -> None:
        """Swap a stored run for its new version (same id, same place in the order)."""
        self.version += 1
        ident = self._identity(run)
        bucket, stored = self._runs[self._owner[ident]], self._by_id[ident]
        # Bisect to the stored run's place (the bucket is sorted), then step over equal keys.
        index = bisect.bisect_left(bucket, self._order(stored), key=self._order)
        while bucket[index] is not stored:
            index += 1
        bucket[index] = run
        self._by_id[ident] = run

    def remove(self, ident: Hashable) -> bool:
        self.version += 1
        tenant = self._owner.pop(ident, None)
        if tenant is None:
            return False
        del self._by_id[ident]
        bucket = self._runs[tenant]
        bucket[:] = [r for r in bucket if self._identity(r) != ident]
        return True

    def clear(self, tenant: str | None = None) -> int:
        """Remove every run (of one tenant, or all); how many there were."""
        self.version += 1
        tenants = list(self._runs) if tenant is None else [tenant]
        removed = 0
        for slug in tenants:
            for run in self._runs.pop(slug, []):
                ident = self._identity(run)
                del self._owner[ident], self._by_id[ident]
                removed += 1
        return removed

    def insert_sorted(self, tenant: str, run: Run) -> None:
        self.version += 1
        ident = self._identity(run)
        if ident in self._owner:
            raise DuplicateRun(f"duplicate run id {ident!r}")
        bisect.insort(self._runs.setdefault(tenant, []), run, key=self._order)
        self._owner[ident] = tenant
        self._by_id[ident] = run
