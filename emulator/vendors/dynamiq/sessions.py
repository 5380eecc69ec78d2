"""Sessions: a few runs of one user on one app, found from positions alone.

A session's runs are every `stride`-th position of the tenant's timeline from its first run
(its head), so that they come minutes apart in a busy tenant (the stride grows with the
tenant's rate) and one after another in a quiet one. A position whose draw says so is a head;
a session runs on for its drawn length (2 to 6 runs) or until the next head of its stride, so
no position belongs to two sessions, and a position is in the session of the nearest head at
most five strides back, if that session is long enough to reach it. The others run alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import numpy.typing as npt

from emulator.engine.mix import below, below1, mix, mix1, unit, unit1

Ints = npt.NDArray[np.int64]
HEADS = 0.2
LONGEST = 6
# A session's runs come about this far apart in a busy tenant.
SPACING = timedelta(minutes=3)
_HEAD_SALT, _LENGTH_SALT = 0x5E1, 0x5E2


@dataclass(frozen=True, slots=True)
class Sessions:
    key: int
    stride: int

    @classmethod
    def of(cls, key: int, count: int, history: timedelta) -> Sessions:
        per_spacing = count * (SPACING / history) if history else 0.0
        return cls(key, int(min(64, max(1, round(per_spacing)))))

    def heads(self, positions: Ints) -> Ints:
        """The head of each position's session, or -1 for a run alone."""
        found = np.full(len(positions), -1, dtype=np.int64)
        is_open = np.ones(len(positions), dtype=bool)  # no nearer head seen yet
        for back in range(LONGEST):
            candidates = positions - back * self.stride
            is_head = (candidates >= 0) & self._is_head(np.maximum(candidates, 0)) & is_open
            reaches = self._length(np.maximum(candidates, 0)) > back
            found = np.where(is_head & reaches, candidates, found)
            is_open &= ~is_head
        return found

    def _is_head(self, positions: Ints) -> npt.NDArray[np.bool_]:
        result: npt.NDArray[np.bool_] = unit(mix(self.key, positions, _HEAD_SALT)) < HEADS
        return result

    def _length(self, positions: Ints) -> Ints:
        return 2 + below(mix(self.key, positions, _LENGTH_SALT), LONGEST - 1)

    def head_of(self, position: int) -> int:
        """The head of one position's session, or -1 (the scalar twin of `heads`)."""
        for back in range(LONGEST):
            candidate = position - back * self.stride
            if self.is_head(candidate):
                return candidate if self._length_of(candidate) > back else -1
        return -1

    def _length_of(self, head: int) -> int:
        return 2 + below1(mix1(self.key, head, _LENGTH_SALT), LONGEST - 1)

    def is_head(self, position: int) -> bool:
        return position >= 0 and unit1(mix1(self.key, position, _HEAD_SALT)) < HEADS

    def members(self, head: int) -> list[int]:
        """The positions of the session `head` opens (none if it is no head)."""
        if not self.is_head(head):
            return []
        found = [head]
        for step in range(1, self._length_of(head)):
            position = head + step * self.stride
            if self.is_head(position):
                break
            found.append(position)
        return found
