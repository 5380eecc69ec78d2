"""What a made Dograh run carries beyond its columns, drawn from its position: its name, its
initial and gathered context, and its usage as the pipeline writes it.

Shapes follow dograh-hq/dograh@058c540c: `usage_info` keys are `"<processor>|||<model>"`, the
processor being the pipecat service's `name`, `<Class>#<n>` with a per-process counter
(pipecat utils/base_object.py); an llm value carries the five token counts, a tts value the
characters spoken, and voice runs have an empty `stt` (the aggregator records no STT usage:
api/services/pipecat/pipeline_metrics_aggregator.py). Every run whose pipeline started has
`initial_context.runtime_configuration` (api/services/pipecat/run_pipeline.py; text chats
name only their LLM: api/services/workflow/text_chat_runner.py).
"""

from __future__ import annotations

from typing import Any

from emulator.engine import words
from emulator.engine.mix import Draw
from emulator.vendors.dograh.tenancy import Organization

# (runtime_configuration, llm processor class, tts processor class or None) per stack a
# workflow runs on: Dograh-managed, two bring-your-own-key stacks, one realtime model.
STACKS: tuple[tuple[dict[str, str], str, str | None], ...] = (
    ({"stt_provider": "dograh", "stt_model": "default", "tts_provider": "dograh",
      "tts_model": "default", "llm_provider": "dograh", "llm_model": "default"},
     "DograhLLMService", "DograhTTSService"),
    ({"stt_provider": "deepgram", "stt_model": "nova-3-general", "tts_provider": "elevenlabs",
      "tts_model": "eleven_flash_v2_5", "llm_provider": "openai", "llm_model": "gpt-4.1"},
     "OpenAILLMService", "ElevenLabsTTSService"),
    ({"stt_provider": "deepgram", "stt_model": "nova-3-general", "tts_provider": "cartesia",
      "tts_model": "sonic-2", "llm_provider": "groq", "llm_model": "llama-3.3-70b-versatile"},
     "GroqLLMService", "CartesiaTTSService"),
    ({"realtime_provider": "openai_realtime", "realtime_model": "gpt-4o-realtime-preview",
      "llm_provider": "openai", "llm_model": "gpt-4.1-mini"},
     "DograhOpenAIRealtimeLLMService", None),
)  # fmt: skip
CHAT_STACKS = (("openai", "gpt-4.1-mini", "OpenAILLMService"),
               ("dograh", "default", "DograhLLMService"))  # fmt: skip


def stack_of(organization: Organization, workflow_id: int) -> int:
    """A workflow always runs on the same stack."""
    return (workflow_id * 7 + organization.id) % len(STACKS)


def run_name(
    draw: Draw, channel: str, call_type: str, campaign: int | None, caller: str | None
) -> str:
    if channel == "ari":
        return f"ARI Inbound {caller}"
    if campaign is not None:
        return f"WR-CAMPAIGN-{campaign}-{draw.between(1000, 99999)}"
    if channel == "telephony":
        direction = "IN" if call_type == "inbound" else "OUT"
        return f"WR-TEL-{direction}-{draw.below(100_000_000):08d}"
    if channel == "chat":
        return f"WR-AGS-{draw.below(100_000_000):08d}"
    kind = draw.below(3)
    if kind == 2:
        return f"{words.first_name(draw)} test call"
    return f"WR-{('TEST', 'API')[kind]}-{draw.between(1000, 9999)}"


def initial_context(
    draw: Draw, channel: str, call_type: str, caller: str | None, called: str | None,
    mode: str, has_called_key: bool, organization: Organization, workflow_id: int,
    has_started: bool,
) -> dict[str, Any]:  # fmt: skip
    context = _caller_context(draw, channel, call_type, caller, called, mode, has_called_key)
    if has_started:
        context["runtime_configuration"] = runtime_configuration(channel, organization, workflow_id)
    return context


def _caller_context(
    draw: Draw, channel: str, call_type: str, caller: str | None, called: str | None, mode: str,
    has_called_key: bool,
) -> dict[str, Any]:  # fmt: skip
    if channel in ("web", "chat"):
        return {"trigger_mode": "test", "customer_name": words.first_name(draw)}
    configuration = draw.between(1, 9)
    if call_type == "inbound":
        return {"caller_number": caller, "called_number": called, "direction": "inbound",
                "provider": mode, "telephony_configuration_id": configuration}  # fmt: skip
    context = {"provider": mode, "direction": "outbound", "phone_number": called,
               "trigger_mode": "production", "telephony_configuration_id": configuration,
               "customer_name": words.full_name(draw)}  # fmt: skip
    if has_called_key:
        context["called_number"] = called
    return context


def runtime_configuration(
    channel: str, organization: Organization, workflow_id: int
) -> dict[str, str]:
    if channel == "chat":
        provider, model, _ = CHAT_STACKS[workflow_id % len(CHAT_STACKS)]
        return {"llm_provider": provider, "llm_model": model}
    return dict(STACKS[stack_of(organization, workflow_id)][0])


def usage_info(
    draw: Draw, channel: str, duration: float, context: dict[str, Any], organization: Organization,
    workflow_id: int,
) -> dict[str, Any]:  # fmt: skip
    """The run's usage when it ended: only the duration for a call nobody answered."""
    if "runtime_configuration" not in context:
        return {"call_duration_seconds": int(duration)}
    turns = max(1, int(duration / 9))
    if channel == "chat":
        _, model, processor = CHAT_STACKS[workflow_id % len(CHAT_STACKS)]
        llm = {_key(draw, processor, model): _tokens(draw, turns)}
        return {"llm": llm, "tts": {}, "stt": {}, "call_duration_seconds": duration}
    configuration, processor, speaker = STACKS[stack_of(organization, workflow_id)]
    model = configuration.get("realtime_model", configuration["llm_model"])
    tts = {} if speaker is None else {
        _key(draw, speaker, configuration["tts_model"]): turns * draw.between(60, 160)
    }  # fmt: skip
    return {"llm": {_key(draw, processor, model): _tokens(draw, turns)}, "tts": tts, "stt": {},
            "call_duration_seconds": int(duration)}  # fmt: skip


def _key(draw: Draw, processor: str, model: str) -> str:
    # pipecat names a service `<Class>#<n>`, n counting instances per worker process.
    return f"{processor}#{draw.below(400)}|||{model}"


def _tokens(draw: Draw, turns: int) -> dict[str, int]:
    prompt = turns * draw.between(900, 1600)
    completion = turns * draw.between(30, 90)
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "cache_read_input_tokens": int(prompt * draw.uniform(0.0, 0.6)),
        "cache_creation_input_tokens": draw.below(2048),
    }


def gathered(draw: Draw, disposition: str, call_type: str) -> dict[str, Any]:
    context: dict[str, Any] = {"mapped_call_disposition": disposition}
    if draw.chance(0.6):
        context["appointment_confirmed"] = draw.chance(0.5)
        context["summary"] = words.sentence(draw)
    if call_type == "inbound":
        context["call_id"] = draw.uuid4()
    return context
