"""The C allocator of a served emulator: freed memory goes back to the system.

Building a timeline's columns makes large numpy temporaries (draws, sorts) and frees them at
once. glibc's malloc raises its mmap threshold each time a large block is freed, so later
temporaries come from the heap, which it keeps: at a million runs per tenant that retained
heap was most of the resident memory (236 B per run for Dynamiq, 85 with the threshold held;
docs/benchmarks.md). Holding the threshold at 256 KiB makes every large block its own mapping,
returned when freed. Only `runs-emulator serve` asks for it: inside a user's test process the
allocator is theirs. Elsewhere than glibc it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util

# mallopt's parameter number for the mmap threshold (glibc malloc.h) and the value held.
M_MMAP_THRESHOLD = -3
THRESHOLD = 256 * 1024


def return_freed_memory() -> bool:
    """Holds glibc's mmap threshold; whether the allocator took it (False: not glibc)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, THRESHOLD))
