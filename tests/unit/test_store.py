"""A vendor's store over the engine: origins in the order they came, ids taken whether or not
the clock has reached them, replacements that every query sees, pages as slices."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from emulator.clock import Clock
from emulator.store import DuplicateRun, Store
from tests.unit.engine.fake import EPOCH, MINUTE_US, tenant


def store() -> Store:
    clock = Clock(home=datetime.fromtimestamp(EPOCH / 1e6, UTC))
    return Store({"a": tenant(40), "b": tenant(30, base=10**9)}, lambda r: r["id"],
                 lambda r: (r["start"], r["id"]), clock)  # fmt: skip


def run(ident: int, start: int = EPOCH - MINUTE_US) -> dict[str, Any]:
    return {"id": ident, "start": start}


def test_counts_finds_and_pages_are_as_of_now() -> None:
    runs = store()
    assert runs.count() == 70 and runs.count("a") == 40
    listing = runs.runs("a")
    assert len(listing) == 40 and listing[0:5] == [listing[i] for i in range(5)]
    assert [r["id"] for r in listing] == sorted((r["id"] for r in listing), reverse=True)
    assert runs.find(1000) == ("a", listing[-1]) and runs.origin(1000) == "generated"


def test_ids_are_taken_by_overlay_runs_and_by_generated_positions_even_future_ones() -> None:
    runs = store()
    runs.load("a", [run(7)])
    for taken in (7, 1000, 1000 + 10**6):
        with pytest.raises(DuplicateRun):
            runs.load("a", [run(taken)])
    with pytest.raises(DuplicateRun):
        runs.load("a", [run(8), run(8)])
    assert runs.find(8) is None


def test_origins_come_in_the_order_they_were_added_across_tenants() -> None:
    runs = store()
    runs.load("b", [run(3)], "fixture")
    runs.load("a", [run(4)], "fixture")
    runs.load("b", [run(5)], "injected")
    assert [(t, r["id"]) for t, r in runs.of_origin("fixture")] == [("b", 3), ("a", 4)]
    assert [r["id"] for _, r in runs.of_origin("injected", "b")] == [5]
    assert runs.origin(4) == "fixture" and runs.origin(99) is None


def test_a_replaced_generated_run_keeps_its_origin_and_is_what_queries_see() -> None:
    runs = store()
    first = runs.runs("a")[-1]
    runs.replace({**first, "colour": 9})
    assert runs.find(first["id"]) == ("a", {**first, "colour": 9})
    assert runs.origin(first["id"]) == "generated" and runs.count("a") == 40
    # Only what is served now was built: the lookup does not reach into the future.
    assert runs.tenant("a").timeline.size == 40
    with pytest.raises(KeyError):
        runs.replace(run(1000 + 10**6))  # a run that has not started cannot change


def test_removal_clearing_and_copies() -> None:
    runs = store()
    twin = runs.copy()
    assert runs.remove(1000) and not runs.remove(1000) and runs.count("a") == 39
    runs.load("a", [run(1000)])  # a deleted generated id may be injected back
    assert runs.origin(1000) == "injected"
    assert runs.clear("a") == 40 and runs.count("a") == 0 and runs.count("b") == 30
    assert twin.count() == 70 and twin.minted == runs.minted == 0
