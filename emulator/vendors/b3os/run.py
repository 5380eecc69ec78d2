"""A B3OS run, how it progresses, and how it is served at an instant.

A run carries its charges (node type, executions); its CU is priced from the cost list, so a
run, its day, its month and its workflow's usage can never disagree (the spec's CU routes).
`charges`, `status` and `finished_at` are what the run ends with; until `finished_at` it is in
progress (issue 13), served `running`, or `waiting` while paused at a wait node, with the CU
of what it has executed so far and no finish time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from emulator.store import micros
from emulator.vendors.b3os.costs import price

STATUSES = ("running", "waiting", "success", "partial", "failure", "cancelled")
# Not finished yet, so no finish time (inferred: a Go omitempty pointer).
UNFINISHED = frozenset({"running", "waiting"})


@dataclass(frozen=True, slots=True)
class Charge:
    kind: str  # "trigger" or "action"
    node_type: str
    count: int
    cu: float


def charge(kind: str, node_type: str, count: int) -> Charge:
    return Charge(kind, node_type, count, count * price(kind, node_type).cost)


@dataclass(frozen=True, slots=True)
class Progress:
    """How a run reaches its charges: the trigger's at its start, then `steps` (action node
    type, executions) run in order, one execution every `pace_us`; after `pause_after`
    executions (a wait node) it waits `wait_us` before going on."""

    opening: tuple[Charge, ...]
    steps: tuple[tuple[str, int], ...]
    executed: int
    pace_us: int
    pause_after: int | None = None
    wait_us: int = 0

    def done_at(self, elapsed_us: int) -> tuple[int, bool]:
        """Executions done `elapsed_us` after the start, and whether the run is waiting."""
        if self.pace_us <= 0:
            return self.executed, False
        pause, pace = self.pause_after, self.pace_us
        if pause is not None and self.wait_us and self.executed >= pause:
            begins = pause * pace
            if begins <= elapsed_us < begins + self.wait_us:
                return pause, True
            if elapsed_us >= begins + self.wait_us:
                return min(self.executed, (elapsed_us - self.wait_us) // pace), False
        return min(self.executed, elapsed_us // pace), False

    def charges(self, done: int) -> tuple[Charge, ...]:
        """The opening charges and the first `done` executions, one charge per node type."""
        counts: dict[str, int] = {}
        for node_type, executions in self.steps:
            if done <= 0:
                break
            taken = min(executions, done)
            counts[node_type] = counts.get(node_type, 0) + taken
            done -= taken
        return (*self.opening, *(charge("action", n, c) for n, c in counts.items()))


@dataclass(frozen=True, slots=True)
class B3osRun:
    id: str
    workflow_id: str
    status: str
    trigger_source: str
    started_at: datetime
    finished_at: datetime | None
    charges: tuple[Charge, ...]
    total_cu: float
    # How it got there (None: it is served as it is, whatever the instant).
    progress: Progress | None = None
    # The run this one retries (POST /v1/runs/{id}/retry), if it is a retry.
    source_run_id: str | None = None


def new_run(
    run_id: str, workflow_id: str, status: str, trigger_source: str,
    started_at: datetime, finished_at: datetime | None, charges: tuple[Charge, ...],
    progress: Progress | None = None,
) -> B3osRun:  # fmt: skip
    return B3osRun(run_id, workflow_id, status, trigger_source, started_at, finished_at,
                   charges, total_of(charges), progress)  # fmt: skip


def total_of(charges: tuple[Charge, ...]) -> float:
    return sum((c.cu for c in charges), 0.0)


def as_of(run: B3osRun, now: datetime) -> B3osRun:
    """The run as served at `now`: finished once its finish time has come, else in progress."""
    if run.finished_at is None or run.progress is None or now >= run.finished_at:
        return run
    done, is_waiting = run.progress.done_at(max(0, micros(now) - micros(run.started_at)))
    status = "waiting" if is_waiting else "running"
    charges = run.progress.charges(done)
    return B3osRun(run.id, run.workflow_id, status, run.trigger_source, run.started_at, None,
                   charges, total_of(charges), source_run_id=run.source_run_id)  # fmt: skip


def is_finished(run: B3osRun, now: datetime) -> bool:
    return run.finished_at is None or run.progress is None or now >= run.finished_at


def rfc3339(stamp: datetime) -> str:
    """Go's time.Time JSON form (RFC 3339 with nanoseconds, trailing zeros trimmed, `Z`)."""
    text = stamp.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{stamp.microsecond:06d}".rstrip("0")
    return f"{text}.{fraction}Z" if fraction else f"{text}Z"


def list_item(run: B3osRun) -> dict[str, Any]:
    """The `/cu/runs` item; keys in the order of the vendor's published example."""
    item: dict[str, Any] = {}
    if run.finished_at is not None:
        item["finishedAt"] = rfc3339(run.finished_at)
    item.update(
        runId=run.id,
        startedAt=rfc3339(run.started_at),
        status=run.status,
        totalCu=run.total_cu,
        triggerSource=run.trigger_source,
        workflowId=run.workflow_id,
    )
    return item
