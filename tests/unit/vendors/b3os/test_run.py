"""A run's progress and how it is served at an instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.vendors.b3os.run import Progress, as_of, charge, is_finished, list_item, new_run

START = datetime(2026, 11, 3, 12, 0, tzinfo=UTC)
OPENING = (charge("trigger", "webhook", 1),)
# http-request, then a wait of 10 s, then three send-email: one execution a second.
PROGRESS = Progress(OPENING, (("http-request", 1), ("wait", 1), ("send-email", 3)), 5,
                    1_000_000, pause_after=2, wait_us=10_000_000)  # fmt: skip
RUN = new_run("run_dbjvjvvutk0h14g00fq0", "wf_x", "success", "webhook", START,
              START + timedelta(seconds=15), PROGRESS.charges(5), PROGRESS)  # fmt: skip


def test_executions_come_one_per_pace_around_the_wait() -> None:
    seconds = [0, 0.999999, 1, 2, 5, 11.999999, 12, 13, 14, 15, 99]
    done = [PROGRESS.done_at(round(s * 1e6)) for s in seconds]
    assert done == [(0, False), (0, False), (1, False), (2, True), (2, True), (2, True),
                    (2, False), (3, False), (4, False), (5, False), (5, False)]  # fmt: skip


def test_in_progress_a_run_is_running_or_waiting_with_its_cu_so_far() -> None:
    views = [as_of(RUN, START + timedelta(seconds=s)) for s in (0, 1, 3, 12.5, 14.5)]
    assert [(v.status, v.total_cu, v.finished_at) for v in views] == [
        ("running", 0.5, None), ("running", 1.5, None), ("waiting", 1.75, None),
        ("running", 1.75, None), ("running", 4.75, None),
    ]  # fmt: skip
    assert "finishedAt" not in list_item(views[2]) and not is_finished(RUN, START)


def test_at_its_end_a_run_is_what_it_always_was() -> None:
    end = START + timedelta(seconds=15)
    assert as_of(RUN, end) is RUN and is_finished(RUN, end)
    assert RUN.total_cu == 0.5 + 1 + 0.25 + 3 * 1.5
    assert list_item(RUN)["finishedAt"] == "2026-11-03T12:00:15Z"


def test_a_run_without_a_progress_is_served_as_it_is() -> None:
    still = new_run("run_dbjvjvvutk0h14g00fq0", "wf_x", "running", "webhook", START, None,
                    OPENING)  # fmt: skip
    assert as_of(still, START + timedelta(days=9)) is still


def test_charges_merge_executions_per_node_type() -> None:
    progress = Progress(OPENING, (("if", 1), ("http-request", 1), ("if", 1), ("if", 0)), 3, 1)
    assert progress.charges(3) == (*OPENING, charge("action", "if", 2),
                                   charge("action", "http-request", 1))  # fmt: skip
    assert Progress(OPENING, (("if", 2),), 2, 0).done_at(0) == (2, False)  # no time: all done
