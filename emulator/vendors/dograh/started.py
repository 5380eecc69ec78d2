"""Runs clients start (outbound calls placed through the API), made whole at the moment they
are placed and stored in the overlay with the instant they end: until then they are served in
progress (model.as_of), after it with the usage, recording and transcript they were always
going to have.

What the call turns out to be (its length, usage, disposition, name digits) is drawn from the
emulator's seed and the run's own id, so the same calls placed at the same instants end the
same way in any process. Ids come from a block of their own, counted since the last reset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import numpy as np

from emulator.engine.mix import Draw, interpolate, key_of
from emulator.vendor import State
from emulator.vendors.dograh import details
from emulator.vendors.dograh.generator import (
    ORG_CODES,
    PIPELINE_DISPOSITIONS,
    VOICE_QUANTILES,
    VOICE_SECONDS,
    artifacts,
)
from emulator.vendors.dograh.model import DograhRun, as_of
from emulator.vendors.dograh.tenancy import Organization, Workflow

# Above the generated blocks of four tenants (10,000,000 + 4 x 500,000,000) and within int32.
STARTED_IDS = 2_010_000_001
COUNTER = "started"  # state.memory: calls placed since the last reset


@dataclass(frozen=True, slots=True)
class Placing:
    """A call about to be placed: where it goes and what the route knows of it."""

    organization: Organization
    workflow: Workflow
    provider: str
    # The run's initial_context as the route builds it (runtime_configuration is added here,
    # as the pipeline adds it when the call connects).
    initial_context: Mapping[str, Any]
    # What the route stores in gathered_context once the provider dialled.
    gathered_context: Mapping[str, Any]


def next_id(state: State) -> int:
    placed: int = state.memory.get(COUNTER, 0)
    state.memory[COUNTER] = placed + 1
    return STARTED_IDS + placed


def draw_of(state: State, run_id: int) -> Draw:
    return Draw(key_of(state.settings.seed, "dograh", "started", run_id), 0)


def name_draw(state: State, run_id: int) -> Draw:
    """The draws of the run's name, apart from its outcome's."""
    return Draw(key_of(state.settings.seed, "dograh", "started", run_id), 1)


def place(state: State, placing: Placing, run_id: int, name: str, now: datetime) -> DograhRun:
    """The run of a call placed at `now` (in progress until its drawn end)."""
    draw = draw_of(state, run_id)
    seconds = max(
        1, round(float(interpolate(np.array([draw.unit()]), VOICE_QUANTILES, VOICE_SECONDS)[0]))
    )
    organization, workflow = placing.organization, placing.workflow
    configuration = details.runtime_configuration("telephony", organization, workflow.id)
    context = {**placing.initial_context, "runtime_configuration": configuration}
    disposition = draw.choice((*PIPELINE_DISPOSITIONS, *ORG_CODES))
    return DograhRun(
        id=run_id,
        organization_id=organization.id,
        workflow_id=workflow.id,
        workflow_name=workflow.name,
        name=name,
        created_at=now,
        call_type="outbound",
        mode=placing.provider,
        campaign_id=None,
        is_completed=True,
        usage_info=details.usage_info(
            draw, "telephony", seconds, context, organization, workflow.id
        ),
        dograh_token_usage=0.0,
        artifacts=artifacts(draw, run_id, "telephony", seconds),
        public_access_token=None,
        initial_context=context,
        gathered_context={
            **placing.gathered_context,
            **details.gathered(draw, disposition, "outbound"),
        },
        charge_usd=None,
        definition_id=workflow.id * 10 + draw.between(1, 4),
        ended_at=now + timedelta(seconds=seconds),
    )


def calls_in_progress(state: State, organization: Organization) -> int:
    """The organisation's API-placed calls still going at now (what holds its call slots)."""
    now = state.clock.now()
    started = state.store.tenant(organization.slug).of_origin("started", state.store.now_us)
    return sum(1 for run in started if not as_of(run, now).is_completed)
