"""Runs started through the inference API: made whole at once from the seed and their id,
finished when the call answers, and the answer the call gives."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import State, discover
from emulator.vendors.stackai import model, started
from emulator.vendors.stackai.model import SUCCESS, as_of, llms_of
from emulator.vendors.stackai.tenancy import Organization

NOW = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)


def stackai(runtime: Runtime) -> tuple[State, Organization]:
    state = runtime.state("stackai")
    organization = state.tenants["northwind"]
    assert isinstance(organization, Organization)
    return state, organization


def starting(organization: Organization, **inputs: object) -> started.Starting:
    flow, key = organization.flows[0], organization.api_keys[0]
    return started.Starting(flow, key, inputs, ("c0000000-0000-4000-8000-000000000001",))


def test_ids_are_uuid4_counted_since_the_last_reset_and_fixed_by_the_seed(
    runtime: Runtime,
) -> None:
    state, _ = stackai(runtime)
    first = [started.next_id(state) for _ in range(3)]
    assert len(set(first)) == 3 and all(i[14] == "4" and i[19] in "89ab" for i in first)
    state.memory.clear()
    assert [started.next_id(state) for _ in range(3)] == first
    other = Runtime.start(Settings(seed=7), discover(("stackai",))).state("stackai")
    assert started.next_id(other) != first[0]


def test_the_run_is_finished_at_its_start_and_adds_up(runtime: Runtime) -> None:
    state, organization = stackai(runtime)
    for n in range(40):
        run_id = started.next_id(state)
        run = started.start(state, starting(organization, **{"in-0": f"q{n}"}), run_id, NOW)
        assert (run.date, run.ended_at, as_of(run, NOW)) == (NOW, NOW, run)
        assert run.state in ("COMPLETED", "FAILED") and run.is_flow_successful == SUCCESS[run.state]
        assert (run.error is None) == (run.state == "COMPLETED") == (run.outputs is not None)
        assert run.total_tokens == sum(u.tokens or 0 for u in run.llm_usage)
        assert run.llms == llms_of(run.llm_usage) and run.latency is not None
        assert run.latency >= 1.5 * len(run.llm_usage) + 0.29
        assert json.loads(run.inputs or "") == {"in-0": f"q{n}"}


def test_the_outcome_is_drawn_from_the_seed_and_the_id_alone(runtime: Runtime) -> None:
    state, organization = stackai(runtime)
    ids = [started.next_id(state) for _ in range(30)]
    runs = [started.start(state, starting(organization), i, NOW) for i in ids]
    again = [started.start(state, starting(organization), i, NOW) for i in ids]
    assert runs == again
    assert {r.state for r in runs} == {"COMPLETED", "FAILED"}
    assert len({(r.total_tokens, r.latency) for r in runs}) == len(runs)


def test_who_ran_it_and_for_whom(runtime: Runtime) -> None:
    state, organization = stackai(runtime)
    personal = organization.api_keys[1]
    chat = replace(starting(organization, user_id="ana"), key=personal, flow=organization.flows[1])
    run = started.start(state, chat, started.next_id(state), NOW)
    assert (run.run_type, run.ran_by_type, run.ran_by_id, run.ran_by_display_name) == (
        "api", "personal_api_key", personal.id, personal.name,
    )  # fmt: skip
    assert run.user_id == "ana" and run.inputs == "{}" and run.conversation_id is not None
    same = started.start(state, chat, started.next_id(state), NOW)
    assert same.conversation_id == run.conversation_id
    plain = started.start(state, starting(organization, user_id="ana"), started.next_id(state), NOW)
    assert plain.conversation_id is None  # a workflow, not an assistant


def test_the_answer_carries_the_runs_outputs_or_its_error(runtime: Runtime) -> None:
    state, organization = stackai(runtime)
    runs = [started.start(state, starting(organization), started.next_id(state), NOW)
            for _ in range(40)]  # fmt: skip
    done = next(r for r in runs if r.state == "COMPLETED")
    failed = next(r for r in runs if r.state == "FAILED")
    answer = started.answer(done, is_verbose=True)
    assert answer == {"outputs": json.loads(done.outputs or ""), "citations": None,
                      "run_id": done.run_id, "metadata": None, "progress_data": None,
                      "state": "COMPLETED", "pause": None, "error": None}  # fmt: skip
    assert list(answer["outputs"]) == [started.OUTPUT]
    assert started.answer(failed, is_verbose=True)["outputs"] == {}
    assert started.answer(failed, is_verbose=True)["error"] == failed.error
    assert started.answer(done, is_verbose=False) == {"outputs": answer["outputs"]}


def test_a_started_run_round_trips_through_its_record(runtime: Runtime) -> None:
    state, organization = stackai(runtime)
    run = started.start(state, starting(organization, user_id="u"), started.next_id(state), NOW)
    assert model.from_record(model.to_record(run), organization) == run
