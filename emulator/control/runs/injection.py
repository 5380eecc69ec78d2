"""Runs injected by a test, in the vendor's own record shape: checked whole, then stored whole.

Every record is validated against the vendor's record schema, parsed by the vendor's model and
shown to round-trip (what is stored is what will be served). Records without an id get one
from `RunModel.mint_id`, skipping ids already taken. Every problem of the batch is reported in
one 422 (409 when the only problem is ids already taken) and then nothing is stored; the work
between the check and the store has no await, so concurrent batches cannot interleave.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator.control.problem import FieldIssue, Problem, field_path, schema_issues
from emulator.runtime import Runtime, VendorState
from emulator.vendor import Tenant

MAX_MINT_ATTEMPTS = 10_000


@dataclass(slots=True)
class Batch:
    runtime: Runtime
    state: VendorState
    tenant: Tenant
    # The body gave one `run` rather than a list of `runs`: fields are named accordingly.
    is_single: bool = False
    runs: dict[int, Any] = field(default_factory=dict)
    idents: set[Hashable] = field(default_factory=set)
    issues: list[FieldIssue] = field(default_factory=list)
    conflicts: list[FieldIssue] = field(default_factory=list)

    def inject(self, records: Sequence[Any]) -> list[Any]:
        """Store every record, or none (raising the problem that says why)."""
        store = self.state.store
        minted_before = store.minted
        deferred = [i for i, r in enumerate(records) if not self._take(i, r)]
        for index in deferred:  # after the given ids are known, so a minted id avoids them
            self._mint(index, records[index])
        if self.issues or self.conflicts:
            store.minted = minted_before
            raise self._problem()
        runs = [self.runs[i] for i in sorted(self.runs)]
        store.load(self.tenant.slug, runs, origin="injected")
        return runs

    def _take(self, index: int, record: Any) -> bool:
        """Parse a record that has its id; False when the id is to be minted."""
        if self._needs_id(record):
            return False
        run = self._parsed(index, record)
        if run is not None:
            ident = self.state.vendor.runs.identity(run)
            if self._is_taken(ident):
                self.conflicts.append(FieldIssue(self._field(index), f"id {ident!r} is taken"))
            else:
                self._accept(index, run, ident)
        return True

    def _needs_id(self, record: Any) -> bool:
        mint = self.state.vendor.runs.mint_id
        if mint is None or not isinstance(record, Mapping):
            return False
        probe = mint(self.state, self.tenant, self.state.store.minted)
        return any(name not in record for name in probe)

    def _mint(self, index: int, record: Mapping[str, Any]) -> None:
        mint, store = self.state.vendor.runs.mint_id, self.state.store
        assert mint is not None  # only records of a vendor that mints are deferred
        for _ in range(MAX_MINT_ATTEMPTS):
            attempt = store.minted
            store.minted = attempt + 1
            run = self._parsed(index, {**mint(self.state, self.tenant, attempt), **record}, record)
            if run is None:
                return
            ident = self.state.vendor.runs.identity(run)
            if not self._is_taken(ident):
                self._accept(index, run, ident)
                return
        self.issues.append(FieldIssue(self._field(index), "no free id could be minted"))

    def _parsed(self, index: int, record: Any, given: Any = None) -> Any | None:
        """The vendor's run for `record` (`given` by the client, before an id was minted),
        or None with the reasons added to the issues."""
        vendor, prefix = self.state.vendor, self._prefix(index)
        found = schema_issues(
            vendor.spec.schema_validator(vendor.runs.record_schema), record, prefix
        )
        if found:
            shape = self._other_shape(index, record if given is None else given)
            self.issues.extend([*found, *shape])
            return None
        try:
            run = vendor.runs.from_record(record, self.tenant)
        except Exception as error:  # whatever the vendor's model refuses is the record's fault
            self.issues.append(FieldIssue(self._field(index), str(error) or type(error).__name__))
            return None
        stored = vendor.runs.to_record(run)
        if not vendor.spec.quick_check(vendor.runs.record_schema)(stored):
            validator = vendor.spec.schema_validator(vendor.runs.record_schema)
            self.issues.extend(schema_issues(validator, stored, prefix))
            return None
        return run

    def _other_shape(self, index: int, record: Any) -> list[FieldIssue]:
        """A record in another vendor's shape says so: a likely mix-up of base URLs."""
        for other in self.runtime.vendors:
            is_theirs = other.spec.quick_check(other.runs.record_schema)
            if other is not self.state.vendor and is_theirs(record):
                message = f"this is a {other.name} run, not a {self.state.vendor.name} run"
                return [FieldIssue(self._field(index), message)]
        return []

    def _is_taken(self, ident: Hashable) -> bool:
        return ident in self.idents or self.state.store.find(ident) is not None

    def _accept(self, index: int, run: Any, ident: Hashable) -> None:
        self.runs[index] = run
        self.idents.add(ident)

    def _prefix(self, index: int) -> tuple[str | int, ...]:
        return ("run",) if self.is_single else ("runs", index)

    def _field(self, index: int) -> str:
        return field_path(self._prefix(index))

    def _problem(self) -> Problem:
        if self.issues:
            count = len({issue.field.split(".")[0] for issue in self.issues})
            detail = f"{count} run(s) of the batch are invalid; none was stored"
            return Problem(422, detail, tuple(self.issues + self.conflicts))
        return Problem(409, "a run with that id exists; none was stored", tuple(self.conflicts))
