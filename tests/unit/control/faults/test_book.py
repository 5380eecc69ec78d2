"""The fault book: order, counting, reproducible draws, delays that add up."""

from __future__ import annotations

import random
from typing import Any

import pytest

from emulator.control.faults.book import NOTHING, Fault, FaultBook
from emulator.control.faults.effect import Drop, Effect, ErrorStatus, Latency, parse_effect
from emulator.control.matcher import Matcher
from emulator.control.problem import Problem
from tests.unit.control.test_matcher import Exchange


def fault(
    ident: str, effect: Effect, probability: float = 1.0, times: int | None = None,
    matcher: Matcher | None = None,
) -> Fault:  # fmt: skip
    return Fault.seeded(1, ident, matcher or Matcher(), effect, probability, times)


def test_an_empty_book_does_nothing() -> None:
    assert FaultBook().meet(Exchange()) is NOTHING


def test_delays_add_up_and_the_first_answer_ends_the_search() -> None:
    book = FaultBook()
    for added in (fault("a", Latency(10, 10)), fault("b", Latency(5, 5)),
                  fault("c", ErrorStatus(503, "x")), fault("d", Drop())):  # fmt: skip
        book.add(added)
    firing = book.meet(Exchange())
    assert (firing.delay, firing.fired) == (0.015, ("a", "b", "c"))
    assert firing.answer is not None and firing.answer.id == "c"
    assert [f.matched for f in book] == [1, 1, 1, 0]


def test_times_counts_matching_requests_only() -> None:
    book = FaultBook()
    book.add(fault("only-b3os", Drop(), times=2, matcher=Matcher(vendor="b3os")))
    book.add(fault("twice", Drop(), times=2))
    answers = [book.meet(Exchange()).answer for _ in range(3)]
    assert [a.id if a else None for a in answers] == ["twice", "twice", None]
    [other, twice] = list(book)
    assert (other.matched, twice.matched, twice.is_spent) == (0, 2, True)


def test_draws_are_a_function_of_the_seed_and_the_id() -> None:
    def draws(seed: int, ident: str) -> list[bool]:
        one = Fault.seeded(seed, ident, Matcher(), Drop(), 0.5, None)
        return [one.fires(Exchange()) for _ in range(40)]

    assert draws(1, "x") == draws(1, "x")
    assert draws(1, "x") != draws(2, "x") and draws(1, "x") != draws(1, "y")
    assert 5 < sum(draws(1, "x")) < 35


def test_a_latency_range_is_drawn_inside_it() -> None:
    rng = random.Random(0)
    delays = [Latency(100, 200).delay(rng) for _ in range(50)]
    assert all(0.1 <= d <= 0.2 for d in delays) and len(set(delays)) > 1


def test_ids_are_numbered_and_skip_taken_ones() -> None:
    book = FaultBook()
    book.add(fault("fault-1", Drop()))
    assert book.new_id() == "fault-2"
    book.clear()
    assert (book.new_id(), len(book)) == ("fault-1", 0)
    assert not book.remove("fault-1") and book.get("nope") is None


@pytest.mark.parametrize(
    ("body", "effect"),
    [
        ({"type": "latency", "ms": 7}, Latency(7, 7)),
        ({"type": "status", "status": 503}, ErrorStatus(503, "Service Unavailable")),
        ({"type": "status", "status": 599}, ErrorStatus(599, "Error")),
    ],
)
def test_effects_parse(body: dict[str, Any], effect: Effect) -> None:
    assert parse_effect(body) == effect
    assert parse_effect(effect.to_json()) == effect


@pytest.mark.parametrize("effect", [{"type": "latency", "ms": 1, "min_ms": 0}])
def test_conflicting_effect_fields_are_refused(effect: dict[str, Any]) -> None:
    with pytest.raises(Problem) as refused:
        parse_effect(effect)
    assert [i.field for i in refused.value.errors] == ["effect.ms"]
