"""What a benchmark run measures, per vendor and dataset size."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.load import Measure
from bench.server_time import ServerTime


@dataclass(slots=True)
class Point:
    """One vendor at one size."""

    vendor: str
    runs: int
    startup_s: float = 0.0
    bytes_per_run: float = 0.0
    # "first@1", "deep@32"...: the emulator's measure and the bare server's, in one run.
    # The repeated request, which the reply cache answers after the first.
    load: dict[str, tuple[Measure, Measure]] = field(default_factory=dict)
    # The same load on an emulator computing every request (`--reply-cache 0`).
    computed: dict[str, Measure] = field(default_factory=dict)
    server: dict[str, ServerTime] = field(default_factory=dict)

    def ratio(self, key: str) -> float:
        ours, bare = self.load[key]
        return ours.requests_per_second / bare.requests_per_second

    def computed_ratio(self, key: str) -> float:
        return self.computed[key].requests_per_second / self.load[key][1].requests_per_second
