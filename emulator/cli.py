"""`runs-emulator serve ...` and `python -m emulator serve ...`.

Flags win over `EMULATOR_*` variables, which win over defaults. Every refusal is one line on
stderr naming the flag, variable, port or file, with exit status 2 for a bad setting and 1 for
what the system refused; on start-up the banner lists each vendor's base URL and a test key, so
a new user can copy a curl line straight away.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from emulator import __version__
from emulator.proxy import command as proxy_command
from emulator.resources import MissingData
from emulator.settings import (
    BUILTIN_FIXTURES,
    HIGHEST_PORT,
    SETTINGS,
    BadSetting,
    Settings,
    did_you_mean,
    fixtures_problem,
    from_environment,
    read,
    unknown_variables,
)
from emulator.vendors import names

if TYPE_CHECKING:
    from emulator.runtime import Runtime

PROG = "runs-emulator"
DESCRIPTION = "Emulator of the run-history and usage APIs of Dograh, B3OS, StackAI and Dynamiq"
INTERRUPTED = 128 + signal.SIGINT  # what a shell reports for a command stopped by Ctrl-C
PROXY_HELP = "check (and record) a real vendor's answers, as a proxy in front of it"
PROXY_DESCRIPTION = (
    "Relay a client's requests to the vendor unchanged; report where its answers differ from "
    "our spec and, in kind, from the emulator's (README: Drift)."
)
PROXY_EPILOG = (
    f"Exit status: 0 without drift, {proxy_command.DRIFT} with drift, 2 for a bad flag, "
    "1 for what the system refused."
)


class Refused(Exception):
    """A start refused, said in one line for people: exit status 2 for a bad setting or
    fixture (usage), 1 for what the system refused (a port, a file)."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage block) with a hint."""

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: "):
            first = message.removeprefix("unrecognized arguments: ").split()[0]
            message += did_you_mean(first.partition("=")[0], self._flags())
        elif message.startswith("the following arguments are required: command"):
            message = "name a command: serve or proxy"
        raise Refused(f"{message}; see {self._command()} --help")

    def _command(self) -> str:
        # The top parser reports what `serve` did not take (argparse hands it the leftovers).
        return self.prog if " " in self.prog else f"{PROG} serve"

    def _flags(self) -> list[str]:
        own = [flag for flag in self._option_string_actions if flag.startswith("--")]
        return own if " " in self.prog else [s.flag for s in SETTINGS]


def parser() -> argparse.ArgumentParser:
    top = _Parser(prog=PROG, description=DESCRIPTION)
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = top.add_subparsers(dest="command", metavar="command", required=True)
    serve = commands.add_parser(
        "serve", help="start the emulator with every vendor", description=DESCRIPTION,
        epilog="Flags win over EMULATOR_* variables, which win over the defaults.",
    )  # fmt: skip
    serve.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    for setting in SETTINGS:
        text = f"{setting.help} [{setting.variable}]"
        if setting.name == "strict":  # a switch on the command line, a yes/no as a variable
            serve.add_argument(setting.flag, action="store_const", const="true", help=text)
        else:
            serve.add_argument(setting.flag, metavar=setting.metavar, help=text)
    proxy = commands.add_parser("proxy", help=PROXY_HELP, description=PROXY_DESCRIPTION,
                                epilog=PROXY_EPILOG)  # fmt: skip
    proxy_command.add_arguments(proxy)
    return top


def proxy_parser() -> argparse.ArgumentParser:
    """`proxy`'s flags alone, so that a flag it lacks is named against its own."""
    proxy = _Parser(prog=f"{PROG} proxy", description=PROXY_DESCRIPTION, epilog=PROXY_EPILOG)
    proxy_command.add_arguments(proxy)
    return proxy


def settings_from(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Settings:
    """The settings `argv` and the environment give (BadSetting for a bad one)."""
    return settings_and_sources(argv, environ)[0]


def settings_and_sources(
    argv: Sequence[str], environ: Mapping[str, str] | None = None
) -> tuple[Settings, dict[str, str]]:
    """Defaults, then variables, then flags, each parsed by its setting (BadSetting names the
    flag or variable that was bad); and where each setting came from, to name it later."""
    environ = os.environ if environ is None else environ
    given = vars(parser().parse_args(argv))
    flags = {s.name: read(s, given[s.name], s.flag) for s in SETTINGS if given[s.name] is not None}
    variables = from_environment(environ)
    sources = {
        s.name: s.variable if s.name in variables and s.name not in flags else s.flag
        for s in SETTINGS
    }
    return Settings().with_overrides(variables).with_overrides(flags), sources


def vendors_named(settings: Settings, sources: Mapping[str, str]) -> tuple[str, ...]:
    """The vendors to serve, by name, checked before any of them is loaded."""
    known = names()
    for name in settings.vendors:
        if name not in known:
            hint = did_you_mean(name, known) or f" (one of {', '.join(known)})"
            raise Refused(f"{sources['vendors']}: no vendor {name!r}{hint}")
    return tuple(n for n in known if not settings.vendors or n in settings.vendors)


def check_together(settings: Settings, vendors: Sequence[str], sources: Mapping[str, str]) -> None:
    """What no single setting can say alone: the fixtures directory, the per-vendor ports."""
    if settings.fixtures != BUILTIN_FIXTURES:
        problem = fixtures_problem(settings.fixtures, vendors)
        if problem:
            raise Refused(f"{sources['fixtures']}: {problem}")
    first, last = settings.vendor_ports, settings.vendor_ports + len(vendors) - 1
    where = f"{sources['vendor_ports']}: {len(vendors)} vendors from port {first}"
    if first and last > HIGHEST_PORT:
        raise Refused(f"{where} need ports up to {last}, past {HIGHEST_PORT}")
    if first and first <= settings.port <= last:
        raise Refused(f"{where} take the shared port {settings.port} ({sources['port']})")


def start(settings: Settings) -> Runtime:
    """The data, built before the event loop runs: Ctrl-C interrupts it at once (inside
    asyncio.run it would only cancel the task once the synchronous build had finished)."""
    from emulator.allocator import return_freed_memory
    from emulator.runtime import Runtime
    from emulator.vendor import discover

    return_freed_memory()
    print(f"{PROG} {__version__}: building the data (seed {settings.seed}, "
          f"{settings.runs} runs per tenant)", flush=True)  # fmt: skip
    return Runtime.start(settings, discover(settings.vendors))


def banner(runtime: Runtime, base: str, ports: Mapping[str, int]) -> str:
    from emulator.vendor import base_path

    settings = runtime.settings
    lines = [f"{PROG} on {base} (seed {settings.seed})"]
    for name, state in runtime.states.items():
        tenant = next(iter(state.tenants.values()))
        path = base_path(state.vendor, tenant)
        lines.append(f"  {state.vendor.title:<8} {base}{path}  key {tenant.test_key}")
        if name in ports:
            lines.append(f"  {'':<8} http://{settings.host}:{ports[name]}  (own port)")
    lines.append(f"  control  {base}/_emulator/health")
    if settings.strict:
        lines.append("  strict   on: a response that breaks its spec is a 500 saying how")
    lines.append("Stop it with Ctrl-C.")
    return "\n".join(lines)


async def serve(runtime: Runtime) -> None:
    import asyncio

    from emulator.server import listen

    listening = await listen(runtime)
    print(banner(runtime, listening.base_url, listening.ports), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await listening.close()


def run(argv: Sequence[str]) -> int | None:
    if argv[:1] == ["proxy"]:
        return proxy(vars(proxy_parser().parse_args(argv[1:])))
    for warning in unknown_variables():
        print(f"{PROG}: warning: {warning}", file=sys.stderr)
    try:
        settings, sources = settings_and_sources(argv)
    except BadSetting as error:
        raise Refused(str(error)) from None
    check_together(settings, vendors_named(settings, sources), sources)
    launch(settings)
    return None


def proxy(given: Mapping[str, Any]) -> int:
    """`runs-emulator proxy`: its exit status says whether drift was found."""
    import logging

    from emulator.generate import FixtureError
    from emulator.server import CannotListen

    try:
        settings = proxy_command.proxy_settings(given)
    except BadSetting as error:
        raise Refused(str(error)) from None
    from emulator.proxy.service import run_proxy

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stdout
    )
    try:
        return run_proxy(settings)
    except (FixtureError, MissingData) as error:
        raise Refused(str(error)) from None
    except CannotListen as error:
        raise Refused(str(error.strerror), status=1) from None
    except OSError as error:  # a fixture it cannot read, a report or recording it cannot write
        where = f"{error.filename}: " if error.filename else ""
        raise Refused(f"{where}{error.strerror or error}", status=1) from None


def launch(settings: Settings) -> None:
    # aiohttp, jsonschema and the vendors load here, once main() catches Ctrl-C (an interrupt
    # while they load is a quiet exit, not a traceback) and once the settings are known good
    # (a refusal or --version is said at once).
    import asyncio
    import logging

    from emulator.generate import FixtureError
    from emulator.server import CannotListen

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stdout
    )
    try:
        asyncio.run(serve(start(settings)))
    except (FixtureError, MissingData) as error:
        raise Refused(str(error)) from None
    except CannotListen as error:
        raise Refused(str(error.strerror), status=1) from None
    except OSError as error:  # a file the emulator reads (a fixture, a spec) and cannot
        where = f"cannot read {error.filename}: " if error.filename else ""
        raise Refused(f"{where}{error.strerror or error}", status=1) from None


def _exit_quietly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _die_interrupted() -> NoReturn:
    # Die of SIGINT, as a shell expects of a command stopped by Ctrl-C (it reports 130 and a
    # calling script stops too), as CPython does for an interrupt nothing caught.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)
    raise SystemExit(INTERRUPTED)  # reached as PID 1 only, which no signal's default can kill


def main(argv: Sequence[str] | None = None) -> Any:
    # As PID 1 in a container a process has no default SIGTERM action: until serve() installs
    # its own handler (after the dataset is built), `docker stop` would otherwise wait 10 s.
    signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        status = run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:  # Ctrl-C before the banner; after it, serve() stops cleanly
        print(f"{PROG}: interrupted while starting", file=sys.stderr, flush=True)
        _die_interrupted()
    except Refused as refusal:
        print(f"{PROG}: {refusal}", file=sys.stderr)
        return refusal.status
    return status or 0
