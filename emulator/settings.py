"""Run-time settings: one frozen value built from CLI flags, `EMULATOR_*` variables and defaults.

Each setting is read from text the same way wherever the text comes from (a flag, a variable),
by the parser in `SETTINGS`; a parser refuses with a sentence for people, never Python's own
wording, and the caller puts the flag or variable name in front of it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
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
# B3OS ids carry 32-bit second stamps (1970 to 2106) and the history reaches months before the
# epoch and the clock can travel after it: a round range well inside both ends.
EPOCHS = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
HIGHEST_PORT = 65535
# EMULATOR_* variables that are not settings but are ours (never warned about).
OTHER_VARIABLES = {"EMULATOR_VENV": "scripts/serve, scripts/test", "EMULATOR_URL": "examples/"}


@dataclass(frozen=True, slots=True)
class Settings:
    host: str = "127.0.0.1"
    # 0: a free port the system picks (the banner and `base_url` name it).
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
    # Answers of repeated reads each vendor keeps until its data or the clock moves (recall.py).
    reply_cache: int = 256
    # "epoch": now starts frozen at the epoch (deterministic); "wall": now is the wall clock.
    clock: str = "epoch"

    def with_overrides(self, values: Mapping[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if k in known and v is not None})


def whole_number(what: str, low: int = 0, high: int | None = None) -> Callable[[str], int]:
    """A parser of plain decimal numbers in a range (no sign, no `1_000`: people write
    neither in a port or a count, and Python's int() would take both)."""

    def parse(text: str) -> int:
        stripped = text.strip()
        if stripped.isascii() and stripped.isdigit():
            number = int(stripped)
            if number >= low and (high is None or number <= high):
                return number
        raise ValueError(f"{text!r} is not {what}")

    return parse


def parse_epoch(text: str) -> datetime:
    try:
        stamp = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO 8601 date-time (such as 2026-11-01T00:00:00Z)"
        ) from None
    stamp = stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    if not EPOCHS[0] <= stamp < EPOCHS[1]:
        raise ValueError(f"{text!r} is outside the years the data can have (2000 to 2099)")
    return stamp


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{text!r} is not a yes or no (true/false, yes/no, on/off, 1/0)")


def parse_clock(text: str) -> str:
    mode = text.strip().lower()
    if mode not in ("epoch", "wall"):
        raise ValueError(f"{text!r} is not a clock mode (epoch or wall)")
    return mode


def parse_host(text: str) -> str:
    if not text.strip():
        raise ValueError(f"{text!r} is not an address to listen on (such as 127.0.0.1 or 0.0.0.0)")
    return text.strip()


def parse_names(text: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise ValueError(f"{text!r} names no vendor (comma-separated names, such as dograh,b3os)")
    return names


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting as people give it: `--<name>` and `EMULATOR_<NAME>`, read by `parse`."""

    name: str
    parse: Callable[[str], Any]
    help: str
    metavar: str = ""

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def variable(self) -> str:
        return "EMULATOR_" + self.name.upper()


PORT = "a port number (1-65535, or 0 for any free port)"
SETTINGS = (
    Setting("host", parse_host, "address to listen on (default 127.0.0.1)", "H"),
    Setting("port", whole_number(PORT, 0, HIGHEST_PORT),
            "port of the shared listener, 0 for any free port (default 8080)", "P"),
    Setting("seed", whole_number("a seed (a whole number, 0 or more)"),
            f"dataset seed (default {DEFAULT_SEED})", "N"),
    Setting("runs", whole_number("a number of runs (a whole number, 0 or more)"),
            f"generated runs per tenant (default {DEFAULT_RUNS})", "N"),
    Setting("fixtures", Path, "directory whose tenants.yaml / <vendor>.yaml replace the "
            "built-in ones", "DIR"),
    Setting("strict", parse_bool, "check every response against the spec at run time"),
    Setting("epoch", parse_epoch, "end of the generated history, ISO 8601 "
            "(default 2026-11-01T00:00:00Z)", "ISO"),
    Setting("vendor_ports", whole_number("a first port (1-65535, or 0 for none)", 0, HIGHEST_PORT),
            "also serve vendor i (alphabetical) on port N+i, unprefixed", "N"),
    Setting("admin_token", str, "token the control plane requires (health excepted)", "T"),
    Setting("vendors", parse_names, "serve only these vendors (comma-separated names)", "A,B"),
    Setting("journal_size", whole_number("a journal size (a whole number of requests, 0 or more)"),
            "requests the journal keeps (default 1000; 0 keeps none)", "N"),
    Setting("reply_cache", whole_number("a number of answers (a whole number, 0 or more)"),
            "answers of repeated reads kept per vendor until its data or the clock moves "
            "(default 256; 0 computes every request)", "N"),
    Setting("clock", parse_clock, "now: `epoch` (frozen at the end of the history, the "
            "default) or `wall` (the wall clock, for live use)", "MODE"),
)  # fmt: skip
BY_NAME = {s.name: s for s in SETTINGS}


class BadSetting(ValueError):
    """A flag or variable that cannot be used; the message starts with its name."""


def read(setting: Setting, text: str, label: str) -> Any:
    """`text` parsed for `setting`; a refusal says which flag or variable (`label`) was bad."""
    try:
        return setting.parse(text)
    except ValueError as error:
        raise BadSetting(f"{label}: {error}") from None


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Settings named by `EMULATOR_<FIELD>` variables, parsed; a bad value raises BadSetting
    naming the variable. An empty variable counts as unset (compose files write `X: ""`)."""
    source = os.environ if environ is None else environ
    given = {s: source.get(s.variable, "") for s in SETTINGS}
    return {s.name: read(s, text, s.variable) for s, text in given.items() if text.strip()}


def unknown_variables(environ: Mapping[str, str] | None = None) -> list[str]:
    """A warning for each `EMULATOR_*` variable that is no setting, with the closest name."""
    source = os.environ if environ is None else environ
    known = {s.variable for s in SETTINGS}
    unknown = [n for n in sorted(source) if n.startswith("EMULATOR_")]
    return [
        f"{name} is not a setting of runs-emulator and is ignored{closest_variable(name)}"
        for name in unknown
        if name not in known and name not in OTHER_VARIABLES
    ]


def closest_variable(name: str) -> str:
    # Compared without the prefix every name shares, which would make any two look alike.
    found = closest(name.removeprefix("EMULATOR_"), [s.name.upper() for s in SETTINGS])
    return f" (did you mean EMULATOR_{found}?)" if found else ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean X?)` for the closest of `choices`, or nothing when none is close."""
    found = closest(word, choices)
    return f" (did you mean {found}?)" if found else ""


def closest(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def fixtures_problem(folder: Path, vendors: Iterable[str]) -> str | None:
    """Why `folder` cannot be a fixtures directory for `vendors`, or None when it can."""
    wanted = ", ".join(["tenants.yaml", *(f"{name}.yaml" for name in vendors)])
    if not folder.exists():
        return f"{folder} does not exist (give a directory holding any of {wanted})"
    if not folder.is_dir():
        return f"{folder} is a file, not a directory (give one holding any of {wanted})"
    if not any((folder / name).exists() for name in wanted.split(", ")):
        return f"{folder} holds none of the files the emulator reads ({wanted})"
    return None
