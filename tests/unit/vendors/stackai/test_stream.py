"""The streamed answer: a run's steps as frames, pieces that join into its answer, and the
framings the query asks for."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from emulator.runtime import Runtime
from emulator.vendors.stackai import started, stream
from emulator.vendors.stackai.model import StackRun
from emulator.vendors.stackai.tenancy import Organization

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def started_runs(runtime: Runtime, count: int) -> list[StackRun]:
    state = runtime.state("stackai")
    organization = state.tenants["northwind"]
    assert isinstance(organization, Organization)
    starting = started.Starting(
        organization.flows[0],
        organization.api_keys[0],
        {},
        ("c0000000-0000-4000-8000-000000000001",),
    )
    return [started.start(state, starting, started.next_id(state), NOW) for _ in range(count)]


def test_pieces_join_into_the_text_and_keep_its_blanks() -> None:
    for text in ("one", "a  b", " lead and trail ", "w1 w2 w3 w4 w5 w6 w7 w8 w9"):
        assert "".join(stream.pieces(text)) == text
    assert stream.pieces("w1 w2 w3 w4 w5 w6") == ["w1 w2 w3 w4", " w5 w6"]


def test_frames_walk_the_nodes_then_the_answer_then_end_in_the_state(runtime: Runtime) -> None:
    for run in started_runs(runtime, 30):
        frames = list(stream.frames(run, stream.Framing()))
        steps = stream.nodes(run)
        assert [f["progress_data"]["current_node"] for f in frames[: len(steps)]] == steps
        assert len(steps) == len(run.llm_usage) + 2
        joined = "".join(f["outputs"].get(started.OUTPUT, "") for f in frames)
        assert joined == (started.outputs(run).get(started.OUTPUT) or "")
        last = frames[-1]
        assert (last["state"], last["error"], last["outputs"]) == (run.state, run.error, {})
        done = last["progress_data"]["completed_nodes"]
        assert done == len(steps) - (run.state == "FAILED")
        assert all(f["state"] is None and f["run_id"] == run.run_id for f in frames[:-1])


def test_each_framing_writes_the_same_frames(runtime: Runtime) -> None:
    (run,) = started_runs(runtime, 1)
    lines = stream.encoded(run, stream.Framing()).decode().splitlines()
    assert [json.loads(line) for line in lines] == list(stream.frames(run, stream.Framing()))
    events = stream.encoded(run, stream.Framing(is_sse=True)).decode()
    assert events == "".join(f"data: {line}\n\n" for line in lines)
    assert stream.Framing(is_sse=True).content_type == "text/event-stream"
    brief = stream.encoded(run, stream.Framing(is_verbose=False)).decode().splitlines()
    assert [json.loads(line) for line in brief] == [{"outputs": json.loads(x)["outputs"]}
                                                   for x in lines]  # fmt: skip
