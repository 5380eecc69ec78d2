"""`runs-emulator serve ...` and `python -m emulator serve ...`.

Flags win over `EMULATOR_*` variables, which win over defaults. On start-up the banner lists
each vendor's base URL and a test key, so a new user can copy a curl line straight away.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emulator.generate import FixtureError
from emulator.runtime import Runtime
from emulator.server import listen
from emulator.settings import Settings, from_environment, parse_epoch
from emulator.vendor import base_path, discover


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="runs-emulator", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the emulator with every vendor")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port of the shared listener (default 8080)")
    serve.add_argument("--seed", type=int, help="dataset seed (default 20261123)")
    serve.add_argument("--runs", type=int, help="generated runs per tenant (default 250)")
    serve.add_argument("--fixtures", type=Path, help="directory of tenants/fixture YAML files")
    serve.add_argument("--strict", action="store_true", default=None, help="check responses")
    serve.add_argument("--epoch", type=parse_epoch, help="end of the generated history (ISO)")
    serve.add_argument(
        "--vendor-ports", type=int, help="also serve vendor i (by name) on port N+i, unprefixed"
    )
    serve.add_argument("--admin-token", help="token required by /_emulator (except health)")
    serve.add_argument("--journal-size", type=int, help="requests kept by the journal (1000)")
    serve.add_argument(
        "--clock", choices=("epoch", "wall"), help="now: frozen at the epoch (default) or wall"
    )
    serve.add_argument(
        "--vendors", type=lambda t: tuple(t.split(",")), help="serve only these (comma-separated)"
    )
    return top


def settings_from(argv: Sequence[str]) -> Settings:
    arguments = vars(parser().parse_args(argv))
    arguments.pop("command")
    return Settings().with_overrides(from_environment()).with_overrides(arguments)


def banner(runtime: Runtime, base: str, ports: dict[str, int]) -> str:
    lines = [f"runs-emulator on {base} (seed {runtime.settings.seed})"]
    for name, state in runtime.states.items():
        tenant = next(iter(state.tenants.values()))
        path = base_path(state.vendor, tenant)
        lines.append(f"  {state.vendor.title:<8} {base}{path}  key {tenant.test_key}")
        if name in ports:
            lines.append(f"  {'':<8} http://{runtime.settings.host}:{ports[name]}  (own port)")
    lines.append(f"  control  {base}/_emulator/health")
    return "\n".join(lines)


async def serve(settings: Settings) -> None:
    runtime = Runtime.start(settings, discover(settings.vendors))
    listening = await listen(runtime)
    print(banner(runtime, listening.base_url, listening.ports), flush=True)
    await _until_signalled()
    await listening.close()


async def _until_signalled() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()


def _exit_quietly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def main(argv: Sequence[str] | None = None) -> Any:
    # As PID 1 in a container a process has no default SIGTERM action: until serve() installs
    # its own handler (after the dataset is built), `docker stop` would otherwise wait 10 s.
    signal.signal(signal.SIGTERM, _exit_quietly)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", stream=sys.stdout
    )
    try:
        settings = settings_from(sys.argv[1:] if argv is None else argv)
        asyncio.run(serve(settings))
    except KeyboardInterrupt:
        return 0
    except (FixtureError, ValueError) as error:
        print(f"runs-emulator: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"runs-emulator: cannot listen: {error}", file=sys.stderr)
        return 1
    return 0
