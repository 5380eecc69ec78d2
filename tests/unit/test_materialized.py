"""TRANSITIONAL: the materialised store of vendors not yet on the engine: order, identity,
origins, atomic loads, cheap copies."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from emulator.clock import Clock
from emulator.materialized import MaterializedStore as Store
from emulator.store import DuplicateRun


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    at: int


def store() -> Store[Run]:
    runs: Store[Run] = Store(lambda r: r.id, lambda r: (-r.at, -r.id), Clock())
    runs.load("a", [Run(1, 10), Run(2, 30), Run(3, 20)], "generated")
    return runs


def test_runs_are_kept_in_the_vendor_order() -> None:
    assert [r.id for r in store().runs("a")] == [2, 3, 1]
    assert store().runs("nobody") == []


def test_a_batch_with_any_duplicate_is_refused_whole() -> None:
    runs = store()
    with pytest.raises(DuplicateRun):
        runs.load("a", [Run(9, 1), Run(2, 5)])
    with pytest.raises(DuplicateRun):
        runs.load("b", [Run(8, 1), Run(8, 2)])
    assert runs.count() == 3 and runs.find(9) is None and runs.count("b") == 0


def test_find_replace_remove() -> None:
    runs = store()
    assert runs.find(3) == ("a", Run(3, 20))
    runs.replace(Run(3, 20))
    assert runs.remove(3) and not runs.remove(3)
    assert [r.id for r in runs.runs("a")] == [2, 1]


def test_a_small_batch_is_placed_in_order() -> None:
    runs = store()
    runs.load("a", [Run(4, 25)], "injected")
    assert [r.id for r in runs.runs("a")] == [2, 4, 3, 1]
    with pytest.raises(DuplicateRun):
        runs.load("a", [Run(4, 1)], "injected")


def test_a_large_batch_is_sorted_in() -> None:
    runs = store()
    batch = [Run(100 + n, n) for n in range(100)]
    runs.load("a", batch)
    every = [Run(1, 10), Run(2, 30), Run(3, 20), *batch]
    assert list(runs.runs("a")) == sorted(every, key=lambda r: (-r.at, -r.id))


def test_the_store_knows_each_runs_origin_and_the_order_it_came_in() -> None:
    runs = store()
    runs.load("b", [Run(7, 1)], "injected")
    runs.load("a", [Run(6, 2)], "fixture")
    runs.load("a", [Run(5, 3)], "injected")
    assert [runs.origin(i) for i in (1, 5, 6, 7, 99)] == [
        "generated", "injected", "fixture", "injected", None,
    ]  # fmt: skip
    assert [(t, r.id) for t, r in runs.of_origin("injected")] == [("b", 7), ("a", 5)]
    assert [r.id for _, r in runs.of_origin("injected", "a")] == [5]
    assert [r.id for _, r in runs.of_origin("generated")] == [2, 3, 1]
    runs.remove(7)
    runs.clear("a")
    assert list(runs.of_origin("injected")) == [] and list(runs.of_origin("fixture")) == []


def test_a_copy_keeps_origins_and_the_mint_count_of_its_own() -> None:
    runs = store()
    runs.load("a", [Run(5, 3)], "injected")
    runs.minted = 4
    twin = runs.copy()
    twin.minted += 1
    twin.remove(5)
    assert (runs.minted, runs.origin(5), twin.minted, twin.origin(5)) == (4, "injected", 5, None)


def test_copies_are_independent() -> None:
    original = store()
    twin = original.copy()
    twin.remove(1)
    twin.load("b", [Run(5, 1)])
    assert original.count() == 3 and twin.count() == 3
    assert original.find(5) is None and twin.find(1) is None


def test_every_write_moves_the_version() -> None:
    runs = store()
    seen = [runs.version]
    runs.load("a", [Run(7, 1)])
    seen.append(runs.version)
    runs.replace(Run(7, 1))
    seen.append(runs.version)
    runs.remove(7)
    seen.append(runs.version)
    runs.clear("a")
    seen.append(runs.version)
    assert seen == sorted(set(seen))


def test_replace_finds_its_run_among_equal_order_keys() -> None:
    runs: Store[Run] = Store(lambda r: r.id, lambda r: -r.at, Clock())
    runs.load("a", [Run(1, 5), Run(2, 5), Run(3, 5), Run(4, 9)])
    runs.replace(Run(3, 5))
    assert [r.id for r in runs.runs("a")] == [4, 1, 2, 3]
    assert runs.find(3) == ("a", Run(3, 5))
