"""Runs injected by a test, as records or as the vendor serves them: checked whole, then
stored whole.

Every run is read by emulator/records.py (the record schema, the vendor's model, a round trip;
for a served run, its served schema and what it had to infer first). Records without an id get
one from `RunModel.mint_id`, skipping ids already taken. Every problem of the batch is reported
in one 422 (409 when the only problem is ids already taken) and then nothing is stored; the
work between the check and the store has no await, so concurrent batches cannot interleave.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from emulator.control.problem import FieldIssue, Problem, field_path, issues_of
from emulator.flaws import Flaw, RecordRefused
from emulator.records import Shape, mixup, read
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
    shape: Shape = "record"
    runs: dict[int, Any] = field(default_factory=dict)
    idents: set[Hashable] = field(default_factory=set)
    issues: list[FieldIssue] = field(default_factory=list)
    conflicts: list[FieldIssue] = field(default_factory=list)
    inferred: list[FieldIssue] = field(default_factory=list)

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
        """Read a run that has its id; False when the id is to be minted."""
        if self._needs_id(record):
            return False
        run = self._read(index, record)
        if run is not None:
            ident = self.state.vendor.runs.identity(run)
            if self._is_taken(ident):
                self.conflicts.append(FieldIssue(self._field(index), f"id {ident!r} is taken"))
            else:
                self._accept(index, run, ident)
        return True

    def _needs_id(self, record: Any) -> bool:
        mint = self.state.vendor.runs.mint_id
        if mint is None or self.shape == "served" or not isinstance(record, Mapping):
            return False
        probe = mint(self.state, self.tenant, self.state.store.minted)
        return any(name not in record for name in probe)

    def _mint(self, index: int, record: Mapping[str, Any]) -> None:
        mint, store = self.state.vendor.runs.mint_id, self.state.store
        assert mint is not None  # only records of a vendor that mints are deferred
        for _ in range(MAX_MINT_ATTEMPTS):
            attempt = store.minted
            store.minted = attempt + 1
            run = self._read(index, {**mint(self.state, self.tenant, attempt), **record}, record)
            if run is None:
                return
            ident = self.state.vendor.runs.identity(run)
            if not self._is_taken(ident):
                self._accept(index, run, ident)
                return
        self.issues.append(FieldIssue(self._field(index), "no free id could be minted"))

    def _read(self, index: int, entry: Any, given: Any = None) -> Any | None:
        """The vendor's run for `entry` (`given` by the client, before an id was minted), or
        None with every reason added to the issues."""
        vendor, prefix = self.state.vendor, self._prefix(index)
        try:
            reading = read(vendor, entry, self.tenant, self.state.settings, self.shape)
        except RecordRefused as refusal:
            hint = None
            if self.shape == "record":
                hint = mixup(vendor, entry if given is None else given, self.runtime.vendors)
            self.issues.extend(issues_of([*refusal.flaws, *([hint] if hint else [])], prefix))
            return None
        notes = [Flaw(i.path, i.how) for i in reading.inferred]
        self.inferred.extend(issues_of(notes, prefix))
        return reading.run

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
