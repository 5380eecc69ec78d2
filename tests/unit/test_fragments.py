"""Cached encoded fragments: per run object and variant, bounded, never stale."""

from __future__ import annotations

from dataclasses import dataclass

from emulator.fragments import FragmentCache, json_array, json_object


@dataclass(frozen=True)
class Run:
    id: int


def test_a_fragment_is_encoded_once_per_object_and_variant() -> None:
    cache, calls = FragmentCache(), []
    run = Run(1)

    def encode() -> bytes:
        calls.append(1)
        return b"{}"

    for _ in range(3):
        cache.get(run, "a", encode)
    cache.get(run, "b", encode)
    cache.get(Run(1), "a", encode)  # an equal but new object: encoded again
    assert len(calls) == 3


def test_the_cache_is_bounded() -> None:
    cache = FragmentCache(size=2)
    runs = [Run(i) for i in range(3)]
    for run in runs:
        cache.get(run, "v", lambda: b"x")
    hits: list[int] = []

    def encode() -> bytes:
        hits.append(1)
        return b"x"

    cache.get(runs[0], "v", encode)
    assert hits == [1]  # the oldest was evicted


def test_json_helpers_join_encoded_values() -> None:
    assert json_object([("a", b"1"), ("b", json_array([b"2", b'"x"']))]) == b'{"a":1,"b":[2,"x"]}'
