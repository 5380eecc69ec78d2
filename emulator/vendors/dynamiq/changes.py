"""What a client changes in a run's life: a cancel (docs: cancelRun) and an answer to its input
request (docs: sendRunInput), each a new version of the run that the store keeps from then on.

A cancel ends the run at its instant; what was served before stays true (its events up to then
are those of the life it cut short, `interrupted`). An answer resolves the pending request at
its instant: a planned run (generated, or started by a client) goes on at once and does the
rest of its work, ending as much earlier as the answer came before the human it was waiting
for would have given it; a record's run resumes (`started`) and stays as the record says.
What the answer says does not change the run's outcome, drawn when it was made (inferred).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from emulator.errors import ApiError
from emulator.vendors.dynamiq.body import RunInput
from emulator.vendors.dynamiq.model import TERMINAL, WAITING, DynamiqRun, InputRequest, as_of

# The body's `type` that answers each kind of request (docs: sendRunInput shows
# `human_feedback`; the approval answer's name is inferred).
ANSWERS = {"approval_request": "approval", "human_feedback_request": "human_feedback"}


def cancel(run: DynamiqRun, now: datetime) -> DynamiqRun | None:
    """The run canceled at `now`, or None when it is already over (a no-op, still a 200)."""
    if as_of(run, now).status in TERMINAL:
        return None
    # A run canceled in the queue never started: it starts and ends at the cancel (the API
    # shows a started_at on every finished run; inferred).
    started = run.started_at if run.started_at is not None and run.started_at <= now else now
    requests = tuple(
        r if r.answered_at is not None and r.answered_at <= now else replace(r, answered_at=now)
        for r in run.input_requests
    )
    return replace(run, status="canceled", started_at=started, ended_at=now, output=None,
                   error=None, input_requests=requests, interrupted=run)  # fmt: skip


def answered(run: DynamiqRun, answer: RunInput, now: datetime) -> DynamiqRun:
    """The run once `answer` resolved its pending request at `now`; a 400 when it cannot."""
    shown = as_of(run, now)
    if shown.status not in WAITING:
        raise _refused({"run_id": "must be a started or paused run"})
    request = next((r for r in shown.input_requests if r.id == answer.request_id), None)
    if request is None:
        raise _refused({"data": {"request_id": "must match a pending input request"}})
    if ANSWERS.get(request.type) != answer.type:
        raise _refused({"type": f"must be {ANSWERS.get(request.type)} for this request"})
    if request.asked_at is None or request.answered_at is None or run.ended_at is None:
        return _resumed(run, request, now)
    early = request.answered_at - now
    now_answered = replace(request, answered_at=now)
    requests = tuple(now_answered if r.id == request.id else r for r in run.input_requests)
    return replace(run, ended_at=run.ended_at - early, input_requests=requests)


def _resumed(run: DynamiqRun, request: InputRequest, now: datetime) -> DynamiqRun:
    """A record's run: its request answered now, the run working again."""
    requests = tuple(replace(r, answered_at=now) if r.id == request.id else r
                     for r in run.input_requests)  # fmt: skip
    return replace(run, status="started", input_requests=requests)


def _refused(details: dict[str, object]) -> ApiError:
    return ApiError(400, "bad_request", "Bad Request", details=details)
