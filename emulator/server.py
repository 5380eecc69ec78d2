"""Listening: the shared port and the vendors' own ports, started on the running loop, and the
whole emulator in a background thread (moto's ThreadedMotoServer) for suites and scripts.

A test suite's clients, sync or async, on any loop, talk to the threaded emulator over loopback
HTTP as they would to a deployed one; the runtime is only ever touched from its own loop.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web

from emulator.app import build_app, own_port_app
from emulator.control.plane import ControlPlane
from emulator.front import FrontAppRunner
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover

STOP_TIMEOUT = 10.0


@dataclass(slots=True)
class Listening:
    """The runners of a started emulator; `base_url` of the shared port, `ports` by vendor."""

    runtime: Runtime
    check: ResponseCheck
    runners: list[FrontAppRunner] = field(default_factory=list)
    base_url: str = ""
    ports: dict[str, int] = field(default_factory=dict)

    async def close(self) -> None:
        for runner in self.runners:
            await runner.cleanup()


async def listen(
    runtime: Runtime, check: ResponseCheck | None = None, settings: Settings | None = None
) -> Listening:
    """Start every listener `settings` (default: the runtime's) ask for; a failed bind closes
    the others."""
    settings = settings or runtime.settings
    listening = Listening(runtime, check or ResponseCheck(is_enabled=settings.strict))
    plane = ControlPlane.attach(runtime)
    apps = [(build_app(runtime, listening.check, plane), settings.port)]
    if settings.vendor_ports:
        for offset, vendor in enumerate(runtime.vendors):
            apps.append((own_port_app(runtime, vendor, listening.check, plane),
                         settings.vendor_ports + offset))  # fmt: skip
    try:
        for index, (app, port) in enumerate(apps):
            what = f" for {runtime.vendors[index - 1].name}" if index else ""
            bound = await _site(listening, app, settings.host, port, what)
            if index:
                listening.ports[runtime.vendors[index - 1].name] = bound
            else:
                listening.base_url = f"http://{settings.host}:{bound}"
    except BaseException:
        await listening.close()
        raise
    return listening


async def _site(listening: Listening, app: web.Application, host: str, port: int, what: str) -> int:
    runner = FrontAppRunner(app, access_log=None, shutdown_timeout=0.5)
    listening.runners.append(runner)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        raise CannotListen(f"{host}:{port}{what}", error) from error
    bound: int = runner.addresses[-1][1]
    return bound


class CannotListen(OSError):
    """A failed bind, said for people: `cannot listen on H:P: Address already in use`; an
    OSError still, with the bind's errno, for callers that catch those."""

    def __init__(self, where: str, error: OSError) -> None:
        if isinstance(error, socket.gaierror):
            reason = f"unknown host ({error.strerror})"
        else:  # asyncio words it "error while attempting to bind on address (...)"
            reason = os.strerror(error.errno) if error.errno else str(error)
        super().__init__(error.errno, f"cannot listen on {where}: {reason}")


class ThreadedEmulator:
    """`with ThreadedEmulator(Settings(port=0)) as emulator:` ... `emulator.base_url`."""

    def __init__(self, settings: Settings, runtime: Runtime | None = None,
                 check: ResponseCheck | None = None) -> None:  # fmt: skip
        self.settings = settings
        self.base_url = ""
        self._runtime, self._check = runtime, check
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listening: Listening | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Build the data (a fixture error raises here), listen, serve; the base URL."""
        runtime = self._runtime or Runtime.start(self.settings, discover(self.settings.vendors))
        loop = asyncio.new_event_loop()
        try:
            listening = listen(runtime, self._check, self.settings)
            self._listening = loop.run_until_complete(listening)
        except BaseException:
            loop.close()
            raise
        self.base_url = self._listening.base_url
        self._loop = loop
        self._thread = threading.Thread(target=loop.run_forever, name="runs-emulator", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        loop, listening, thread = self._loop, self._listening, self._thread
        if loop is None or listening is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(listening.close(), loop).result(timeout=STOP_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=STOP_TIMEOUT)
        loop.close()
        self._loop = self._listening = self._thread = None

    def __enter__(self) -> ThreadedEmulator:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
