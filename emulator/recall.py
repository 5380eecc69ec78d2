"""Reads asked again on unchanged data at the same instant, answered with what the first one
computed.

A list page or an aggregate is a pure function of the request, the vendor's data and the
clock's instant. Sync jobs, dashboards and load tests ask for the same page many times between
two changes; computing it once per change instead of once per request turns a page made from
columns (about a millisecond) into a dictionary lookup. Which reads are pure is each vendor's
to say: its handlers call `vendor.recalled` around what they compute.

A recall holds answers for one validity only: `recalled` passes what the answers depend on
(the store's version, the vendor state's edits, the instant), and a different one empties the
recall before anything is looked up, so nothing computed before a change is ever served after
it. Errors are not kept: a refused read is refused again by computing it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
_MISSING: Any = object()


class Recall:
    def __init__(self, size: int) -> None:
        # 0: keep nothing, compute every request (the benchmarks' server time, say).
        self.size = size
        self._validity: Hashable = _MISSING
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, validity: Hashable, key: Hashable, make: Callable[[], T]) -> T:
        if not self.size:
            return make()
        if validity != self._validity:
            self._answers.clear()
            self._validity = validity
        found = self._answers.get(key, _MISSING)
        if found is not _MISSING:
            self._answers.move_to_end(key)
            return found  # type: ignore[no-any-return]
        answer = make()
        self._answers[key] = answer
        if len(self._answers) > self.size:
            self._answers.popitem(last=False)
        return answer

    def __len__(self) -> int:
        return len(self._answers)
