"""Seeded Dograh runs: telephony, web and chat runs that look and add up like the vendor's.

Names follow the vendor's route patterns, numbers are E.164, artifacts are storage keys, and
durations, usage and artifacts agree (no recording on a zero-second call; in-progress runs
have empty usage_info). Everything comes from one `random.Random` and one seeded Faker.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from faker import Faker

from emulator.vendor import Generation
from emulator.vendors.dograh.model import ARTIFACTS, DograhRun
from emulator.vendors.dograh.tenancy import Organization

HISTORY = timedelta(days=60)
RUNNING_WINDOW = timedelta(minutes=30)
TELEPHONY_MODES = ("twilio", "twilio", "twilio", "vonage", "plivo", "telnyx", "vobiz", "cloudonix")
PIPELINE_DISPOSITIONS = (
    "user_hangup", "end_call_tool", "call_transferred", "voicemail_detected", "user_qualified",
    "user_disqualified", "call_duration_exceeded", "user_idle_max_duration_exceeded",
    "system_connect_error", "unexpected_error", "transfer_call", "transfer_call_failed", "unknown",
)  # fmt: skip
TELEPHONY_OUTCOMES = ("no-answer", "busy", "failed", "canceled", "error")
ORG_CODES = ("XFER", "DNC", "CALLBACK", "APPT_SET")
AREA_CODES = ("415", "212", "646", "312", "617", "512", "206", "305", "702", "404")
LLM_MODELS = ("gpt-4.1-mini", "gpt-4o-mini", "claude-3-5-haiku", "llama-3.3-70b")
# Run ids are global autoincrement values at the vendor; each tenant gets its own block.
ID_BLOCK = 1_000_000


# Faker draws are the slow part of generation; each tenant draws these pools once and its runs
# pick from them, which keeps names varied while generation stays linear and cheap.
POOL = 400


@dataclass(slots=True)
class _Draw:
    rng: random.Random
    organization: Organization
    names: list[str]
    first_names: list[str]
    sentences: list[str]

    @classmethod
    def seeded(cls, rng: random.Random, fake: Any, organization: Organization, count: int) -> _Draw:
        size = max(16, min(POOL, count // 4))  # small datasets draw few names, large ones 400
        return cls(
            rng,
            organization,
            [fake.name() for _ in range(size)],
            [fake.first_name() for _ in range(size)],
            [fake.sentence(nb_words=10) for _ in range(size)],
        )


def generate(organization: Any, generation: Generation) -> list[DograhRun]:
    if not isinstance(organization, Organization):
        raise TypeError("not a Dograh organization")
    rng = random.Random(generation.seed)
    fake = Faker("en_US")
    fake.seed_instance(int.from_bytes(generation.seed[:8], "big"))
    draw = _Draw.seeded(rng, fake, organization, generation.count)
    span = HISTORY.total_seconds()
    offsets = sorted(rng.uniform(0, span) for _ in range(generation.count))
    first_id = 40_000 + generation.tenant_index * ID_BLOCK
    return [
        _run(draw, first_id + n, generation.epoch - timedelta(seconds=span - offset), generation)
        for n, offset in enumerate(offsets)
    ]


def _run(draw: _Draw, run_id: int, created: Any, generation: Generation) -> DograhRun:
    rng = draw.rng
    workflow = rng.choice(draw.organization.workflows)
    channel, mode, call_type = _channel(rng)
    campaign = _campaign(draw, channel, call_type)
    # Runs of the last half hour may still be going (vendor: usage_info {} until the end).
    is_running = generation.epoch - created < RUNNING_WINDOW and rng.random() < 0.7
    duration = None if is_running else _duration(rng, channel)
    disposition = None if is_running else _disposition(rng, duration or 0.0)
    caller, called = _numbers(draw, channel)
    artifacts = _artifacts(rng, run_id, channel, duration)
    return DograhRun(
        id=run_id,
        organization_id=draw.organization.id,
        workflow_id=workflow.id,
        workflow_name=workflow.name,
        name=_name(draw, channel, call_type, campaign, caller),
        created_at=created.replace(microsecond=0 if rng.random() < 0.05 else created.microsecond),
        call_type=call_type,
        mode=mode,
        campaign_id=campaign,
        is_completed=not is_running,
        usage_info={} if duration is None else _usage(rng, duration),
        dograh_token_usage=0.0 if duration is None else round(duration / 60 * 1.8, 2),
        artifacts=artifacts,
        public_access_token=None,
        initial_context=_initial_context(draw, channel, call_type, caller, called, mode),
        gathered_context=None if is_running else _gathered(draw, disposition, call_type),
        charge_usd=None,
        definition_id=workflow.id * 10 + rng.randint(1, 4),
    )


def _channel(rng: random.Random) -> tuple[str, str, str]:
    """How the run was held: its channel, the mode the vendor records, and its direction."""
    channel = rng.choices(("telephony", "web", "chat", "ari"), (80, 10, 6, 4))[0]
    mode = {"telephony": rng.choice(TELEPHONY_MODES), "web": rng.choice(("webrtc", "smallwebrtc")),
            "chat": "textchat", "ari": "ari"}[channel]  # fmt: skip
    call_type = "inbound" if channel == "ari" or rng.random() < 0.35 else "outbound"
    return channel, mode, "outbound" if channel in ("web", "chat") else call_type


def _campaign(draw: _Draw, channel: str, call_type: str) -> int | None:
    campaigns = draw.organization.campaigns
    if channel != "telephony" or call_type != "outbound" or not campaigns:
        return None
    return draw.rng.choice(campaigns) if draw.rng.random() < 0.3 else None


def _duration(rng: random.Random, channel: str) -> float:
    if rng.random() < 0.08:
        return 0.0  # never answered
    if channel == "chat":
        return round(rng.uniform(20, 900), 3)
    return round(min(rng.lognormvariate(4.3, 0.9), 1800.0), 3)


def _disposition(rng: random.Random, duration: float) -> str:
    if duration == 0.0:
        return rng.choice(TELEPHONY_OUTCOMES)
    return rng.choice(PIPELINE_DISPOSITIONS + ORG_CODES)


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}".replace(" ", "")
    return f"+1{rng.choice(AREA_CODES)}555{rng.randint(0, 9999):04d}"


def _numbers(draw: _Draw, channel: str) -> tuple[str | None, str | None]:
    if channel in ("web", "chat"):
        return None, None
    return _phone(draw.rng), _phone(draw.rng)


def _name(
    draw: _Draw, channel: str, call_type: str, campaign: int | None, caller: str | None
) -> str:
    rng = draw.rng
    if channel == "ari":
        return f"ARI Inbound {caller}"
    if campaign is not None:
        return f"WR-CAMPAIGN-{campaign}-{rng.randint(1000, 99999)}"
    if channel == "telephony":
        direction = "IN" if call_type == "inbound" else "OUT"
        return f"WR-TEL-{direction}-{rng.randint(0, 99_999_999):08d}"
    if channel == "chat":
        return f"WR-AGS-{rng.randint(0, 99_999_999):08d}"
    return rng.choice((f"WR-TEST-{rng.randint(1000, 9999)}", f"WR-API-{rng.randint(1000, 9999)}",
                       f"{draw.rng.choice(draw.first_names)} test call"))  # fmt: skip


def _artifacts(
    rng: random.Random, run_id: int, channel: str, duration: float | None
) -> dict[str, str | None]:
    found: dict[str, str | None] = dict.fromkeys(ARTIFACTS)
    if duration is None or duration == 0.0:
        return found
    found["transcript"] = f"transcripts/{run_id}.txt"
    if channel != "chat":
        found["recording"] = f"recordings/{run_id}.wav"
        if rng.random() < 0.5:
            found["user_recording"] = f"recordings/{run_id}/user.wav"
            found["bot_recording"] = f"recordings/{run_id}/bot.wav"
    return found


def _usage(rng: random.Random, duration: float) -> dict[str, Any]:
    turns = max(1, int(duration / 9))
    prompt = turns * rng.randint(900, 1600)
    return {
        "llm": {rng.choice(LLM_MODELS): {"prompt_tokens": prompt,
                                         "completion_tokens": turns * rng.randint(30, 90)}},
        "tts": {"characters": turns * rng.randint(60, 160)},
        "stt": {"seconds": round(duration * 0.45, 2)},
        "call_duration_seconds": duration,
    }  # fmt: skip


def _initial_context(
    draw: _Draw, channel: str, call_type: str, caller: str | None, called: str | None, mode: str
) -> dict[str, Any]:
    if channel in ("web", "chat"):
        return {"trigger_mode": "test", "customer_name": draw.rng.choice(draw.first_names)}
    configuration = draw.rng.randint(1, 9)
    if call_type == "inbound":
        return {"caller_number": caller, "called_number": called, "direction": "inbound",
                "provider": mode, "telephony_configuration_id": configuration}  # fmt: skip
    context = {"provider": mode, "direction": "outbound", "phone_number": called,
               "trigger_mode": "production", "telephony_configuration_id": configuration,
               "customer_name": draw.rng.choice(draw.names)}  # fmt: skip
    if draw.rng.random() < 0.5:
        context["called_number"] = called
    return context


def _gathered(draw: _Draw, disposition: str | None, call_type: str) -> dict[str, Any]:
    context: dict[str, Any] = {"mapped_call_disposition": disposition}
    if draw.rng.random() < 0.6:
        context["appointment_confirmed"] = draw.rng.random() < 0.5
        context["summary"] = draw.rng.choice(draw.sentences)
    if call_type == "inbound":
        context["call_id"] = str(uuid.UUID(int=draw.rng.getrandbits(128), version=4))
    return context
