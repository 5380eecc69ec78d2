"""Generated UUIDs that name their position: run ids and session ids, decodable and checked.

A UUID's 122 free bits (version 4, RFC 9562 variant) hold an invertible 64-bit mix of
`position ^ key` (so that consecutive positions look unrelated) and 58 check bits drawn from
the tenant's key and that mix, so that a UUID of another tenant, another kind (run or session)
or a hand-written one decodes to no position (a false match is one chance in 2**58). The UUID's
128-bit value orders ids as Postgres orders uuid columns; `halves` gives it vectorised (high
and low 64 bits) for the precomputed orders.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import MASK, mix, mix1

_C1, _C2 = 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53
_C1_INVERSE, _C2_INVERSE = pow(_C1, -1, 1 << 64), pow(_C2, -1, 1 << 64)
_CHECK_SALT = 0x1D5
_CHECK_MASK = (1 << 58) - 1
# Positions far beyond any timeline (2**40 runs), so that decoding cannot name a silly one.
_POSITIONS = 1 << 40
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
Halves = tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]


def scrambled(value: int) -> int:
    """A bijection of 64-bit integers (xor-shifts and odd multipliers)."""
    value ^= value >> 32
    value = (value * _C1) & MASK
    value ^= value >> 29
    value = (value * _C2) & MASK
    return value ^ (value >> 32)


def unscrambled(value: int) -> int:
    value ^= value >> 32
    value = (value * _C2_INVERSE) & MASK
    value ^= (value >> 29) ^ (value >> 58)  # undoes `v ^= v >> 29` (two shifts cover 64 bits)
    value = (value * _C1_INVERSE) & MASK
    return value ^ (value >> 32)


def uuid_of(key: int, position: int) -> str:
    text = f"{value_of(key, position):032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def value_of(key: int, position: int) -> int:
    """The UUID's 128-bit value."""
    mixed = scrambled((position ^ key) & MASK)
    check = mix1(key, mixed, _CHECK_SALT) >> 6
    high = ((mixed >> 16) << 16) | (0x4 << 12) | ((mixed >> 4) & 0xFFF)
    low = (0x2 << 62) | ((mixed & 0xF) << 58) | check
    return (high << 64) | low


def position_in(key: int, text: object) -> int | None:
    """The position a UUID of this key names, or None (another key, or not one of ours)."""
    if not isinstance(text, str) or not _UUID.fullmatch(text):
        return None
    value = int(text.replace("-", ""), 16)
    high, low = value >> 64, value & MASK
    mixed = ((high >> 16) << 16) | ((high & 0xFFF) << 4) | ((low >> 58) & 0xF)
    if low & _CHECK_MASK != mix1(key, mixed, _CHECK_SALT) >> 6:
        return None
    position = unscrambled(mixed) ^ key
    return position if position < _POSITIONS else None


def halves(key: int, positions: npt.NDArray[np.int64]) -> Halves:
    """The high and low 64 bits of the UUIDs of many positions (the twin of `value_of`)."""
    with np.errstate(over="ignore"):
        value = positions.astype(np.uint64) ^ np.uint64(key)
        value ^= value >> np.uint64(32)
        value *= np.uint64(_C1)
        value ^= value >> np.uint64(29)
        value *= np.uint64(_C2)
        mixed = value ^ (value >> np.uint64(32))
    check = mix(key, mixed.view(np.int64), _CHECK_SALT) >> np.uint64(6)
    high = ((mixed >> np.uint64(16)) << np.uint64(16)) | np.uint64(0x4 << 12)
    high |= (mixed >> np.uint64(4)) & np.uint64(0xFFF)
    low = np.uint64(0x2 << 62) | ((mixed & np.uint64(0xF)) << np.uint64(58)) | check
    return high, low


def split(value: int) -> tuple[int, int]:
    return value >> 64, value & MASK


def uuid_value(text: str) -> int:
    """A UUID's 128-bit value (any UUID: fixture and minted ids too)."""
    return int(text.replace("-", ""), 16)
