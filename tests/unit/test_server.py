"""A failed bind said for what it is (the CLI prints `strerror` as is)."""

from __future__ import annotations

import errno
import os
import socket

import pytest

from emulator.server import CannotListen

# What asyncio raises from create_server: its own sentence, the bind's errno.
ASYNCIO = "error while attempting to bind on address ('127.0.0.1', 80): permission denied"


@pytest.mark.parametrize("code", [errno.EACCES, errno.EADDRINUSE, errno.EADDRNOTAVAIL])
def test_a_bind_failure_is_named_by_its_errno(code: int) -> None:
    failure = CannotListen("127.0.0.1:80", OSError(code, ASYNCIO))
    assert failure.strerror == f"cannot listen on 127.0.0.1:80: {os.strerror(code)}"
    assert failure.errno == code and isinstance(failure, OSError)


def test_an_unknown_host_says_so() -> None:
    failure = CannotListen("nowhere:80", socket.gaierror(socket.EAI_NONAME, "Name not known"))
    assert failure.strerror == "cannot listen on nowhere:80: unknown host (Name not known)"
