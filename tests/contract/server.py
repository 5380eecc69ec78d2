"""A live emulator on a free loopback port, in a thread with its own event loop.

Schemathesis speaks HTTP through `requests`, synchronously; the app must therefore run
outside the test's loop, like a user's emulator process would.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aiohttp import web

from emulator.app import build_app
from emulator.front import FrontAppRunner
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime


@dataclass(frozen=True, slots=True)
class LiveServer:
    base_url: str
    runtime: Runtime
    check: ResponseCheck


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def live_server(runtime: Runtime) -> Iterator[LiveServer]:
    check = ResponseCheck(is_enabled=True)
    loop = asyncio.new_event_loop()
    runner = FrontAppRunner(build_app(runtime, check), access_log=None)
    port = free_port()
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", runtime, check)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
