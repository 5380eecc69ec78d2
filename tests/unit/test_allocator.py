"""The served emulator's allocator returns freed memory (glibc), and does nothing elsewhere."""

from __future__ import annotations

import ctypes.util
import platform

import pytest

from emulator.allocator import return_freed_memory


@pytest.mark.skipif(
    platform.system() != "Linux" or platform.libc_ver()[0] != "glibc", reason="glibc only"
)
def test_glibc_takes_the_threshold() -> None:
    assert return_freed_memory() is True


def test_without_a_c_library_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ctypes.util, "find_library", lambda _name: "/no/such/libc.so")
    assert return_freed_memory() is False
