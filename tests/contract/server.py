"""A live emulator on a free loopback port, in a thread with its own event loop.

Schemathesis speaks HTTP through `requests`, synchronously; the app must therefore run
outside the test's loop, like a user's emulator process would.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.server import ThreadedEmulator
from emulator.settings import Settings


@dataclass(frozen=True, slots=True)
class LiveServer:
    base_url: str
    runtime: Runtime
    check: ResponseCheck


@contextmanager
def live_server(runtime: Runtime) -> Iterator[LiveServer]:
    check = ResponseCheck(is_enabled=True)
    listening = Settings(host="127.0.0.1", port=0)
    with ThreadedEmulator(listening, runtime, check) as server:
        yield LiveServer(server.base_url, runtime, check)
