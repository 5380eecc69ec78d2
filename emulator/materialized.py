"""TRANSITIONAL: the run store of a vendor not yet on the engine (emulator/engine/): every run
materialised at start-up, per tenant in the vendor's default order. Removed once every vendor
builds its runs on demand; the engine's `emulator.store.Store` has the same surface.

Reads are plain sequence access so a query engine can slice a page without copying the
tenant's runs; writes (injection, lazily created tokens) keep the order and the id index.
The store also knows where each run came from (generated, a fixture file, injected by a test)
and how many ids it has minted for injected runs since the last reset, so that the state
export, `?origin=`, deletion and reset all read one record of it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from typing import Any, Generic, TypeVar

from emulator.clock import Clock
from emulator.store import ORIGINS, DuplicateRun, Origin

Run = TypeVar("Run")
__all__ = ["ORIGINS", "DuplicateRun", "MaterializedStore"]
# Below this many runs a batch is placed run by run (bisection); above, appended and sorted.
_INSORT_BATCH = 64


class MaterializedStore(Generic[Run]):
    def __init__(
        self, identity: Callable[[Run], Hashable], order: Callable[[Run], Any], clock: Clock
    ) -> None:
        self.clock = clock
        self._identity = identity
        self._order = order
        self._runs: dict[str, list[Run]] = {}
        self._owner: dict[Hashable, str] = {}
        self._by_id: dict[Hashable, Run] = {}
        # Per origin but generated, the identities in the order they were added (dicts as
        # ordered sets); a generated run is any stored run in neither.
        self._added: dict[Origin, dict[Hashable, None]] = {
            "fixture": {},
            "injected": {},
            "started": {},
        }
        # How many ids `RunModel.mint_id` was asked for since the store was built.
        self.minted = 0
        # Bumped by every write, so that an index a vendor derives from the runs (per flow,
        # per app) knows when to rebuild.
        self.version = 0

    def copy(self, clock: Clock | None = None) -> MaterializedStore[Run]:
        """An independent store over the same (immutable) runs: a reset costs no regeneration."""
        twin: MaterializedStore[Run] = MaterializedStore(
            self._identity, self._order, clock or self.clock
        )
        twin._runs = {tenant: list(runs) for tenant, runs in self._runs.items()}
        twin._owner = dict(self._owner)
        twin._by_id = dict(self._by_id)
        twin._added = {origin: dict(idents) for origin, idents in self._added.items()}
        twin.minted = self.minted
        return twin

    def runs(self, tenant: str, origin: Origin | None = None) -> Sequence[Run]:
        runs = self._runs.get(tenant, [])
        if origin is None:
            return runs
        return [run for run in runs if self.origin_of(run) == origin]

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

    def origin(self, ident: Hashable) -> Origin | None:
        if ident not in self._owner:
            return None
        return next((o for o, idents in self._added.items() if ident in idents), "generated")

    def of_origin(self, origin: Origin, tenant: str | None = None) -> Iterator[tuple[str, Run]]:
        """(tenant, run) pairs of one origin: generated ones in store order, the others in the
        order they were added."""
        if origin == "generated":
            for slug in self.tenants() if tenant is None else (tenant,):
                yield from ((slug, r) for r in self.runs(slug) if self.origin_of(r) == origin)
            return
        for ident in list(self._added[origin]):
            found = self.find(ident)
            if found is not None and tenant in (None, found[0]):
                yield found

    def origin_of(self, run: Run) -> Origin | None:
        return self.origin(self._identity(run))

    def load(self, tenant: str, runs: Iterable[Run], origin: Origin = "injected") -> None:
        """Add many runs at once (start-up, injection); refuses any id already stored."""
        self.version += 1
        batch = list(runs)
        idents = [self._identity(r) for r in batch]
        clash = next((i for i in idents if i in self._owner), None)
        if clash is not None or len(set(idents)) != len(idents):
            raise DuplicateRun(f"duplicate run id {clash!r}")
        bucket = self._runs.setdefault(tenant, [])
        if len(batch) < _INSORT_BATCH:
            for run in batch:
                bisect.insort(bucket, run, key=self._order)
        else:
            bucket.extend(batch)
            bucket.sort(key=self._order)
        self._owner.update(dict.fromkeys(idents, tenant))
        self._by_id.update(zip(idents, batch, strict=True))
        if origin != "generated":
            self._added[origin].update(dict.fromkeys(idents))

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
        stored = self._by_id.pop(ident)
        bucket = self._runs[tenant]
        index = bisect.bisect_left(bucket, self._order(stored), key=self._order)
        while bucket[index] is not stored:
            index += 1
        del bucket[index]
        for idents in self._added.values():
            idents.pop(ident, None)
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
                for idents in self._added.values():
                    idents.pop(ident, None)
                removed += 1
        return removed
