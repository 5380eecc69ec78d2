"""Generated StackAI run ids: UUID v4 that name their position on the timeline, reversibly.

An id has the form of the vendor's (version nibble 4, RFC 9562 variant); its 122 free bits
hold a 64-bit permutation of `position ^ key` and 58 check bits drawn from the tenant's key.
Ids of one tenant look unrelated to each other and to any other tenant's, and an id decodes
back to a position only in the tenant whose key made it (or by a 1-in-2**58 accident), so a
client cannot tell them from the vendor's random ones while the emulator never needs a table.
The permutation is splitmix64's finaliser, invertible step by step: an xor with a right shift
is undone by repeating it, a multiplication by an odd constant by its inverse modulo 2**64.
"""

from __future__ import annotations

import re
from collections.abc import Hashable

from emulator.engine.mix import MASK, mix1

_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_UNDO_M1, _UNDO_M2 = pow(_M1, -1, 1 << 64), pow(_M2, -1, 1 << 64)
_CHECK_BITS = 58
_CHECK_SALT = 0x1D5
# Far above any dataset (a trillion runs), so a decoded value past it names no position.
MAX_POSITION = 1 << 40
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _scramble(value: int) -> int:
    value = ((value ^ (value >> 30)) * _M1) & MASK
    value = ((value ^ (value >> 27)) * _M2) & MASK
    return value ^ (value >> 31)


def _unshift(value: int, shift: int) -> int:
    """The x with x ^ (x >> shift) == value."""
    found = value
    for _ in range(64 // shift):
        found = value ^ (found >> shift)
    return found


def _unscramble(value: int) -> int:
    value = (_unshift(value, 31) * _UNDO_M2) & MASK
    value = (_unshift(value, 27) * _UNDO_M1) & MASK
    return _unshift(value, 30)


def _check(key: int, scrambled: int) -> int:
    return mix1(key, scrambled, _CHECK_SALT) >> (64 - _CHECK_BITS)


def id_value(key: int, position: int) -> int:
    """The 128-bit value of the id of `position` (its tie-break order, too)."""
    scrambled = _scramble(position ^ key)
    payload = (scrambled << _CHECK_BITS) | _check(key, scrambled)  # 122 bits
    high, middle, low = payload >> 74, (payload >> 62) & 0xFFF, payload & ((1 << 62) - 1)
    return (high << 80) | (0x4 << 76) | (middle << 64) | (0x2 << 62) | low


def run_id(key: int, position: int) -> str:
    text = f"{id_value(key, position):032x}"
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def position_of(key: int, ident: Hashable) -> int | None:
    """The position whose id is `ident` (canonical lowercase text), or None if it is no id of
    this tenant's."""
    if not isinstance(ident, str) or not _CANONICAL.fullmatch(ident):
        return None
    value = int(ident.replace("-", ""), 16)
    high, middle, low = value >> 80, (value >> 64) & 0xFFF, value & ((1 << 62) - 1)
    payload = (high << 74) | (middle << 62) | low
    scrambled, check = payload >> _CHECK_BITS, payload & ((1 << _CHECK_BITS) - 1)
    if check != _check(key, scrambled):
        return None
    position = _unscramble(scrambled) ^ key
    return position if position < MAX_POSITION else None
