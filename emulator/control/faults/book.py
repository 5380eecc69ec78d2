"""Injected faults and the book that decides which of them a vendor request meets.

Faults are considered in the order they were added. A fault that matches counts the request
(`matched`; with `times`, only the first N matching requests are considered at all) and draws
once from its own `random.Random`, seeded from the emulator's seed and the fault's id, so a
run of a test suite meets the same faults as the previous one. Latency faults add up and let the
request through; the first other fault that fires answers the request, and later faults are
not considered (they neither count it nor draw).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from emulator.control.faults.effect import Effect, Latency
from emulator.control.matcher import Matchable, Matcher
from emulator.generate import derive_seed


@dataclass(slots=True)
class Fault:
    id: str
    matcher: Matcher
    effect: Effect
    probability: float
    times: int | None
    rng: random.Random
    matched: int = 0
    fired: int = 0

    @classmethod
    def seeded(
        cls, seed: int, ident: str, matcher: Matcher, effect: Effect, probability: float,
        times: int | None,
    ) -> Fault:  # fmt: skip
        rng = random.Random(derive_seed(seed, "fault", ident))
        return cls(ident, matcher, effect, probability, times, rng)

    @property
    def is_spent(self) -> bool:
        return self.times is not None and self.matched >= self.times

    def fires(self, seen: Matchable) -> bool:
        if self.is_spent or not self.matcher.matches(seen):
            return False
        self.matched += 1
        if self.rng.random() >= self.probability:
            return False
        self.fired += 1
        return True

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "match": self.matcher.to_json(),
            "effect": self.effect.to_json(),
            "probability": self.probability,
            "times": self.times,
            "matched": self.matched,
            "fired": self.fired,
            "remaining": None if self.times is None else self.times - self.matched,
        }


@dataclass(frozen=True, slots=True)
class Firing:
    """What the faults do to one request: wait `delay` seconds, then let it through or
    answer it with `answer`."""

    delay: float = 0.0
    answer: Fault | None = None
    fired: tuple[str, ...] = ()


NOTHING = Firing()


@dataclass(slots=True)
class FaultBook:
    _faults: dict[str, Fault] = field(default_factory=dict)
    _last_id: int = 0

    def new_id(self) -> str:
        while True:
            self._last_id += 1
            if f"fault-{self._last_id}" not in self._faults:
                return f"fault-{self._last_id}"

    def add(self, fault: Fault) -> None:
        self._faults[fault.id] = fault

    def get(self, ident: str) -> Fault | None:
        return self._faults.get(ident)

    def remove(self, ident: str) -> bool:
        return self._faults.pop(ident, None) is not None

    def clear(self) -> None:
        self._faults.clear()
        self._last_id = 0

    def __iter__(self) -> Iterator[Fault]:
        return iter(list(self._faults.values()))

    def __len__(self) -> int:
        return len(self._faults)

    def meet(self, seen: Matchable) -> Firing:
        if not self._faults:
            return NOTHING
        delay, fired = 0.0, []
        for fault in list(self._faults.values()):
            if not fault.fires(seen):
                continue
            fired.append(fault.id)
            if not isinstance(fault.effect, Latency):
                return Firing(delay, fault, tuple(fired))
            delay += fault.effect.delay(fault.rng)
        return Firing(delay, None, tuple(fired))
