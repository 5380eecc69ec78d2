"""Sessions from positions alone: each position in at most one session, a session's members
exactly the positions whose head it is, every stride-th position from the head."""

from __future__ import annotations

import itertools
from datetime import timedelta

import numpy as np
import pytest

from emulator.vendors.dynamiq.sessions import LONGEST, Sessions


@pytest.mark.parametrize("count", [250, 100_000, 10_000_000])
def test_members_are_the_positions_that_name_the_head(count: int) -> None:
    sessions = Sessions.of(0xC0FFEE, count, timedelta(days=90))
    positions = np.arange(0, 5000, dtype=np.int64)
    heads = sessions.heads(positions)
    by_head: dict[int, list[int]] = {}
    for position, head in zip(positions.tolist(), heads.tolist(), strict=True):
        assert sessions.head_of(position) == head
        if head >= 0:
            by_head.setdefault(head, []).append(position)
    assert by_head
    for head, members in by_head.items():
        assert sessions.is_head(head) and members[0] == head
        assert [p for p in sessions.members(head) if p < 5000] == members
        assert all(b - a == sessions.stride for a, b in itertools.pairwise(members))
        assert len(members) <= LONGEST


def test_the_stride_spaces_a_session_minutes_apart_in_a_busy_tenant() -> None:
    history = timedelta(days=90)
    assert Sessions.of(1, 250, history).stride == 1
    busy = Sessions.of(1, 1_000_000, history)
    assert 15 <= busy.stride <= 30  # 1M runs in 90 days: about 7.7 a minute, 3 minutes apart


def test_about_half_the_runs_are_in_sessions_and_a_non_head_opens_none() -> None:
    sessions = Sessions.of(7, 250, timedelta(days=90))
    heads = sessions.heads(np.arange(20_000, dtype=np.int64))
    assert 0.45 < float(np.mean(heads >= 0)) < 0.7
    lone = next(p for p in range(100) if not sessions.is_head(p))
    assert sessions.members(lone) == [] and sessions.members(-1) == []
