"""pytest plugin for users' test suites, registered as the `pytest11` entry point.

- `runs_emulator` (session): the emulator started in-process on a free port, in a thread of its
  own, or the running one `runs_emulator_url` names; `.base_url`, `.url_for(vendor)`,
  `.test_key(vendor)`, `.client` (an `EmulatorClient`).
- `runs_emulator_url`, `runs_emulator_token` (session): `--emulator-url` / `--emulator-token`
  by default; a suite overrides them to attach to an emulator it starts itself (a container).
- `emulator` (function): the same object, reset first, so each test starts from the seeded
  data with no faults, an empty journal and a real clock.

Options (command line, or the same names in the ini file with underscores): `--emulator-seed`,
`--emulator-runs`, `--emulator-fixtures`, `--emulator-url`, `--emulator-token`. Installing the
package changes no suite that does not ask for these fixtures: nothing starts until one does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulator.client import EmulatorClient, VendorInfo
from emulator.settings import Settings

OPTIONS = {
    "seed": "dataset seed (default: the emulator's)",
    "runs": "generated runs per tenant (default: the emulator's, 250)",
    "fixtures": "directory of tenants/fixture YAML files",
    "url": "use the emulator running at this URL instead of starting one",
    "token": "admin token of that emulator (default: $EMULATOR_ADMIN_TOKEN)",
}


class RunsEmulator:
    """A running emulator as a test sees it."""

    def __init__(self, base_url: str, client: EmulatorClient) -> None:
        self.base_url = base_url
        self.client = client
        self._vendors: dict[str, VendorInfo] | None = None

    def vendors(self) -> dict[str, VendorInfo]:
        if self._vendors is None:
            self._vendors = self.client.vendors()
        return self._vendors

    def url_for(self, vendor: str, tenant: str | None = None) -> str:
        """The vendor's base URL for a tenant (default: the first): what a client of the real
        vendor takes as its API root (for Dynamiq, the tenant's first app)."""
        if tenant is None:
            return self.base_url + self._vendor(vendor).base_path
        for info in self._vendor(vendor).tenants:
            if info.slug == tenant:
                return self.base_url + info.base_path
        raise LookupError(f"no {vendor} tenant {tenant!r}")

    def test_key(self, vendor: str, tenant: str | None = None) -> str:
        """A documented test key of the tenant (default: the vendor's first tenant)."""
        tenants = self._vendor(vendor).tenants
        for info in tenants:
            if tenant is None or info.slug == tenant:
                return info.test_key
        raise LookupError(f"no {vendor} tenant {tenant!r}; one of {[t.slug for t in tenants]}")

    def _vendor(self, vendor: str) -> VendorInfo:
        vendors = self.vendors()
        if vendor not in vendors:
            raise LookupError(f"no vendor {vendor!r}; one of {sorted(vendors)}")
        return vendors[vendor]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("runs-emulator", "runs-emulator, in-process for tests")
    for name, text in OPTIONS.items():
        group.addoption(f"--emulator-{name}", dest=f"emulator_{name}", help=text)
        parser.addini(f"emulator_{name}", text)


def option(config: pytest.Config, name: str) -> str | None:
    value = config.getoption(f"emulator_{name}") or config.getini(f"emulator_{name}")
    return str(value) if value else None


@pytest.fixture(scope="session")
def runs_emulator_url(pytestconfig: pytest.Config) -> str | None:
    """The URL of a running emulator to use, or None to start one in-process: `--emulator-url`
    by default. A suite whose emulator is known only at run time (a container a session fixture
    starts) overrides this fixture and returns (or yields) that URL."""
    return option(pytestconfig, "url")


@pytest.fixture(scope="session")
def runs_emulator_token(pytestconfig: pytest.Config) -> str | None:
    """The admin token of the emulator at `runs_emulator_url`: `--emulator-token`, else
    $EMULATOR_ADMIN_TOKEN; overridable like the URL."""
    return option(pytestconfig, "token") or os.environ.get("EMULATOR_ADMIN_TOKEN")


@pytest.fixture(scope="session")
def runs_emulator(
    pytestconfig: pytest.Config, runs_emulator_url: str | None, runs_emulator_token: str | None
) -> Iterator[RunsEmulator]:
    if runs_emulator_url:
        yield attached(runs_emulator_url, runs_emulator_token)
        return
    # Imported here: a suite that never asks for the emulator never loads it.
    from emulator.server import ThreadedEmulator

    with ThreadedEmulator(_settings(pytestconfig)) as server:
        yield RunsEmulator(server.base_url, EmulatorClient(server.base_url))


def attached(url: str, token: str | None) -> RunsEmulator:
    """The emulator at `url`, once it has answered its health check (a wrong URL or port
    fails here, naming the URL, rather than in the first test that calls it)."""
    client = EmulatorClient(url, token=token)
    try:
        client.health()
    except OSError as error:
        raise pytest.UsageError(f"no runs-emulator answers at {url}: {error}") from None
    return RunsEmulator(url.rstrip("/"), client)


@pytest.fixture
def emulator(runs_emulator: RunsEmulator) -> RunsEmulator:
    runs_emulator.client.reset()
    return runs_emulator


def _settings(config: pytest.Config) -> Settings:
    values: dict[str, object] = {"host": "127.0.0.1", "port": 0}
    for name, convert in (("seed", int), ("runs", int), ("fixtures", Path)):
        text = option(config, name)
        if text is None:
            continue
        try:
            values[name] = convert(text)
        except ValueError:
            raise pytest.UsageError(f"--emulator-{name}: not an integer: {text!r}") from None
    return Settings().with_overrides(values)
