from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.runtime import Runtime
from tests.contract.server import LiveServer, live_server


@pytest.fixture(scope="module")
def server(pristine: Runtime) -> Iterator[LiveServer]:
    with live_server(pristine.fork()) as running:
        yield running
    assert running.check.failures == [], running.check.failures
