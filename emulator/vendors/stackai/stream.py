"""The streamed answer of `POST /inference/v0/stream/{org_id}/{flow_id}`: one frame per step
of a started run, each an object with the run answer's keys, one per line (JSON Lines).

As a third party recorded real frames (docs/fidelity.md): progress frames carry `outputs: {}`
and `progress_data` (`current_node`, `total_nodes`, `started_nodes`, `completed_nodes`), text
frames carry a piece of `out-0` (appended by the client, or the text so far without `delta`),
`metadata` is `{}` and `state` null until the last frame, which has the final state and
`outputs: {}`. The emulator's flows have no node graph: a run's nodes are its input, one node
per LLM call, and its output node; a run that failed stops at a node after its last call.
The whole stream is written at once, since the run is finished when the call answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from emulator.vendors.stackai.model import StackRun
from emulator.vendors.stackai.started import OUTPUT, outputs

WORDS_PER_PIECE = 4
JSON_LINES = "application/x-ndjson"
EVENTS = "text/event-stream"


@dataclass(frozen=True, slots=True)
class Framing:
    is_delta: bool = True
    is_verbose: bool = True
    # `data: ` before each frame; as server-sent events, a blank line after each too.
    has_prefix: bool = False
    is_sse: bool = False

    @property
    def content_type(self) -> str:
        return EVENTS if self.is_sse else JSON_LINES


def nodes(run: StackRun) -> list[str]:
    calls = [f"llm-{n}" for n in range(len(run.llm_usage))]
    if run.state == "FAILED":
        return ["in-0", *calls, f"llm-{len(calls)}"]
    return ["in-0", *calls, OUTPUT]


def pieces(text: str) -> list[str]:
    """The text in pieces of a few words, each with the blanks before it: joined, the text."""
    words = text.split(" ")
    groups = range(0, len(words), WORDS_PER_PIECE)
    found = [" ".join(words[n : n + WORDS_PER_PIECE]) for n in groups]
    return [found[0], *(" " + piece for piece in found[1:])]


def frames(run: StackRun, framing: Framing) -> Iterator[dict[str, Any]]:
    steps = nodes(run)
    total = len(steps)
    for started, node in enumerate(steps, start=1):
        yield _frame(run, {}, _progress(node, total, started, started - 1))
    text, so_far = outputs(run).get(OUTPUT), ""
    for piece in [] if text is None else pieces(text):
        so_far += piece
        shown = piece if framing.is_delta else so_far
        yield _frame(run, {OUTPUT: shown}, _progress(steps[-1], total, total, total - 1))
    done = total if run.state == "COMPLETED" else total - 1
    last = _progress(steps[-1], total, total, done)
    yield {**_frame(run, {}, last), "state": run.state, "error": run.error}


def encoded(run: StackRun, framing: Framing) -> bytes:
    lines = []
    for frame in frames(run, framing):
        shown = frame if framing.is_verbose else {"outputs": frame["outputs"]}
        text = json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
        if framing.has_prefix or framing.is_sse:
            text = "data: " + text
        lines.append(text + ("\n\n" if framing.is_sse else "\n"))
    return "".join(lines).encode()


def _frame(run: StackRun, shown: dict[str, str], progress: dict[str, Any]) -> dict[str, Any]:
    return {"outputs": shown, "citations": None, "run_id": run.run_id, "metadata": {},
            "progress_data": progress, "state": None, "pause": None, "error": None}  # fmt: skip


def _progress(node: str, total: int, started: int, completed: int) -> dict[str, Any]:
    return {"current_node": node, "total_nodes": total, "started_nodes": started,
            "completed_nodes": completed}  # fmt: skip
