"""`runs-emulator proxy`'s flags, read as `serve`'s are: one parser per flag, a refusal one line
naming the flag. Flags only: a proxy runs in a job that writes its command line out.

Loading this module loads no aiohttp and no vendor (the CLI builds its parser from it before
it knows the command); service.py does, once the flags are known good.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from emulator.settings import (
    BUILTIN_FIXTURES,
    DEFAULT_RUNS,
    DEFAULT_SEED,
    HIGHEST_PORT,
    PORT,
    BadSetting,
    Setting,
    Settings,
    did_you_mean,
    fixtures_problem,
    parse_clock,
    parse_host,
    read,
    whole_number,
)
from emulator.vendors import names

DEFAULT_PORT = 8081
# The exit status of a run that found drift (2 is a bad flag, 1 what the system refused).
DRIFT = 3


@dataclass(frozen=True, slots=True)
class ProxySettings:
    vendor: str = ""
    upstream: str = ""
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    record: Path | None = None
    report: Path | None = None
    allow_http: bool = False
    # Stop after this many requests, or this many seconds (None: when stopped).
    requests: int | None = None
    seconds: float | None = None
    # The emulator compared with, and the seed of every stand-in.
    seed: int = DEFAULT_SEED
    runs: int = DEFAULT_RUNS
    fixtures: Path = BUILTIN_FIXTURES
    # Live traffic: the emulator's now is the wall clock's, unless `--clock epoch`.
    clock: str = "wall"

    def emulator(self) -> Settings:
        return Settings(seed=self.seed, runs=self.runs, fixtures=self.fixtures, clock=self.clock)


def parse_seconds(text: str) -> float:
    try:
        seconds = float(text.strip())
    except ValueError:
        seconds = -1.0
    if not 0 < seconds < float("inf"):
        raise ValueError(f"{text!r} is not a number of seconds (more than 0, such as 300)")
    return seconds


FLAGS = (
    Setting("vendor", str, "the vendor behind the upstream (b3os, dograh, ...)", "NAME"),
    Setting("upstream", str, "the vendor's base URL, as its clients are given it (https)", "URL"),
    Setting("host", parse_host, "address to listen on (default 127.0.0.1)", "H"),
    Setting("port", whole_number(PORT, 0, HIGHEST_PORT),
            f"port to listen on, 0 for any free port (default {DEFAULT_PORT})", "P"),
    Setting("record", Path, "write the runs seen as a fixtures directory", "DIR"),
    Setting("report", Path, "write the drift report (JSON, and a .md summary beside it)", "FILE"),
    Setting("requests", whole_number("a number of requests (1 or more)", 1),
            "stop after this many requests", "N"),
    Setting("seconds", parse_seconds, "stop after this many seconds", "S"),
    Setting("seed", whole_number("a seed (a whole number, 0 or more)"),
            f"seed of the emulator compared with and of every stand-in (default {DEFAULT_SEED})",
            "N"),
    Setting("runs", whole_number("a number of runs (a whole number, 0 or more)"),
            f"generated runs per tenant of the emulator compared with (default {DEFAULT_RUNS})",
            "N"),
    Setting("fixtures", Path, "tenants.yaml / <vendor>.yaml of the emulator compared with", "DIR"),
    Setting("clock", parse_clock, "the emulator's now: `wall` (the default) or `epoch`", "MODE"),
)  # fmt: skip


def add_arguments(command: argparse.ArgumentParser) -> None:
    for flag in FLAGS:
        command.add_argument(flag.flag, dest=f"proxy_{flag.name}", metavar=flag.metavar,
                             help=flag.help)  # fmt: skip
    command.add_argument("--allow-http", dest="proxy_allow_http", action="store_true",
                         help="take an upstream that is not https (a local stand-in)")  # fmt: skip


def proxy_settings(given: Mapping[str, Any]) -> ProxySettings:
    """The settings the parsed flags give; BadSetting names the flag that was bad."""
    values: dict[str, Any] = {
        flag.name: read(flag, given[f"proxy_{flag.name}"], flag.flag)
        for flag in FLAGS
        if given.get(f"proxy_{flag.name}") is not None
    }
    values["allow_http"] = bool(given.get("proxy_allow_http"))
    known = {f.name for f in fields(ProxySettings)}
    settings = ProxySettings(**{k: v for k, v in values.items() if k in known})
    _check(settings)
    return settings


def _check(settings: ProxySettings) -> None:
    from emulator.proxy.upstream import BadUpstream, base_url

    if not settings.vendor or not settings.upstream:
        raise BadSetting("proxy needs --vendor NAME and --upstream URL")
    if settings.vendor not in names():
        hint = did_you_mean(settings.vendor, names()) or f" (one of {', '.join(names())})"
        raise BadSetting(f"--vendor: no vendor {settings.vendor!r}{hint}")
    try:
        base_url(settings.upstream, settings.allow_http)
    except BadUpstream as error:
        raise BadSetting(f"--upstream: {error}") from None
    if settings.fixtures != BUILTIN_FIXTURES:
        problem = fixtures_problem(settings.fixtures, [settings.vendor])
        if problem:
            raise BadSetting(f"--fixtures: {problem}")
    if settings.record is not None and settings.record.is_file():
        raise BadSetting(f"--record: {settings.record} is a file, not a directory")
