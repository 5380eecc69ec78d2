"""One vendor's runs: per tenant, a generated timeline and an overlay (emulator/engine/), as of
the runtime's clock.

This is what the control plane and the vendors' handlers hold. Generated runs are made only
when something reads them; fixture, injected and client-started runs live in the overlay,
merged into the same order. The store knows each run's origin, how many ids it has minted for
injected runs since the last reset, and answers every question as of "now": a run that starts
later is in no list, no count and no lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from emulator.clock import Clock
from emulator.engine.page import merge_page
from emulator.engine.positions import Positions
from emulator.engine.tenant import Origin, Place, Placed, TenantRuns

__all__ = ["ORIGINS", "DuplicateRun", "Origin", "RunList", "Store", "micros"]

ORIGINS: tuple[Origin, ...] = ("generated", "fixture", "injected", "started")
_UNIX = datetime(1970, 1, 1, tzinfo=UTC)


def micros(instant: datetime) -> int:
    """Microseconds since the Unix epoch, exactly (no float rounding)."""
    return (instant - _UNIX) // timedelta(microseconds=1)


class DuplicateRun(ValueError):
    pass


class Store:
    def __init__(
        self,
        tenants: dict[str, TenantRuns],
        identity: Callable[[Any], Hashable],
        place: Callable[[Any], Place],
        clock: Clock,
    ) -> None:
        self._tenants = tenants
        self._identity = identity
        self._place = place
        self.clock = clock
        # Overlay runs' identities -> tenant, in the order they were added (across tenants).
        self._added: dict[Hashable, str] = {}
        # How many ids `RunModel.mint_id` was asked for since the store was built.
        self.minted = 0
        # Bumped by every write, so that an index a vendor derives knows when to rebuild.
        self.version = 0

    def copy(self, clock: Clock | None = None) -> Store:
        """The same generated runs (shared) with an overlay of its own: a reset or a fork
        costs the overlay, not a regeneration."""
        twin = Store({s: t.copy() for s, t in self._tenants.items()}, self._identity,
                     self._place, clock or self.clock)  # fmt: skip
        twin.minted = self.minted
        twin._added = dict(self._added)
        return twin

    @property
    def now_us(self) -> int:
        return micros(self.clock.now())

    def tenant(self, slug: str) -> TenantRuns:
        return self._tenants[slug]

    def tenants(self) -> tuple[str, ...]:
        return tuple(self._tenants)

    def runs(self, tenant: str, origin: Origin | None = None) -> RunList:
        """The tenant's runs as of now (of one origin, if given), newest first: a lazy
        sequence whose slices make only the page."""
        return RunList(self._tenants[tenant], self.now_us, origin)

    def count(self, tenant: str | None = None) -> int:
        slugs = self.tenants() if tenant is None else (tenant,)
        return sum(self._tenants[s].count(self.now_us) for s in slugs if s in self._tenants)

    def find(self, ident: Hashable) -> tuple[str, Any] | None:
        for slug, runs in self._tenants.items():
            run = runs.find(ident, self.now_us)
            if run is not None:
                return slug, run
        return None

    def origin(self, ident: Hashable) -> Origin | None:
        for runs in self._tenants.values():
            found = runs.origin(ident, self.now_us)
            if found is not None:
                return found
        return None

    def of_origin(self, origin: Origin, tenant: str | None = None) -> Iterator[tuple[str, Any]]:
        """(tenant, run) of one origin: generated runs newest first, the others in the order
        they were added."""
        if origin == "generated":
            for slug in self.tenants() if tenant is None else (tenant,):
                yield from ((slug, run) for run in self.runs(slug, "generated"))
            return
        for ident, slug in list(self._added.items()):
            entry = self._tenants[slug].by_ident.get(ident)
            if entry is not None and entry.origin == origin and tenant in (None, slug):
                yield slug, entry.run

    def load(self, tenant: str, runs: Iterable[Any], origin: Origin = "injected") -> None:
        """Add overlay runs; refuses, whole, a batch with any id already taken (a generated
        position's id is taken whether or not the clock has reached it)."""
        batch = list(runs)
        idents = [self._identity(r) for r in batch]
        clash = next((i for i in idents if self._is_taken(i)), None)
        if clash is not None or len(set(idents)) != len(idents):
            raise DuplicateRun(f"duplicate run id {clash!r}")
        self.version += 1
        target = self._tenants[tenant]
        for ident, run in zip(idents, batch, strict=True):
            target.add(Placed(self._place(run), ident, run, origin))
            self._added[ident] = tenant

    def _is_taken(self, ident: Hashable) -> bool:
        for runs in self._tenants.values():
            if ident in runs.by_ident:
                return True
            position = runs.generator.position_of(ident)
            if position is not None and position >= runs.cleared_below:
                return not runs.is_hidden(position)
        return False

    def replace(self, run: Any, origin: Origin | None = None) -> None:
        """Swap a run for its new version (same id). A changed generated run moves to the
        overlay, keeping its origin, so that every query sees the change."""
        self.version += 1
        ident = self._identity(run)
        for slug, runs in self._tenants.items():
            entry = runs.by_ident.get(ident)
            if entry is not None:
                runs.drop(ident)
                runs.add(Placed(self._place(run), ident, run, origin or entry.origin))
                return
            position = runs.position_of(ident, self.now_us)  # it exists now: no timeline past now
            if position is not None:
                runs.hide(position)
                runs.add(Placed(self._place(run), ident, run, origin or "generated"))
                self._added[ident] = slug
                return
        raise KeyError(ident)

    def remove(self, ident: Hashable) -> bool:
        self.version += 1
        for runs in self._tenants.values():
            if runs.drop(ident):
                self._added.pop(ident, None)
                return True
            position = runs.position_of(ident, self.now_us)
            if position is not None:
                runs.hide(position)
                return True
        return False

    def clear(self, tenant: str | None = None) -> int:
        """Delete every run that exists now (of one tenant, or all); how many there were."""
        self.version += 1
        slugs = self.tenants() if tenant is None else (tenant,)
        removed = sum(self._tenants[s].clear(self.now_us) for s in slugs)
        self._added = {i: s for i, s in self._added.items() if i in self._tenants[s].by_ident}
        return removed


class RunList(Sequence[Any]):
    """A tenant's runs as of one instant, newest first; slicing makes only the slice."""

    def __init__(self, runs: TenantRuns, now_us: int, origin: Origin | None = None) -> None:
        self._runs, self._now_us = runs, now_us
        placed = runs.added(now_us)
        self._placed = placed if origin is None else [p for p in placed if p.origin == origin]
        self._generated = (
            runs.generated(now_us) if origin in (None, "generated") else Positions.span(0, 0)
        )
        self._size = len(self._generated) + len(self._placed)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._size)
            if step != 1:
                raise ValueError("runs are sliced contiguously")
            return self._page(start, max(0, stop - start))
        if index < 0:
            index += self._size
        if not 0 <= index < self._size:
            raise IndexError(index)
        return self._page(index, 1)[0]

    def _page(self, offset: int, limit: int) -> list[Any]:
        sides = self._runs.newest_sides(self._now_us, self._generated, self._placed)
        return [self._runs.resolve(e) for e in merge_page(*sides, offset, limit)]

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, self._size, 500):
            yield from self._page(start, 500)
