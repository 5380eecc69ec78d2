"""What a vendor folder hands the core, and how the core finds vendor folders.

A vendor is `emulator/vendors/<name>/__init__.py` exporting `VENDOR`. The core discovers them
with pkgutil; there is no list to edit when a fifth vendor arrives.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import ModuleType
from typing import Any, Protocol, TypeVar

from emulator.clock import Clock
from emulator.engine.timeline import Generator
from emulator.errors import EmulatorError
from emulator.flaws import Inferred
from emulator.fragments import FragmentCache
from emulator.params import RepeatPolicy
from emulator.recall import Recall
from emulator.scalar import Coercer
from emulator.settings import Settings
from emulator.spec import Operation, Spec
from emulator.store import Store


class Tenant(Protocol):
    """The part of a vendor's tenant the core shows (health, start-up banner, control plane)."""

    @property
    def slug(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def test_key(self) -> str: ...


class Principal(Protocol):
    """Whom a request's credentials name, as the vendor's `authenticate` found it. `tenant` is
    the slug of the tenant it acts for: the journal and tenant-matched faults read it, so a
    vendor whose principal has none does not type-check."""

    @property
    def tenant(self) -> str: ...


class State(Protocol):
    """What a vendor's code reads and writes of its part of the running emulator
    (emulator/runtime.py keeps it; a reset replaces it)."""

    @property
    def tenants(self) -> Mapping[str, Tenant]: ...
    @property
    def store(self) -> Store: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def settings(self) -> Settings: ...
    # Writable vendor state beside the runs (a changed threshold, say); cleared by a reset.
    @property
    def memory(self) -> dict[str, Any]: ...
    @property
    def fragments(self) -> FragmentCache: ...
    @property
    def recall(self) -> Recall: ...
    @property
    def edits(self) -> int: ...
    def edited(self) -> None:
        """Say that `memory` changed in a way a recalled read shows."""


@dataclass(frozen=True, slots=True)
class Reply:
    """A handler's answer. `body` is JSON-able, or bytes when `content_type` is not JSON."""

    body: Any = None
    status: int = 200
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Call:
    """One request, already authenticated and parsed, as a handler sees it."""

    operation: Operation
    params: Mapping[str, Any]
    # The vendor's own principal type (None on operations that need no credentials).
    principal: Any
    state: State
    base_url: str
    route: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    # The request's number since the last reset (1, 2, ...): responses that carry a per-request
    # value (B3OS request ids) derive it from this, so the same requests give the same bytes.
    number: int = 0
    # The request as the params came from it (path within the vendor, query as given): equal
    # keys, equal params, so a recalled read is keyed by it (`recalled`).
    request_key: Hashable = None


T = TypeVar("T")


def recalled(call: Call, make: Callable[[], T]) -> T:
    """`make()` for this read, or what it gave for an equal one since the data and the clock
    last moved (emulator/recall.py). Only for what depends on nothing but the request, the
    principal's tenant, the tenants, the store, the clock and `memory` edits the vendor
    reports."""
    state = call.state
    # Tenants are replaced, never changed in place: their identities say whether one was.
    tenants = tuple(map(id, state.tenants.values()))
    validity = (state.store.version, state.edits, state.clock.now(), tenants)
    tenant = getattr(call.principal, "tenant", None)
    key = (call.operation.operation_id, tenant, call.base_url, call.request_key)
    return state.recall.get(validity, key, make)


class Dialect(Protocol):
    """How one vendor's framework words its failures and writes JSON. `number` is the request's
    (Call.number), for dialects whose error bodies carry a per-request value."""

    def render(self, error: EmulatorError, number: int, /) -> Reply: ...

    def encode(self, body: Any) -> bytes: ...


@dataclass(frozen=True, slots=True)
class Generation:
    """Everything a vendor's generator may depend on: nothing else, so the data is a pure
    function of the seed (see DESIGN.md, Data). `count` runs start in the history before the
    epoch; the timeline goes on after it at the same rate."""

    seed: bytes
    count: int
    epoch: datetime
    tenant_index: int

    @property
    def key(self) -> int:
        """The 64-bit key of the engine's draws (emulator/engine/mix.py)."""
        return int.from_bytes(self.seed[:8], "big")


Handler = Callable[[Call], Reply]
# (headers, state, path variables) -> the principal, or raise the vendor's refusal.
Authenticator = Callable[[Mapping[str, str], State, Mapping[str, str]], Principal]


@dataclass(frozen=True, slots=True)
class RunModel:
    """A vendor's runs: identity and place on the timeline, generation and replay."""

    identity: Callable[[Any], Hashable]
    # Where a run sits on its tenant's timeline: (start in µs since the Unix epoch, the
    # vendor's tie-break between equal starts); the vendors list newest first, so descending.
    place: Callable[[Any], tuple[int, int]]
    # One tenant's generated runs (emulator/engine/timeline.py), made on demand.
    generator: Callable[[Tenant, Generation], Generator]
    # How long before the epoch the generated history starts.
    history: timedelta
    from_record: Callable[[Mapping[str, Any], Tenant], Any]
    to_record: Callable[[Any], Mapping[str, Any]]
    # Component schema that every stored run's record must satisfy.
    record_schema: str
    # The id field(s) for a record injected without one: `mint_id(state, tenant, n)` for the
    # n-th attempt since the last reset (a pure function of its arguments; different n, different
    # id). The control plane skips ids already stored. None: injected records must carry an id.
    mint_id: Callable[[State, Tenant, int], Mapping[str, Any]] | None = None

    # The shapes the vendor's API serves a run in, which fixtures and the control plane also
    # take (`shape: served`): a run copied from a real response.
    served: tuple[ServedForm, ...] = ()


@dataclass(frozen=True, slots=True)
class Derived:
    """The record read from a served run: what had to be inferred, and which served field
    each record field came from where the names differ (B3OS `runId` for `id`), so that a
    refusal names the field the client gave."""

    record: Mapping[str, Any]
    inferred: tuple[Inferred, ...] = ()
    sources: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ServedForm:
    """One way the vendor's API serves a run (a list item, a run's details)."""

    # The spec component a served run of this form satisfies.
    schema: str
    # The record it stands for; raises RecordRefused naming the served fields it cannot map.
    derive: Callable[[Mapping[str, Any], Tenant, Settings], Derived]
    # How this form serves the stored run, given the run as it was given (whose links name the
    # host it was copied from): what was given must be what is served.
    serve: Callable[[Any, Mapping[str, Any]], Mapping[str, Any]]
    # Keys an entry adds to the served run, for what the vendor's response carried elsewhere
    # (StackAI's flow id is in the request's path): name -> JSON schema; all required.
    context: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def run_model(
    model: ModuleType,
    generator: ModuleType,
    record_schema: str,
    served: tuple[ServedForm, ...] = (),
) -> RunModel:
    """A vendor's RunModel from its `model` module (identity, place, from_record, to_record,
    mint_id) and `generator` module (runs_of, HISTORY), by those names."""
    return RunModel(
        identity=model.identity,
        place=model.place,
        generator=generator.runs_of,
        history=generator.HISTORY,
        from_record=model.from_record,
        to_record=model.to_record,
        record_schema=record_schema,
        mint_id=getattr(model, "mint_id", None),
        served=served,
    )


@dataclass(frozen=True, slots=True)
class Vendor:
    name: str
    title: str
    spec: Spec
    handlers: Mapping[str, Handler]
    dialect: Dialect
    authenticate: Authenticator
    tenancy: Callable[[Any], Sequence[Tenant]]
    runs: RunModel
    repeat: RepeatPolicy = "last"
    # FastAPI answers `/path/` with a 307 to `/path` (redirect_slashes).
    is_redirecting_slashes: bool = False
    # Extra path prefix before every spec path, e.g. "/apps/{app_id}" for per-app hosts.
    mount: str = ""
    # Hosts (aiohttp mask, e.g. "*.apps.*") served without the mount: the first DNS label of
    # the Host then fills the mount's one variable (the app id of `<app>.apps.<region>...`).
    host_mask: str | None = None
    # The credentials of the operations served outside the mount (`x-emulator-outside-mount`),
    # where they differ from the mounted API's; None: `authenticate` checks them too.
    authenticate_outside_mount: Authenticator | None = None
    formats: Mapping[str, Coercer] = field(default_factory=dict)


def handlers_in(module: ModuleType, spec: Spec) -> dict[str, Handler]:
    """Each operation's handler: the module's function named by its operationId (as connexion
    resolves them), so that a spec operation without a handler fails at import."""
    missing = [o.operation_id for o in spec.operations if not hasattr(module, o.operation_id)]
    if missing:
        raise LookupError(f"{module.__name__} has no handler for {', '.join(missing)}")
    return {o.operation_id: getattr(module, o.operation_id) for o in spec.operations}


def base_path(vendor: Vendor, tenant: Tenant) -> str:
    """A working base path of `vendor` for `tenant` on the shared port: `/dynamiq/apps/<app>`
    where the vendor has a mount (its tenants then say what fills it: `mount_values`)."""
    values: dict[str, str] = getattr(tenant, "mount_values", {})
    return f"/{vendor.name}{vendor.mount.format_map(values)}" if values else f"/{vendor.name}"


def discover(names: tuple[str, ...] = ()) -> tuple[Vendor, ...]:
    """The vendor folders under emulator/vendors (all, or those named), in name order."""
    import emulator.vendors as package

    known = package.names()
    unknown = set(names) - set(known)
    if unknown:
        raise ValueError(f"unknown vendor(s): {', '.join(sorted(unknown))}")
    chosen = [name for name in known if not names or name in names]
    return tuple(importlib.import_module(f"emulator.vendors.{name}").VENDOR for name in chosen)
