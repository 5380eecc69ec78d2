"""The C allocator of a served emulator: memory freed after building the data goes back to
the system.

Building a timeline's columns (and the indexes and orders derived from them) makes large
numpy temporaries (draws, sorts) and frees them at once. glibc's malloc keeps freed heap for
reuse and, once a large block has been freed, serves later large blocks from the heap too: at
a million runs per tenant that kept heap was most of the resident memory (236 B per run for
Dynamiq; docs/benchmarks.md). `runs-emulator serve` asks glibc to hand it back (`malloc_trim`)
after each build, which is rare (once at a frozen instant, then in growing chunks as the clock
moves). Holding glibc's mmap threshold instead, the earlier way, made every later allocation
of a response's buffers pay for it: about a fifth of the CPU of a 56 KB page in aiohttp.
Inside a user's test process the allocator is theirs: nothing is trimmed unless `serve` asked.
Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable

# glibc's malloc_trim once `return_freed_memory` found it; empty: trimming is off.
_trim: list[Callable[[int], int]] = []


def return_freed_memory() -> bool:
    """From now on, `trim` returns freed memory; whether the allocator can (False: not glibc)."""
    name = ctypes.util.find_library("c")
    try:
        malloc_trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError, TypeError):
        return False
    malloc_trim.argtypes, malloc_trim.restype = (ctypes.c_size_t,), ctypes.c_int
    _trim[:] = [malloc_trim]
    return True


def trim() -> None:
    """The heap's free memory back to the system, after a build; nothing unless asked."""
    for malloc_trim in _trim:
        malloc_trim(0)


def stop_trimming() -> None:
    _trim.clear()
