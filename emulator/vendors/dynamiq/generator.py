"""Seeded Dynamiq runs: sessions of a user's runs on one app, spread over the history.

Runs come in sessions (one user, a few runs minutes apart, one session id) or alone. Runs
whose end would fall after the epoch are still going; a few recent ones wait for a human
(awaiting_input) or sit queued as background runs (`created`). Everything comes from one
`random.Random` and one seeded Faker, so the data is a pure function of `Generation`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from faker import Faker

from emulator.vendor import Generation
from emulator.vendors.dynamiq import payload
from emulator.vendors.dynamiq.model import DynamiqRun
from emulator.vendors.dynamiq.payload import Pools, new_uuid
from emulator.vendors.dynamiq.tenancy import App, Organization

HISTORY = timedelta(days=90)
RECENT = timedelta(hours=1)
WAIT_WINDOW = timedelta(days=10)
POOL = 300
USERS = 60
# Nothing starts in the last minute before the epoch: a run still going has been active a
# while (events.ACTIVE_SPAN) by then.
LATEST = timedelta(minutes=1)


@dataclass(slots=True)
class _Draw:
    rng: random.Random
    pools: Pools
    users: list[str]
    epoch: datetime


def generate(organization: Any, generation: Generation) -> list[DynamiqRun]:
    if not isinstance(organization, Organization):
        raise TypeError("not a Dynamiq organization")
    rng = random.Random(generation.seed)
    fake = Faker("en_US")
    fake.seed_instance(int.from_bytes(generation.seed[:8], "big"))
    # Pools sized to the dataset: a small one draws few names, a large one POOL of each.
    pools = Pools.drawn(fake, max(16, min(POOL, generation.count // 4)))
    draw = _Draw(rng, pools, _users(rng, fake), generation.epoch)
    runs: list[DynamiqRun] = []
    while len(runs) < generation.count:
        app = rng.choice(organization.live_apps)
        runs.extend(_session(draw, app, generation.count - len(runs)))
    return runs


def _users(rng: random.Random, fake: Any) -> list[str]:
    return [
        f"customer-{rng.randint(1000, 99999)}" if rng.random() < 0.7 else fake.safe_email()
        for _ in range(USERS)
    ]


def _session(draw: _Draw, app: App, room: int) -> list[DynamiqRun]:
    """One session (or a lone run) of one user on one app, all of it before the epoch."""
    rng = draw.rng
    is_alone = rng.random() < 0.4
    size = 1 if is_alone else min(room, rng.randint(2, 6))
    user = None if is_alone and rng.random() < 0.3 else rng.choice(draw.users)
    session = None if is_alone else new_uuid(rng)
    # A few sessions are recent, so that runs still going exist in every dataset.
    span = RECENT if rng.random() < 0.04 else HISTORY
    moment = draw.epoch - timedelta(
        seconds=rng.uniform(LATEST.total_seconds() + 1, span.total_seconds())
    )
    found = []
    for _ in range(size):
        if moment >= draw.epoch - LATEST:
            break
        run = _run(draw, app, moment.replace(microsecond=0), user, session)
        found.append(run)
        moment = (run.ended_at or moment) + timedelta(seconds=rng.uniform(20, 900))
    return found


def _run(
    draw: _Draw, app: App, created: datetime, user: str | None, session: str | None
) -> DynamiqRun:
    rng = draw.rng
    started = created + timedelta(seconds=rng.choice((0, 0, 0, 1, 2)))
    ended = started + timedelta(seconds=max(1, round(rng.lognormvariate(2.6, 0.8))))
    run_input, run_output = payload.payload(app.kind, rng, draw.pools)
    status = _status(draw, created, ended)
    requests = (payload.input_request(rng, run_input),) if status == "awaiting" else ()
    if status == "awaiting":
        status = "paused" if rng.random() < 0.7 else "started"
    is_terminal = status in ("completed", "failed", "canceled")
    return DynamiqRun(
        id=new_uuid(rng),
        app_id=app.id,
        status=status,
        created_at=created,
        started_at=None if status == "created" else started,
        ended_at=ended if is_terminal else None,
        input=run_input,
        output=run_output if status == "completed" else None,
        error=payload.error(rng) if status == "failed" else None,
        user_id=user,
        session_id=session,
        input_requests=requests,
    )


def _status(draw: _Draw, created: datetime, ended: datetime) -> str:
    """Finished, unless recent: queued (background), still going, or waiting for a human."""
    rng = draw.rng
    age = draw.epoch - created
    if age < timedelta(minutes=3) and rng.random() < 0.4:
        return "created"
    if ended > draw.epoch or (age < timedelta(minutes=15) and rng.random() < 0.3):
        return "started"
    if age < WAIT_WINDOW and rng.random() < 0.06:
        return "awaiting"
    return rng.choices(("completed", "failed", "canceled"), (88, 8, 4))[0]
