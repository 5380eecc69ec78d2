"""The served emulator returns the memory its builds freed (glibc), and does nothing unless
`serve` asked, or elsewhere than glibc."""

from __future__ import annotations

import ctypes.util
import platform
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator import allocator
from emulator.allocator import return_freed_memory, stop_trimming, trim

IS_GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


@pytest.fixture(autouse=True)
def _untouched() -> Iterator[None]:
    yield
    stop_trimming()  # a user's test process keeps its allocator as it was


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not IS_GLIBC, reason="glibc only")
def test_glibc_hands_freed_heap_back_once_asked() -> None:
    assert return_freed_memory() is True
    blocks = [bytearray(4000) for _ in range(20_000)]  # 80 MB of heap, below the mmap size
    pin = bytearray(4000)  # above them: glibc cannot shrink the heap's top by itself
    del blocks
    kept = _rss_mib()
    trim()
    assert kept - _rss_mib() > 40, "the freed blocks stayed resident"
    del pin


def test_nothing_is_trimmed_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(allocator, "_trim", [])
    trim()
    monkeypatch.setattr(allocator, "_trim", [calls.append])
    trim()
    assert calls == [0]


def test_without_a_c_library_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda _name: "/no/such/libc.so")
    assert return_freed_memory() is False
    assert not allocator._trim
