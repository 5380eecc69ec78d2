"""What generated StackAI runs draw from: LLM calls with their token usage, texts and errors.

Provider names are the vendor's LLMProviderEnum (its spec); model ids are the ones those
providers publish. Token counts come from piecewise-linear quantile tables (most prompts about
a thousand tokens, a few near the context limits), drawn per call from the run's position, so
that the columns (a run's total) and the run made whole (each call) agree.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import numpy.typing as npt

from emulator.engine import words
from emulator.engine.mix import Draw, cumulative, mix, mix1, pick1, unit, unit1
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
# A run makes up to three LLM calls; call n of position p draws at "position" p * 3 + n.
MAX_CALLS = 3
_PROMPT_SALT, _COMPLETION_SALT = 0x300, 0x301
# Each organisation's runs pick their texts from pools this large (drawn when first used).
TEXTS = 300
_MODEL_TOTALS = cumulative([m[2] for m in MODELS])
_TEXT_SALTS = {"question": 4 << 24, "document": 5 << 24, "answer": 6 << 24}
Ints = npt.NDArray[np.int64]


class Quantiles:
    """A piecewise-linear quantile function, evaluated the same way (one subtraction, one
    multiplication, one addition per value) for a column and for one run."""

    __slots__ = ("at", "slopes", "values")

    def __init__(self, at: tuple[float, ...], values: tuple[float, ...]) -> None:
        self.at, self.values = at, values
        pairs = zip(at, at[1:], values, values[1:], strict=False)
        self.slopes = tuple((v1 - v0) / (a1 - a0) for a0, a1, v0, v1 in pairs)

    def of(self, draws: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        # The segment of each draw in [0, 1): how many inner bounds it has reached.
        segment = (draws[:, None] >= np.asarray(self.at[1:-1])).sum(axis=1)
        at, values, slopes = (np.asarray(t)[segment] for t in (self.at, self.values, self.slopes))
        found: npt.NDArray[np.float64] = values + (draws - at) * slopes
        return found

    def of1(self, draw: float) -> float:
        segment = sum(draw >= bound for bound in self.at[1:-1])
        return self.values[segment] + (draw - self.at[segment]) * self.slopes[segment]


_QUANTILES = (0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0)
PROMPT = Quantiles(_QUANTILES, (80.0, 390.0, 640.0, 1100.0, 1880.0, 3060.0, 7000.0, 12000.0))
COMPLETION = Quantiles(_QUANTILES, (8.0, 74.0, 113.0, 181.0, 290.0, 443.0, 920.0, 1600.0))


def call_tokens(key: int, positions: Ints, call: int) -> tuple[Ints, Ints]:
    """(prompt, completion) tokens of call number `call` of each position's run."""
    at = positions * MAX_CALLS + call
    prompt = np.floor(PROMPT.of(unit(mix(key, at, _PROMPT_SALT))))
    completion = np.floor(COMPLETION.of(unit(mix(key, at, _COMPLETION_SALT))))
    return prompt.astype(np.int64), completion.astype(np.int64)


def call_tokens1(key: int, position: int, call: int) -> tuple[int, int]:
    """The same for one run's call."""
    at = position * MAX_CALLS + call
    prompt = PROMPT.of1(unit1(mix1(key, at, _PROMPT_SALT)))
    return math.floor(prompt), math.floor(COMPLETION.of1(unit1(mix1(key, at, _COMPLETION_SALT))))


def llm_calls(
    draw: Draw, key: int, position: int, count: int, connections: tuple[str, ...]
) -> tuple[LlmUsage, ...]:
    """The run's `count` LLM calls, with the token counts its columns summed."""
    calls = []
    for n in range(count):
        prompt, completion = call_tokens1(key, position, n)
        provider, model, _ = MODELS[pick1(draw.bits(), _MODEL_TOTALS)]
        origin, connection = _origin(draw, provider, connections)
        usage = LlmUsage(
            provider, model, prompt + completion, prompt, completion, connection, origin
        )
        calls.append(usage)
    return tuple(calls)


def _origin(
    draw: Draw, provider: str, connections: tuple[str, ...]
) -> tuple[str | None, str | None]:
    """Whose credentials the call used: StackAI's, a saved connection, or one sent per run."""
    if provider == "Local":
        return None, None
    roll = draw.unit()
    if roll < 0.75:
        return "stack_ai", None
    if roll < 0.95:
        return "external_db", draw.choice(connections)
    return "external_ephemeral", None


def text(key: int, kind: str, index: int) -> str:
    """Text number `index` of an organisation's pool of `kind`: what a run was given (chat
    questions, documents) or answered, as the run log keeps node values: a JSON object by
    node id."""
    draw = Draw(key, index, _TEXT_SALTS[kind])
    if kind == "question":
        return encoded({"in-0": words.question(draw)})
    if kind == "document":
        return encoded({"in-0": words.paragraph(draw, 3)})
    return encoded({"out-0": words.paragraph(draw, 2)})


def encoded(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False)
