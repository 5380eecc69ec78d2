"""Run-time settings: one frozen value built from CLI flags, `EMULATOR_*` variables and defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Re-exported: callers find the built-in fixtures here (emulator/resources.py says where).
from emulator.resources import BUILTIN_FIXTURES as BUILTIN_FIXTURES

DEFAULT_SEED = 20261123
DEFAULT_RUNS = 250
# Generated history ends here, not at the wall clock, so that a seed names one dataset forever.
DEFAULT_EPOCH = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    seed: int = DEFAULT_SEED
    runs: int = DEFAULT_RUNS
    fixtures: Path = BUILTIN_FIXTURES
    strict: bool = False
    epoch: datetime = DEFAULT_EPOCH
    # 0 disables per-vendor ports; otherwise vendor i (alphabetical) listens on vendor_ports + i.
    vendor_ports: int = 0
    admin_token: str = ""
    # Names of the vendors to serve; empty means every discovered vendor.
    vendors: tuple[str, ...] = ()
    journal_size: int = 1000

    def with_overrides(self, values: Mapping[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if k in known and v is not None})


def parse_epoch(text: str) -> datetime:
    stamp = datetime.fromisoformat(text)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {text!r}")


_CONVERTERS: dict[str, Any] = {
    "host": str,
    "port": int,
    "seed": int,
    "runs": int,
    "fixtures": Path,
    "strict": parse_bool,
    "epoch": parse_epoch,
    "vendor_ports": int,
    "admin_token": str,
    "journal_size": int,
    "vendors": lambda text: tuple(n.strip() for n in text.split(",") if n.strip()),
}


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings named by `EMULATOR_<FIELD>` variables, converted; a bad value raises ValueError."""
    source = os.environ if environ is None else environ
    found: dict[str, Any] = {}
    for name, convert in _CONVERTERS.items():
        raw = source.get(f"EMULATOR_{name.upper()}")
        if raw is None:
            continue
        try:
            found[name] = convert(raw)
        except ValueError as error:
            raise ValueError(f"EMULATOR_{name.upper()}: {error}") from None
    return found
