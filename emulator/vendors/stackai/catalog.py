"""What generated StackAI runs draw from: LLM calls with their token usage, texts and errors.

Provider names are the vendor's LLMProviderEnum (its spec); model ids are the ones those
providers publish. Token counts are per call and add up to the run's `total_tokens`.
"""

from __future__ import annotations

import json
import random
from itertools import accumulate
from typing import Any

from emulator.vendors.stackai.model import LlmUsage

MODELS = (
    ("OpenAI", "gpt-4o-mini", 30),
    ("OpenAI", "gpt-4o", 18),
    ("OpenAI", "gpt-4.1", 10),
    ("Anthropic", "claude-3-5-sonnet-20241022", 14),
    ("Anthropic", "claude-3-7-sonnet-20250219", 8),
    ("Google", "gemini-1.5-pro", 6),
    ("Azure", "gpt-4o", 5),
    ("Groq", "llama-3.3-70b-versatile", 4),
    ("Mistral", "mistral-large-latest", 3),
    ("Bedrock", "anthropic.claude-3-haiku-20240307-v1:0", 2),
    ("Local", "llama3.1:8b", 1),
)
ERRORS = (
    "Rate limit reached for requests. Please try again in 20s.",
    "Request timed out after 300 seconds",
    "Node llm-0 failed: maximum context length is 128000 tokens",
    "Missing required input: in-0",
    "Knowledge base search failed: index is still being built",
    "Provider returned 503 Service Unavailable",
    "Python node code-0 raised KeyError: 'clauses'",
)
FEEDBACK = ("thumbs_up", "thumbs_down")
_MODEL_WEIGHTS = tuple(accumulate(m[2] for m in MODELS))


def llm_calls(rng: random.Random, connections: tuple[str, ...], at_most: int) -> list[LlmUsage]:
    """One to three LLM calls (never more than `at_most`), with the run's usage of each."""
    count = min(at_most, rng.choices((1, 2, 3), (60, 30, 10))[0])
    return [_call(rng, connections) for _ in range(count)]


def _call(rng: random.Random, connections: tuple[str, ...]) -> LlmUsage:
    provider, model, _ = rng.choices(MODELS, cum_weights=_MODEL_WEIGHTS)[0]
    prompt = int(rng.lognormvariate(7.0, 0.8)) + 20
    completion = int(rng.lognormvariate(5.2, 0.7)) + 1
    origin, connection = _origin(rng, provider, connections)
    return LlmUsage(provider, model, prompt + completion, prompt, completion, connection, origin)


def _origin(
    rng: random.Random, provider: str, connections: tuple[str, ...]
) -> tuple[str | None, str | None]:
    """Whose credentials the call used: StackAI's, a saved connection, or one sent per run."""
    if provider == "Local":
        return None, None
    roll = rng.random()
    if roll < 0.75:
        return "stack_ai", None
    if roll < 0.95:
        return "external_db", rng.choice(connections)
    return "external_ephemeral", None


def encoded(values: dict[str, Any]) -> str:
    """Node values as the run log keeps them: a JSON object by node id (inferred)."""
    return json.dumps(values, ensure_ascii=False)


def question(fake: Any) -> str:
    return str(fake.sentence(nb_words=9)).rstrip(".") + "?"


def passage(fake: Any, sentences: int) -> str:
    return str(fake.paragraph(nb_sentences=sentences))
