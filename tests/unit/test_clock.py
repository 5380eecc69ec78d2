"""The one clock: real, frozen, moved, released."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.clock import Clock


def test_freeze_advance_release() -> None:
    clock = Clock()
    instant = datetime(2026, 5, 1, 12, tzinfo=UTC)
    clock.freeze(instant.replace(tzinfo=None))
    assert clock.now() == instant and clock.is_frozen
    clock.advance(timedelta(hours=1))
    assert clock.now() == instant + timedelta(hours=1)
    clock.release()
    assert not clock.is_frozen and abs(clock.now() - datetime.now(UTC)) < timedelta(minutes=1)


def test_advancing_a_running_clock_offsets_it() -> None:
    clock = Clock()
    clock.advance(timedelta(days=2))
    assert clock.now() - datetime.now(UTC) > timedelta(days=1)
