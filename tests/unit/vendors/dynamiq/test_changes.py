"""A cancel ends a run at its instant and keeps what was true before; an answer resolves the
pending request, and a planned run then goes on at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from emulator.errors import ApiError
from emulator.vendors.dynamiq.body import RunInput
from emulator.vendors.dynamiq.changes import answered, cancel
from emulator.vendors.dynamiq.events import events_of
from emulator.vendors.dynamiq.model import DynamiqRun, InputRequest, as_of, to_record

START = datetime(2026, 10, 1, 10, 0, 0, tzinfo=UTC)
ASKED, ANSWERED, END = (START + timedelta(seconds=s) for s in (20, 3620, 3650))
REQUEST = InputRequest("0d464138-a623-4255-bfc1-ea36f17fd374", "approval_request", "Refund?",
                       {"amount": 200.0}, ("amount",), ASKED, ANSWERED, True)  # fmt: skip
PLANNED = DynamiqRun(
    id="11111111-2222-4333-8444-555555555555", app_id="c0aed9c5-9d6b-423f-b36b-96a0692fd360",
    status="completed", created_at=START - timedelta(seconds=5), started_at=START, ended_at=END,
    input={"order_id": "ORD-1"}, output={"decision": "approved", "refund_amount": 200.0},
    error=None, user_id=None, session_id=None, input_requests=(REQUEST,),
)  # fmt: skip
RECORD = replace(PLANNED, status="paused", ended_at=None, output=None,
                 input_requests=(replace(REQUEST, asked_at=None, answered_at=None),))  # fmt: skip


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def test_a_cancel_ends_the_run_and_keeps_its_past_events() -> None:
    canceled = cancel(PLANNED, at(30))
    assert canceled is not None
    assert (canceled.status, canceled.ended_at, canceled.output) == ("canceled", at(30), None)
    before = events_of(PLANNED, "returns", at(30))
    after = events_of(canceled, "returns")
    assert after[:-1] == before and after[-1].type == "run.canceled"
    assert after[-1].sequence == len(before) + 1 and after[-1].timestamp == at(30)
    assert events_of(canceled, "returns", at(10)) == events_of(PLANNED, "returns", at(10))
    assert as_of(canceled, at(25)).reported_status == "awaiting_input"
    assert "input_requests" not in to_record(canceled)


def test_a_run_canceled_in_the_queue_starts_and_ends_at_the_cancel() -> None:
    canceled = cancel(PLANNED, at(-2))
    assert canceled is not None
    assert canceled.started_at == canceled.ended_at == at(-2)
    assert as_of(canceled, at(-3)).status == "created"
    assert [e.type for e in events_of(canceled, "returns")] == ["run.canceled"]


def test_a_finished_run_is_not_canceled() -> None:
    assert cancel(PLANNED, END) is None
    assert cancel(cancel(PLANNED, at(1)) or PLANNED, at(2)) is None


def test_an_answer_moves_the_rest_of_a_planned_run_earlier() -> None:
    done = answered(PLANNED, RunInput("approval", REQUEST.id), at(100))
    assert done.ended_at == END - (ANSWERED - at(100))
    assert as_of(done, at(100)).reported_status == "started"
    before, after = events_of(PLANNED, "returns", at(100)), events_of(done, "returns", at(100))
    assert after[: len(before)] == before
    assert after[len(before)].type == "run.resumed" and after[len(before)].timestamp == at(100)


def test_an_answer_resumes_a_record() -> None:
    done = answered(RECORD, RunInput("approval", REQUEST.id), at(100))
    assert as_of(done, at(100)).reported_status == "started"
    assert as_of(done, at(99)).reported_status == "awaiting_input"


@pytest.mark.parametrize(
    ("run", "answer", "details"),
    [
        (PLANNED, RunInput("approval", REQUEST.id), {"run_id": "must be a started or paused run"}),
        (RECORD, RunInput("approval", PLANNED.id),
         {"data": {"request_id": "must match a pending input request"}}),
        (RECORD, RunInput("human_feedback", REQUEST.id),
         {"type": "must be approval for this request"}),
    ],
)  # fmt: skip
def test_answers_that_do_not_fit(run: DynamiqRun, answer: RunInput, details: object) -> None:
    moment = END if run is PLANNED else at(100)
    with pytest.raises(ApiError) as caught:
        answered(run, answer, moment)
    assert (caught.value.status, caught.value.details) == (400, details)
