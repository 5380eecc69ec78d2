"""The stand-in upstream (an emulator in a thread of its own) and the proxy's emulator, built
once per session; each test gets a copy of the proxy's emulator with stores of its own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from emulator.proxy.command import ProxySettings
from emulator.proxy.twin import Twin
from emulator.runtime import Runtime
from emulator.server import ThreadedEmulator
from emulator.settings import Settings
from emulator.vendor import discover
from tests.every_vendor import VENDORS
from tests.proxy.proxying import RUNS

FIXTURES_ONLY = Settings(port=0, runs=0)


@pytest.fixture(scope="session")
def upstream() -> Iterator[ThreadedEmulator]:
    with ThreadedEmulator(Settings(port=0, runs=RUNS)) as emulator:
        yield emulator


@pytest.fixture(scope="session")
def twins() -> dict[str, Twin]:
    """The proxy's emulator per vendor, with the upstream's data."""
    settings = ProxySettings(runs=RUNS, clock="epoch").emulator()
    return {vendor: Twin.build(settings, vendor) for vendor in VENDORS}


@pytest.fixture(scope="session")
def fixture_runtime() -> Runtime:
    """The built-in fixture runs alone (no generated runs); only read by the tests."""
    return Runtime.start(FIXTURES_ONLY, discover())


@pytest.fixture(scope="session")
def fixture_upstream(fixture_runtime: Runtime) -> Iterator[ThreadedEmulator]:
    """An upstream serving them."""
    with ThreadedEmulator(FIXTURES_ONLY, fixture_runtime) as emulator:
        yield emulator
