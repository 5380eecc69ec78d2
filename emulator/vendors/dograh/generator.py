"""Seeded Dograh runs as columns: telephony, web and chat runs that look and add up like the
vendor's, each made whole from its position only when read.

Columns hold what the usage list filters and sorts on (workflow, campaign, mode, direction,
duration, disposition, the caller and called numbers as indices into a per-tenant pool of
numbers); everything else of a run (its name digits, usage, contexts) is drawn when it is made.
Names follow the vendor's route patterns, numbers are E.164, artifacts are storage keys, and
durations, usage and artifacts agree: voice runs store whole seconds (`get_call_duration`
rounds), text chats fractions; an unanswered call has only its duration (0) in usage_info and
no artifacts (api/services/telephony/status_processor.py at dograh-hq/dograh@058c540c).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import Draw, below, cumulative, interpolate, mix, pick, unit
from emulator.engine.timeline import Column
from emulator.vendor import Generation
from emulator.vendors.dograh import details
from emulator.vendors.dograh.model import ARTIFACTS, DograhRun
from emulator.vendors.dograh.tenancy import Organization

HISTORY = timedelta(days=60)
MODES = ("twilio", "vonage", "plivo", "telnyx", "vobiz", "cloudonix", "ari", "webrtc",
         "smallwebrtc", "textchat")  # fmt: skip
TELEPHONY = (0, 0, 0, 1, 2, 3, 4, 5)  # twilio three times as likely as the others
CHANNELS = ("telephony", "web", "chat", "ari")
PIPELINE_DISPOSITIONS = (
    "user_hangup", "end_call_tool", "call_transferred", "voicemail_detected", "user_qualified",
    "user_disqualified", "call_duration_exceeded", "user_idle_max_duration_exceeded",
    "system_connect_error", "unexpected_error", "transfer_call", "transfer_call_failed", "unknown",
)  # fmt: skip
TELEPHONY_OUTCOMES = ("no-answer", "busy", "failed", "canceled", "error")
ORG_CODES = ("XFER", "DNC", "CALLBACK", "APPT_SET")
DISPOSITIONS = (*TELEPHONY_OUTCOMES, *PIPELINE_DISPOSITIONS, *ORG_CODES)
AREA_CODES = ("415", "212", "646", "312", "617", "512", "206", "305", "702", "404")
# Generated ids: each tenant its own block, above the curated fixtures (900,001+) and minted
# ids (9,000,001+) and within int32 (the vendor's ids are Postgres integers).
FIRST_ID = 10_000_000
ID_BLOCK = 500_000_000
# Seconds of a voice call at evenly spaced quantiles (piecewise linear in between): most calls
# last a minute or two, a few run to the 30-minute cap.
VOICE_QUANTILES = (0.0, 0.1, 0.3, 0.5, 0.7, 0.85, 0.95, 0.99, 1.0)
VOICE_SECONDS = (1.0, 12.0, 35.0, 70.0, 120.0, 200.0, 400.0, 900.0, 1800.0)
MAX_DURATION = timedelta(seconds=1800)
_SALTS = {name: n for n, name in enumerate(
    ("channel", "mode", "direction", "workflow", "campaign", "duration", "answered",
     "disposition", "caller", "called", "called_key", "tracks"), start=100)}  # fmt: skip


def runs_of(organization: Any, generation: Generation) -> DograhRuns:
    if not isinstance(organization, Organization):
        raise TypeError("not a Dograh organization")
    return DograhRuns(organization, generation)


@dataclass(frozen=True)
class DograhRuns:
    """One organisation's generated runs (emulator/engine/timeline.Generator)."""

    organization: Organization
    generation: Generation
    max_duration_us: int = MAX_DURATION // timedelta(microseconds=1)

    @property
    def first_id(self) -> int:
        return FIRST_ID + self.generation.tenant_index * ID_BLOCK

    @cached_property
    def numbers(self) -> tuple[str, ...]:
        """The tenant's pool of phone numbers: customers call and are called again."""
        size = max(64, min(20_000, self.generation.count // 8))
        return tuple(_phone(Draw(self.generation.key, n, 0x7E1)) for n in range(size))

    def numbers_matching(self, pattern: re.Pattern[str]) -> list[int]:
        """Indices of the pool's numbers a LIKE pattern matches (kept: clients repeat them)."""
        found = self._matches.get(pattern.pattern)
        if found is None:
            found = [i for i, number in enumerate(self.numbers) if pattern.fullmatch(number)]
            if len(self._matches) > 256:
                self._matches.clear()
            self._matches[pattern.pattern] = found
        return found

    @cached_property
    def _matches(self) -> dict[str, list[int]]:
        return {}

    def columns(
        self, positions: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]
    ) -> Mapping[str, Column]:
        key, org = self.generation.key, self.organization
        channel = pick(mix(key, positions, _SALTS["channel"]), cumulative((80, 10, 6, 4)))
        mode = _modes(channel, mix(key, positions, _SALTS["mode"]))
        inbound = (channel == 3) | (
            (channel == 0) & (unit(mix(key, positions, _SALTS["direction"])) < 0.35)
        )
        workflow = below(mix(key, positions, _SALTS["workflow"]), len(org.workflows))
        duration = self._durations(positions, channel)
        disposition = _dispositions(duration, mix(key, positions, _SALTS["disposition"]))
        caller, called, called_key = self._numbers(positions, channel, inbound)
        return {
            "end": starts + np.round(duration * 1_000_000).astype(np.int64),
            "channel": channel.astype(np.int8),
            "mode": mode.astype(np.int8),
            "inbound": inbound.astype(np.int8),
            "workflow": workflow.astype(np.int16),
            "campaign": self._campaigns(positions, channel, inbound),
            "duration": duration,
            "disposition": disposition.astype(np.int8),
            "caller": caller,
            "called": called,
            "called_key": called_key,
        }

    def _durations(self, positions: npt.NDArray[np.int64], channel: Column) -> Column:
        key = self.generation.key
        draws = unit(mix(key, positions, _SALTS["duration"]))
        voice = np.rint(interpolate(draws, VOICE_QUANTILES, VOICE_SECONDS))
        # Text chats last 20 s to 15 min, stored to the millisecond; the rest whole seconds.
        chat = np.round(20.0 + draws * 880.0, 3)
        duration = np.where(channel == 2, chat, voice)
        unanswered = (channel == 0) & (unit(mix(key, positions, _SALTS["answered"])) < 0.08)
        result: Column = np.where(unanswered, 0.0, duration)
        return result

    def _campaigns(
        self, positions: npt.NDArray[np.int64], channel: Column, inbound: Column
    ) -> Column:
        """1 + the campaign's index for campaign calls (outbound telephony), else 0."""
        campaigns = self.organization.campaigns
        if not campaigns:
            return np.zeros(len(positions), dtype=np.int16)
        bits = mix(self.generation.key, positions, _SALTS["campaign"])
        chosen = below(bits, len(campaigns)) + 1
        eligible = (channel == 0) & (inbound == 0) & (unit(bits ^ np.uint64(0xA5)) < 0.3)
        result: Column = np.where(eligible, chosen, 0).astype(np.int16)
        return result

    def _numbers(
        self, positions: npt.NDArray[np.int64], channel: Column, inbound: Column
    ) -> tuple[Column, Column, Column]:
        """Pool indices (-1: none) of the caller (inbound calls), the dialled number and the
        number under `called_number` in initial_context (every inbound call, half the
        outbound ones; the others name it `phone_number` only)."""
        key, size = self.generation.key, len(self.numbers)
        is_phone = (channel == 0) | (channel == 3)
        caller = np.where(
            is_phone & (inbound == 1), below(mix(key, positions, _SALTS["caller"]), size), -1
        )
        called = np.where(is_phone, below(mix(key, positions, _SALTS["called"]), size), -1)
        has_key = (inbound == 1) | (unit(mix(key, positions, _SALTS["called_key"])) < 0.5)
        called_key = np.where(is_phone & has_key, called, -1)
        return caller.astype(np.int32), called.astype(np.int32), called_key.astype(np.int32)

    def tiebreak(self, position: int) -> int:
        return self.first_id + position

    def position_of(self, ident: Hashable) -> int | None:
        if not isinstance(ident, int) or isinstance(ident, bool):
            return None
        position = ident - self.first_id
        return position if 0 <= position < ID_BLOCK else None

    def make(self, position: int, row: Mapping[str, Any]) -> DograhRun:
        draw = Draw(self.generation.key, position)
        channel = CHANNELS[row["channel"]]
        mode = MODES[row["mode"]]
        call_type = "inbound" if row["inbound"] else "outbound"
        workflow = self.organization.workflows[row["workflow"]]
        campaign = self.organization.campaigns[row["campaign"] - 1] if row["campaign"] else None
        caller = self.numbers[row["caller"]] if row["caller"] >= 0 else None
        called = self.numbers[row["called"]] if row["called"] >= 0 else None
        duration = float(row["duration"])
        run_id = self.first_id + position
        created = _instant(row["start"])
        has_started = duration > 0 or channel != "telephony"  # an unanswered call runs nothing
        context = details.initial_context(draw, channel, call_type, caller, called, mode,
                                          row["called_key"] >= 0, self.organization, workflow.id,
                                          has_started)  # fmt: skip
        return DograhRun(
            id=run_id,
            organization_id=self.organization.id,
            workflow_id=workflow.id,
            workflow_name=workflow.name,
            name=details.run_name(draw, channel, call_type, campaign, caller),
            created_at=created,
            call_type=call_type,
            mode=mode,
            campaign_id=campaign,
            is_completed=True,
            usage_info=details.usage_info(
                draw, channel, duration, context, self.organization, workflow.id
            ),
            dograh_token_usage=0.0,  # nothing writes cost_info since billing v2 (1f1149f4)
            artifacts=artifacts(draw, run_id, channel, duration),
            public_access_token=None,
            initial_context=context,
            gathered_context=details.gathered(draw, DISPOSITIONS[row["disposition"]], call_type),
            charge_usd=None,
            definition_id=workflow.id * 10 + draw.between(1, 4),
            ended_at=_instant(row["end"]),
        )


def _instant(micros: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros))


def _modes(channel: Column, bits: npt.NDArray[np.uint64]) -> Column:
    telephony = np.asarray(TELEPHONY)[below(bits, len(TELEPHONY))]
    web = 7 + below(bits ^ np.uint64(0x3C), 2)
    result: Column = np.select([channel == 0, channel == 1, channel == 2], [telephony, web, 9], 6)
    return result


def _dispositions(duration: Column, bits: npt.NDArray[np.uint64]) -> Column:
    """Telephony outcomes for unanswered calls, pipeline reasons and org codes otherwise."""
    outcome = below(bits, len(TELEPHONY_OUTCOMES))
    answered = len(TELEPHONY_OUTCOMES) + below(bits, len(PIPELINE_DISPOSITIONS) + len(ORG_CODES))
    result: Column = np.where(duration == 0.0, outcome, answered)
    return result


def _phone(draw: Draw) -> str:
    if draw.chance(0.1):
        return f"+447{draw.between(100, 999)}{draw.between(100000, 999999)}"
    return f"+1{draw.choice(AREA_CODES)}555{draw.below(10_000):04d}"


def artifacts(draw: Draw, run_id: int, channel: str, duration: float) -> dict[str, str | None]:
    found: dict[str, str | None] = dict.fromkeys(ARTIFACTS)
    if duration == 0.0:
        return found
    found["transcript"] = f"transcripts/{run_id}.txt"
    if channel != "chat":
        found["recording"] = f"recordings/{run_id}.wav"
        if draw.chance(0.5):
            found["user_recording"] = f"recordings/{run_id}/user.wav"
            found["bot_recording"] = f"recordings/{run_id}/bot.wav"
    return found
