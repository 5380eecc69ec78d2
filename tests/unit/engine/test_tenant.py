"""One tenant's runs, generated and overlaid, as of an instant: nothing from the future, pages
that merge both in order, deletions and replacements that hide generated positions."""

from __future__ import annotations

from emulator.engine.tenant import Placed
from tests.unit.engine.fake import EPOCH, MINUTE_US, tenant


def placed(ident: int, start: int) -> Placed:
    return Placed((start, ident), ident, {"id": ident, "start": start}, "injected")


def test_pages_merge_generated_and_overlay_newest_first() -> None:
    runs = tenant(50)
    runs.add(placed(7, EPOCH - 5 * MINUTE_US))
    runs.add(placed(8, EPOCH - 10**12))
    whole = runs.newest(EPOCH, 0, 100)
    assert len(whole) == 52 == runs.count(EPOCH)
    starts = [run["start"] for run in whole]
    assert starts == sorted(starts, reverse=True)
    assert [runs.newest(EPOCH, offset, 7) for offset in (0, 7, 49)] == [
        whole[0:7],
        whole[7:14],
        whole[49:56],
    ]


def test_nothing_from_the_future() -> None:
    runs = tenant(50)
    runs.add(placed(7, EPOCH + MINUTE_US))
    assert runs.count(EPOCH) == 50 and runs.find(7, EPOCH) is None
    assert runs.find(7, EPOCH + MINUTE_US) is not None
    later = runs.timeline.count_until(EPOCH + 10**11)
    assert later > 50 and runs.find(1000 + later - 1, EPOCH) is None
    assert runs.find(1000 + later - 1, EPOCH + 10**11) is not None


def test_a_run_starting_now_is_there_whatever_its_tie_break() -> None:
    runs = tenant(50)
    big = 1 << 68  # B3OS's tie-breaks are 68-bit id numbers
    runs.add(Placed((EPOCH, big), 9, {"id": 9, "start": EPOCH}, "started"))
    runs.add(Placed((EPOCH + 1, 0), 10, {"id": 10, "start": EPOCH + 1}, "started"))
    assert [p.ident for p in runs.added(EPOCH)] == [9]
    assert runs.find(9, EPOCH) is not None and runs.find(10, EPOCH) is None


def test_deleting_hides_generated_positions_and_drops_overlay_runs() -> None:
    runs = tenant(50)
    runs.add(placed(7, EPOCH - MINUTE_US))
    runs.hide(3)
    assert runs.find(1003, EPOCH) is None and runs.count(EPOCH) == 50
    assert runs.drop(7) and not runs.drop(7) and runs.count(EPOCH) == 49
    assert runs.clear(EPOCH) == 49 and runs.count(EPOCH) == 0
    assert runs.count(EPOCH + 10**11) > 0  # later arrivals are new runs


def test_a_copy_shares_the_timeline_and_owns_its_overlay() -> None:
    runs = tenant(50)
    twin = runs.copy()
    twin.add(placed(7, EPOCH - MINUTE_US))
    twin.hide(0)
    assert twin.timeline is runs.timeline
    assert runs.count(EPOCH) == 50 and runs.find(1000, EPOCH) is not None
    assert twin.origin(7, EPOCH) == "injected" and runs.origin(7, EPOCH) is None


def test_counting_builds_no_column_and_agrees_with_the_pages() -> None:
    runs = tenant(5000)
    runs.hide(3)
    runs.hide(4999)
    runs.add(placed(7, EPOCH - MINUTE_US))
    assert runs.count(EPOCH) == 5000 - 2 + 1 and runs.timeline.size == 0
    assert len(runs.newest(EPOCH, 0, 10_000)) == runs.count(EPOCH)
    later = EPOCH + 10**11
    assert runs.count(later) == len(runs.generated(later)) + 1
