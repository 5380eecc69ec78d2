"""Seeded Dynamiq runs as columns: an organisation's app runs, in sessions or alone, each made
whole from its position only when read.

Columns hold what the run list filters and sorts on (the app, the user as an index into the
tenant's pool of users, the final status, the seconds queued, the input request's timing and
the end); the payloads, the request's words and the ids are drawn when a run is made. Every
run finishes (completed, failed or canceled) within `timing.MAX_DURATION` of its creation;
"now" decides whether it is still queued, working or waiting for a human (state.py).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine import words
from emulator.engine.mix import Draw, below, below1, cumulative, mix, mix1, pick, unit, unit1
from emulator.engine.timeline import Column
from emulator.vendor import Generation
from emulator.vendors.dynamiq import ids, payload
from emulator.vendors.dynamiq.base import Bases
from emulator.vendors.dynamiq.model import STORED, DynamiqRun, InputRequest
from emulator.vendors.dynamiq.sessions import Sessions
from emulator.vendors.dynamiq.state import SECOND_US
from emulator.vendors.dynamiq.tenancy import App, Organization
from emulator.vendors.dynamiq.timing import ASKING, MAX_DURATION, timings

HISTORY = timedelta(days=90)
OUTCOMES = (("completed", 88), ("failed", 8), ("canceled", 4))
ANONYMOUS = 0.3  # of the runs outside a session (a session always has its user)
EMAILS = 0.3  # of the users: the others are customer numbers
_SALTS = {name: n for n, name in enumerate(
    ("app", "user", "anonymous", "outcome", "run ids", "session ids", "email", "numbers"),
    start=200)}  # fmt: skip
_CUSTOMERS = 90_000  # customer numbers 10000..99999, each user its own


def runs_of(organization: Any, generation: Generation) -> DynamiqRuns:
    if not isinstance(organization, Organization):
        raise TypeError("not a Dynamiq organization")
    return DynamiqRuns(organization, generation)


@dataclass(frozen=True)
class DynamiqRuns:
    """One organisation's generated runs (emulator/engine/timeline.Generator)."""

    organization: Organization
    generation: Generation
    max_duration_us: int = MAX_DURATION // timedelta(microseconds=1)
    bases: Bases = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bases", Bases(self.id_key))

    @property
    def apps(self) -> tuple[App, ...]:
        return self.organization.live_apps

    @cached_property
    def id_key(self) -> int:
        return mix1(self.generation.key, 0, _SALTS["run ids"])

    @cached_property
    def sessions(self) -> Sessions:
        key = mix1(self.generation.key, 0, _SALTS["session ids"])
        return Sessions.of(key, self.generation.count, HISTORY)

    @cached_property
    def users(self) -> int:
        """How many users the tenant has: enough for a few dozen runs each."""
        return int(min(_CUSTOMERS, max(60, self.generation.count // 40)))

    def columns(
        self, positions: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]
    ) -> Mapping[str, Column]:
        key = self.generation.key
        heads = self.sessions.heads(positions)
        # A session's runs are its head's: one app, one user.
        owner = np.where(heads >= 0, heads, positions)
        app = below(mix(key, owner, _SALTS["app"]), len(self.apps))
        user = below(mix(key, owner, _SALTS["user"]), self.users)
        is_anonymous = (heads < 0) & (unit(mix(key, positions, _SALTS["anonymous"])) < ANONYMOUS)
        asking = np.array([ASKING[a.kind] for a in self.apps])[app]
        timed = timings(key, positions, asking)
        outcome = pick(mix(key, positions, _SALTS["outcome"]), cumulative([w for _, w in OUTCOMES]))
        started = starts // SECOND_US + timed.queue
        return {
            "end": (started + timed.length) * SECOND_US,
            "app": app.astype(np.int8),
            "user": np.where(is_anonymous, -1, user).astype(np.int32),
            "status": (outcome + STORED.index("completed")).astype(np.int8),
            "queue": timed.queue.astype(np.int16),
            "asked": timed.asked.astype(np.int32),
            "wait": timed.wait.astype(np.int32),
            "pauses": timed.pauses.astype(np.int8),
        }

    def tiebreak(self, position: int) -> int:
        return ids.value_of(self.id_key, position)

    def position_of(self, ident: Hashable) -> int | None:
        return ids.position_in(self.id_key, ident)

    def session_id(self, head: int) -> str:
        return ids.uuid_of(self.sessions.key, head)

    def session_head(self, session_id: str) -> int | None:
        return ids.position_in(self.sessions.key, session_id)

    def user_name(self, index: int) -> str:
        key = self.generation.key
        if unit1(mix1(key, index, _SALTS["email"])) < EMAILS:
            return words.email(Draw(key, index, _SALTS["email"] << 20))
        offset = below1(mix1(key, 0, _SALTS["numbers"]), _CUSTOMERS)
        return f"customer-{10_000 + (index * 7919 + offset) % _CUSTOMERS}"

    @cached_property
    def _named(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for index in range(self.users):
            found.setdefault(self.user_name(index), []).append(index)
        return found

    def users_named(self, name: str) -> list[int]:
        """The pool indices of a user id (two drawn e-mails may coincide)."""
        return self._named.get(name, [])

    def make(self, position: int, row: Mapping[str, Any]) -> DynamiqRun:
        draw = Draw(self.generation.key, position)
        app, status = self.apps[row["app"]], STORED[row["status"]]
        started = row["start"] // SECOND_US + row["queue"]
        asks = row["asked"] >= 0
        run_input, output = payload.payload(app.kind, draw, asks)
        requests = (self._request(draw, row, started, run_input, output),) if asks else ()
        head = self.sessions.head_of(position)
        return DynamiqRun(
            id=ids.uuid_of(self.id_key, position),
            app_id=app.id,
            status=status,
            created_at=_instant(row["start"] // SECOND_US),
            started_at=_instant(started),
            ended_at=_instant(row["end"] // SECOND_US),
            input=run_input,
            output=output if status == "completed" else None,
            error=payload.error(draw, app.kind) if status == "failed" else None,
            user_id=None if row["user"] < 0 else self.user_name(row["user"]),
            session_id=None if head < 0 else self.session_id(head),
            input_requests=requests,
        )

    def _request(
        self, draw: Draw, row: Mapping[str, Any], started: int, run_input: Any, output: Any
    ) -> InputRequest:
        asked = started + row["asked"]
        request = payload.input_request(draw, run_input, output)
        return replace(request, asked_at=_instant(asked), answered_at=_instant(asked + row["wait"]),
                       is_pausing=bool(row["pauses"]))  # fmt: skip


def _instant(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=int(seconds))
