"""The recall: one validity at a time, bounded, errors never kept, size 0 keeps nothing."""

from __future__ import annotations

import pytest

from emulator.recall import Recall


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def make(self) -> int:
        self.calls += 1
        return self.calls


def test_an_equal_key_at_the_same_validity_is_recalled() -> None:
    recall, counter = Recall(4), Counter()
    assert [recall.get(1, "page", counter.make) for _ in range(3)] == [1, 1, 1]
    assert recall.get(1, "other", counter.make) == 2


def test_a_new_validity_forgets_everything() -> None:
    recall, counter = Recall(4), Counter()
    recall.get(1, "page", counter.make)
    assert recall.get(2, "page", counter.make) == 2
    assert len(recall) == 1
    assert recall.get(1, "page", counter.make) == 3  # an old validity is not served either


def test_the_least_recently_used_answer_goes_first() -> None:
    recall, counter = Recall(2), Counter()
    recall.get(0, "a", counter.make)
    recall.get(0, "b", counter.make)
    recall.get(0, "a", counter.make)  # a is used again: b is now the oldest
    recall.get(0, "c", counter.make)
    assert len(recall) == 2
    assert recall.get(0, "a", counter.make) == 1
    assert recall.get(0, "b", counter.make) == 4


def test_an_error_is_not_kept() -> None:
    recall, counter = Recall(2), Counter()

    def refused() -> int:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        recall.get(0, "a", refused)
    assert recall.get(0, "a", counter.make) == 1


def test_size_zero_computes_every_time() -> None:
    recall, counter = Recall(0), Counter()
    assert [recall.get(0, "a", counter.make) for _ in range(3)] == [1, 2, 3]
    assert len(recall) == 0
