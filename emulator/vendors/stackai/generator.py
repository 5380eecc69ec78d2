"""Seeded StackAI runs as columns, each made whole from its position only when read.

Columns (emulator/vendors/stackai/columns.py) hold what the flow list filters on and the
project summary adds up (flow, final state, user, tokens) and when each run pauses, resumes
and ends; a run made whole adds what nobody filters on (its texts, its LLM calls, who ran it
by name) from draws of its position. Runs that add up: who started a run matches how (API
runs carry the key's id and name, builder runs the member's), failed runs have an error,
tokens follow the LLM calls, and sub-workflow runs sit inside a real parent run.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine import words
from emulator.engine.mix import Draw, mix1, unit1
from emulator.engine.rhythm import Rhythm
from emulator.engine.timeline import NEVER, Column
from emulator.store import micros
from emulator.vendor import Generation
from emulator.vendors.stackai import catalog, ids
from emulator.vendors.stackai.columns import (
    INTERFACES,
    KEY,
    MAX_DURATION_US,
    MEMBER,
    RUN_TYPES,
    SALTS,
    STEP_FAILS,
    SUB_WORKFLOW,
    SYSTEM,
    Plan,
    table,
)
from emulator.vendors.stackai.model import STATES, SUCCESS, StackRun, id_order, llms_of
from emulator.vendors.stackai.tenancy import Organization

HISTORY = timedelta(days=60)
# Salts of the tenant's pools, far from the runs' own (emulator/engine/mix.Draw counts up).
_POOL, _CONVERSATION, _CONNECTION = 1 << 24, 2 << 24, 3 << 24


def runs_of(organization: Any, generation: Generation) -> StackRuns:
    if not isinstance(organization, Organization):
        raise TypeError("not a StackAI organization")
    return StackRuns(organization, generation)


@dataclass(frozen=True)
class StackRuns:
    """One organisation's generated runs (emulator/engine/timeline.Generator)."""

    organization: Organization
    generation: Generation
    max_duration_us: int = MAX_DURATION_US

    @property
    def key(self) -> int:
        return self.generation.key

    @cached_property
    def rhythm(self) -> Rhythm:
        """The starts the core's timeline has (emulator/generate.py builds it from the same
        key, history and count), for a pair's partner outside the chunk asked for."""
        epoch = micros(self.generation.epoch)
        return Rhythm.of(self.key, epoch - micros_of(HISTORY), epoch, self.generation.count)

    @cached_property
    def users(self) -> tuple[str, ...]:
        """The user_id values runs carry: end users of API runs, then the members' emails.
        A small pool (clients filter by these), growing slowly with the dataset."""
        members = [u.email for u in self.organization.users]
        taken, end_users = set(members), list[str]()
        draw = Draw(self.key, 0, _POOL)
        while len(end_users) < min(240, max(8, self.generation.count // 4000)):
            name = (f"cust_{draw.between(10000, 99999)}" if len(end_users) % 2
                    else f"{words.user_name(draw)}@example.com")  # fmt: skip
            if name not in taken:
                taken.add(name)
                end_users.append(name)
        return (*end_users, *members)

    @cached_property
    def plan(self) -> Plan:
        return Plan.of(self.organization, len(self.users) - len(self.organization.users))

    @cached_property
    def connections(self) -> tuple[str, ...]:
        """The organisation's saved provider connections."""
        return tuple(Draw(self.key, n, _CONNECTION).uuid4() for n in range(2))

    @cached_property
    def conversations(self) -> int:
        return 15 + self.generation.count // 20

    def columns(
        self, positions: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]
    ) -> Mapping[str, Column]:
        """The chunk's columns, computed over whole pairs (a partner outside the chunk too)."""
        first, stop = int(positions[0]), int(positions[-1]) + 1
        low, high = first - first % 2, stop + stop % 2
        every = np.arange(low, high, dtype=np.int64)
        around = (self.rhythm.starts(low, first), starts, self.rhythm.starts(stop, high))
        found = table(self.plan, self.key, every, np.concatenate(around))
        return {name: values[first - low : stop - low] for name, values in found.items()}

    def tiebreak(self, position: int) -> int:
        # The vendor's order breaks ties by run_id; generated starts never tie with each
        # other, so this only places an overlay run of the same microsecond.
        return id_order(ids.id_value(self.key, position))

    def position_of(self, ident: Hashable) -> int | None:
        return ids.position_of(self.key, ident)

    def run_id(self, position: int) -> str:
        return ids.run_id(self.key, position)

    def make(self, position: int, row: Mapping[str, Any]) -> StackRun:
        draw = Draw(self.key, position)
        flow = self.organization.flows[row["flow"]]
        state, run_type = STATES[row["state"]], RUN_TYPES[row["run_type"]]
        usage = catalog.llm_calls(draw, self.key, position, row["calls"], self.connections)
        is_chat = flow.type != "workflow" and run_type != "sub_workflow"
        is_rated = state == "COMPLETED" and row["run_type"] in INTERFACES and draw.chance(0.1)
        return StackRun(
            run_id=self.run_id(position),
            flow_id=flow.id,
            date=instant(row["start"]),
            state=state,
            is_flow_successful=SUCCESS.get(state),
            error=self._error(position, row) if state == "FAILED" else None,
            latency=_latency(row) if state in SUCCESS else None,
            total_tokens=row["tokens"],
            user_id=self.users[row["user"]] if row["user"] >= 0 else None,
            inputs=self._text("question" if is_chat else "document", draw),
            outputs=self._text("answer", draw) if state == "COMPLETED" else None,
            llms=llms_of(usage),
            feedback=draw.choice(catalog.FEEDBACK) if is_rated else None,
            conversation_id=self._conversation(draw) if is_chat else None,
            llm_usage=usage,
            run_type=run_type,
            **self._ran_by(row),
            **self._lineage(position, row),
            **_progress(row),
        )

    def _error(self, position: int, row: Mapping[str, Any]) -> str:
        """A parent whose step failed quotes the step's error."""
        own = catalog.ERRORS[_error_index(self.key, position)]
        is_parent = row["partner"] >= 0 and position % 2 == 0
        if not is_parent or unit1(mix1(self.key, position, SALTS["step"])) >= STEP_FAILS:
            return own
        step = catalog.ERRORS[_error_index(self.key, position + 1)]
        return f"Sub-workflow '{self.organization.flows[row['partner']].name}' failed: {step}"

    def _text(self, kind: str, draw: Draw) -> str:
        index = draw.below(catalog.TEXTS)
        found = self._texts.get((kind, index))
        if found is None:
            found = self._texts[(kind, index)] = catalog.text(self.key, kind, index)
        return found

    @cached_property
    def _texts(self) -> dict[tuple[str, int], str]:
        return {}

    def _conversation(self, draw: Draw) -> str:
        return Draw(self.key, draw.below(self.conversations), _CONVERSATION).uuid4()

    def _ran_by(self, row: Mapping[str, Any]) -> dict[str, Any]:
        by, actor = row["by"], row["actor"]
        found: tuple[str | None, str | None, str | None] = (None, None, None)
        if by == KEY:
            key = self.organization.api_keys[actor]
            found = (key.type, key.id, key.name)
        elif by == MEMBER:
            member = self.organization.users[actor]
            found = ("user", member.id, member.email)
        elif by == SYSTEM:
            found = ("system", None, None)
        return dict(zip(("ran_by_type", "ran_by_id", "ran_by_display_name"), found, strict=True))

    def _lineage(self, position: int, row: Mapping[str, Any]) -> dict[str, Any]:
        if row["run_type"] != SUB_WORKFLOW:
            return dict.fromkeys(("parent_run_id", "parent_project_id", "parent_project_name"))
        caller = self.organization.flows[row["partner"]]
        return {"parent_run_id": self.run_id(position - 1), "parent_project_id": caller.id,
                "parent_project_name": caller.name}  # fmt: skip


def _error_index(key: int, position: int) -> int:
    return int(unit1(mix1(key, position, SALTS["error"])) * len(catalog.ERRORS))


def _latency(row: Mapping[str, Any]) -> float:
    """Seconds the run ran, a wait for input left out (whole milliseconds)."""
    ran = int(row["end"]) - int(row["start"])
    if row["paused"] != NEVER:
        ran -= int(row["resumed"]) - int(row["paused"])
    return ran / 1_000_000


def _progress(row: Mapping[str, Any]) -> dict[str, Any]:
    is_paused = row["paused"] != NEVER
    return {
        "ended_at": instant(row["end"]),
        "paused_at": instant(row["paused"]) if is_paused else None,
        "resumed_at": instant(row["resumed"]) if row["resumed"] != NEVER else None,
        "calls_before_pause": min(1, row["calls"]) if is_paused else 0,
    }


def instant(stamp_us: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(stamp_us))


def micros_of(span: timedelta) -> int:
    return span // timedelta(microseconds=1)
