"""A proxy's life: the emulator's data built, then listening until stopped (Ctrl-C, SIGTERM),
`--requests N` checked or `--seconds S` passed; then the report and the recording written,
and the verdict as the exit status: 0 without drift, 3 (command.DRIFT) with.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import web

from emulator import __version__
from emulator.proxy.command import DRIFT, ProxySettings
from emulator.proxy.record import write_recording
from emulator.proxy.relay import Relay
from emulator.proxy.report import Report
from emulator.proxy.standins import StandIns
from emulator.proxy.twin import Twin
from emulator.proxy.upstream import Upstream
from emulator.server import CannotListen

PROG = "runs-emulator proxy"
# How long requests still in flight at the stop may take to finish.
SHUTDOWN_SECONDS = 5.0


@dataclass(slots=True)
class Running:
    relay: Relay
    base_url: str

    @property
    def report(self) -> Report:
        return self.relay.report


@asynccontextmanager
async def running(settings: ProxySettings, twin: Twin) -> AsyncIterator[Running]:
    """The proxy listening, its checks running; on exit every request relayed is checked."""
    upstream = Upstream.parse(settings.upstream, twin.vendor, settings.allow_http)
    report = Report(twin.vendor.name, str(upstream.url), settings.seed)
    jar = aiohttp.DummyCookieJar()
    async with aiohttp.ClientSession(auto_decompress=False, cookie_jar=jar) as session:
        relay = Relay(upstream, twin, StandIns(settings.seed), report, session, settings.requests)
        await twin.start()
        runner = web.AppRunner(relay.app(), access_log=None, shutdown_timeout=SHUTDOWN_SECONDS)
        await runner.setup()
        checker = asyncio.create_task(relay.check_all())
        try:
            port = await _listen(runner, settings.host, settings.port)
            yield Running(relay, f"http://{settings.host}:{port}")
        finally:
            await runner.cleanup()
            await relay.pending.join()
            checker.cancel()
            with suppress(asyncio.CancelledError):
                await checker
            await twin.close()
            report.recorded = {"runs": len(relay.harvest.recorded), **relay.harvest.skipped}


async def _listen(runner: web.AppRunner, host: str, port: int) -> int:
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        raise CannotListen(f"{host}:{port}", error) from error
    bound: int = runner.addresses[-1][1]
    return bound


async def serve(settings: ProxySettings, twin: Twin) -> Relay:
    async with running(settings, twin) as proxy:
        print(banner(settings, twin, proxy.base_url), flush=True)
        await _stopped(proxy.relay.done, settings.seconds)
        return proxy.relay


async def _stopped(done: asyncio.Event, seconds: float | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    waits: list[asyncio.Future[object]] = [
        asyncio.ensure_future(done.wait()),
        asyncio.ensure_future(stop.wait()),
    ]
    if seconds is not None:
        waits.append(asyncio.ensure_future(asyncio.sleep(seconds)))
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)


def banner(settings: ProxySettings, twin: Twin, base_url: str) -> str:
    lines = [f"{PROG} {__version__}: {twin.vendor.title} on {base_url} -> {settings.upstream}",
             f"  compared with the emulator (seed {settings.seed}, {settings.runs} runs per "
             f"tenant, clock {settings.clock})"]  # fmt: skip
    bounds = [f"after {settings.requests} request(s)"] if settings.requests else []
    bounds += [f"after {settings.seconds:g} s"] if settings.seconds else []
    lines.append(f"Stops {' or '.join([*bounds, 'with Ctrl-C'])}.")
    return "\n".join(lines)


def run_proxy(settings: ProxySettings) -> int:
    """Serve until stopped; write what was asked for; the exit status."""
    twin = Twin.build(settings.emulator(), settings.vendor)
    relay = asyncio.run(serve(settings, twin))
    print(finish(settings, relay), flush=True)
    return DRIFT if relay.report.has_drift else 0


def finish(settings: ProxySettings, relay: Relay) -> str:
    report = relay.report
    said = [f"{PROG}: {report.requests} request(s), {len(report.entries)} with drift"]
    if settings.report is not None:
        written = report.write(settings.report)
        said.append(f"report {' and '.join(str(p) for p in written)}")
    if settings.record is not None:
        recorded, twin = relay.harvest.recorded, relay.twin
        source = str(relay.upstream.url.host)
        paths = write_recording(settings.record, twin.vendor.name, recorded, twin.state.settings,
                                source)  # fmt: skip
        said.append(f"recorded {len(recorded)} run(s) in {_names(paths)}")
    return "; ".join(said)


def _names(paths: list[Path]) -> str:
    return ", ".join(str(p) for p in paths)
