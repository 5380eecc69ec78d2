"""Counter-based draws: a value is a hash of (key, position, salt), never the n-th output of a
stateful generator, so any run can be made alone, in any order, in any process.

The hash is splitmix64's finaliser (xor-shift-multiply, all mod 2**64), written twice: over
numpy uint64 arrays for columns and over Python ints for single runs; both give the same bits
(tests/unit/engine/test_mix.py). Only integer operations and IEEE additions, multiplications
and divisions are used, which every platform rounds the same way, so a seed names the same
data on every machine and with any numpy release.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1, _M2 = 0xBF58476D1CE4E5B9, 0x94D049BB133111EB
_UNIT = 2.0**-53
Bits = npt.NDArray[np.uint64]


def key_of(*parts: str | int | bytes) -> int:
    """A 64-bit key from names (seed, vendor, tenant, field...), by SHA-256."""
    text = b"\x1f".join(p if isinstance(p, bytes) else str(p).encode() for p in parts)
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def mix1(key: int, position: int, salt: int = 0) -> int:
    """The draw of one position (scalar twin of `mix`)."""
    z = (key ^ (salt * _GOLDEN) ^ ((position + 1) * _M2)) & MASK
    z = ((z ^ (z >> 30)) * _M1) & MASK
    z = ((z ^ (z >> 27)) * _M2) & MASK
    return z ^ (z >> 31)


def mix(key: int, positions: npt.NDArray[np.integer], salt: int = 0) -> Bits:
    """The draws of many positions at once."""
    with np.errstate(over="ignore"):
        z = positions.astype(np.uint64) + np.uint64(1)
        z *= np.uint64(_M2)
        z ^= np.uint64((key ^ (salt * _GOLDEN)) & MASK)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(_M1)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(_M2)
        result: Bits = z ^ (z >> np.uint64(31))
        return result


def unit1(bits: int) -> float:
    """[0, 1) from the top 53 bits."""
    return (bits >> 11) * _UNIT


def unit(bits: Bits) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = (bits >> np.uint64(11)).astype(np.float64) * _UNIT
    return result


def below1(bits: int, n: int) -> int:
    """An integer in [0, n), unbiased enough for n far below 2**32 (multiply-shift)."""
    return ((bits >> 32) * n) >> 32


def below(bits: Bits, n: int) -> npt.NDArray[np.int64]:
    result: npt.NDArray[np.int64] = (
        ((bits >> np.uint64(32)) * np.uint64(n)) >> np.uint64(32)
    ).astype(np.int64)
    return result


def cumulative(weights: Sequence[float]) -> npt.NDArray[np.float64]:
    """Running totals of `weights`, normalised to end at 1, for `pick`."""
    totals = np.cumsum(np.asarray(weights, dtype=np.float64))
    result: npt.NDArray[np.float64] = totals / totals[-1]
    return result


def pick1(bits: int, totals: npt.NDArray[np.float64]) -> int:
    return int(np.searchsorted(totals, unit1(bits), side="right"))


def pick(bits: Bits, totals: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Indices drawn with the weights behind `totals` (from `cumulative`)."""
    result: npt.NDArray[np.int64] = np.searchsorted(totals, unit(bits), side="right").astype(
        np.int64
    )
    return result


def interpolate(
    draws: npt.NDArray[np.float64], knots: Sequence[float], values: Sequence[float]
) -> npt.NDArray[np.float64]:
    """A piecewise-linear quantile table read at `draws` (as np.interp, which may fuse a
    multiply and an add where the compiler chose to, and so round differently on another
    machine): one ufunc per operation, each rounded as IEEE says."""
    xs, ys = np.asarray(knots, dtype=np.float64), np.asarray(values, dtype=np.float64)
    segment = np.clip(np.searchsorted(xs, draws, side="right") - 1, 0, len(xs) - 2)
    share = (draws - xs[segment]) / (xs[segment + 1] - xs[segment])
    result: npt.NDArray[np.float64] = ys[segment] + share * (ys[segment + 1] - ys[segment])
    return result


class Draw:
    """Scalar draws for one run, one salt after another, for the fields no query reads."""

    __slots__ = ("_key", "_position", "_salt")

    def __init__(self, key: int, position: int, salt: int = 1 << 20) -> None:
        self._key, self._position, self._salt = key, position, salt

    def bits(self) -> int:
        self._salt += 1
        return mix1(self._key, self._position, self._salt)

    def unit(self) -> float:
        return unit1(self.bits())

    def below(self, n: int) -> int:
        return below1(self.bits(), n)

    def between(self, low: int, high: int) -> int:
        """An integer in [low, high], both included (as random.randint)."""
        return low + self.below(high - low + 1)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * self.unit()

    def chance(self, probability: float) -> bool:
        return self.unit() < probability

    def choice(self, items: Sequence[str]) -> str:
        return items[self.below(len(items))]

    def uuid4(self) -> str:
        """A version-4 UUID (RFC 9562 variant) from 122 drawn bits."""
        value = (self.bits() << 64) | self.bits()
        value = (value & ~(0xF << 76) & ~(0x3 << 62)) | (0x4 << 76) | (0x2 << 62)
        text = f"{value:032x}"
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
