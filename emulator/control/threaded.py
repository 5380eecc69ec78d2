"""The whole emulator in a background thread with its own event loop (moto's ThreadedMotoServer).

A test suite's clients, sync or async, on any loop, then talk to it over loopback HTTP as they
would to a deployed emulator; the runtime is only ever touched from the server's own loop.
"""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType

from aiohttp import web

from emulator.app import app_for
from emulator.front import FrontAppRunner
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover

STOP_TIMEOUT = 10.0


class ThreadedEmulator:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base_url = ""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.AppRunner | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        """Build the data (a fixture error raises here), listen, serve; the base URL."""
        runtime = Runtime.start(self.settings, discover(self.settings.vendors))
        check = ResponseCheck(is_enabled=self.settings.strict)
        loop = asyncio.new_event_loop()
        runner = FrontAppRunner(app_for(runtime, check), access_log=None, shutdown_timeout=0.5)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.settings.host, self.settings.port)
            loop.run_until_complete(site.start())
        except BaseException:
            loop.run_until_complete(runner.cleanup())
            loop.close()
            raise
        host, port = runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        self._loop, self._runner = loop, runner
        self._thread = threading.Thread(target=loop.run_forever, name="runs-emulator", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        loop, runner, thread = self._loop, self._runner, self._thread
        if loop is None or runner is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=STOP_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=STOP_TIMEOUT)
        loop.close()
        self._loop = self._runner = self._thread = None

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
