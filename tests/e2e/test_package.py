"""The package as a user gets it: the sdist and the wheel built from it carry every spec and
fixture; the wheel, installed into a fresh virtual environment outside the checkout, serves a
healthy emulator and runs the README's plugin example (3 passed).

Marked `packaging` (`-m "not packaging"` leaves it out); it is part of the default run. It
installs the wheel's dependencies from the package index (pip's cache makes that quick).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import time
import urllib.request
import venv
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.control.test_plugin import example

ROOT = Path(__file__).resolve().parents[2]
DATA = ("openapi", "fixtures")

pytestmark = pytest.mark.packaging


@dataclass(frozen=True)
class Built:
    sdist: Path
    wheel: Path


@dataclass(frozen=True)
class Installed:
    python: Path
    home: Path  # a directory outside the checkout, where the user's project lives

    def bin(self, name: str) -> str:
        return str(self.python.parent / name)


def data_files() -> list[str]:
    """Every spec and fixture of the checkout, as paths relative to it."""
    return sorted(
        str(path.relative_to(ROOT))
        for folder in DATA
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".yaml", ".json"}
    )


def clean_environment() -> dict[str, str]:
    """This process's environment without what would point Python back at the checkout."""
    leaks = ("PYTHON", "PYTEST", "COV_CORE", "VIRTUAL_ENV", "EMULATOR_")
    return {k: v for k, v in os.environ.items() if not k.startswith(leaks)}


def run(command: list[str], cwd: Path, timeout: float = 300) -> str:
    done = subprocess.run(
        command, cwd=cwd, env=clean_environment(), capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip
    assert done.returncode == 0, f"{command}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """`python -m build`: the sdist, then the wheel built from that sdist."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], cwd=out)
    [sdist], [wheel] = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    return Built(sdist, wheel)


@pytest.fixture(scope="module")
def installed(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """A fresh virtual environment with the wheel and pytest, as a user would make it."""
    home = tmp_path_factory.mktemp("user-project")
    venv.create(home / "venv", with_pip=False)  # pip from this environment installs into it
    python = home / "venv" / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    run([*pip, str(built.wheel), "pytest"], cwd=home)
    return Installed(python, home)


def test_the_sdist_carries_every_spec_fixture_and_the_license(built: Built) -> None:
    with tarfile.open(built.sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        members = {name.removeprefix(top + "/") for name in archive.getnames()}
    assert set(data_files()) <= members
    assert {"LICENSE", "setup.py", "pyproject.toml"} <= members


def test_the_wheel_built_from_it_carries_them_inside_the_package(built: Built) -> None:
    with zipfile.ZipFile(built.wheel) as archive:
        members = set(archive.namelist())
    assert {f"emulator/{name}" for name in data_files()} <= members
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in members)
    assert not any(name.startswith(("tests/", "openapi/", "fixtures/")) for name in members)


def test_the_installed_package_reads_its_data_from_the_environment(installed: Installed) -> None:
    code = "import emulator.spec as s, emulator.settings as t; print(s.SPECS, t.BUILTIN_FIXTURES)"
    specs, fixtures = run([str(installed.python), "-c", code], cwd=installed.home).split()
    site = installed.home / "venv" / "lib"
    assert Path(specs).is_relative_to(site) and Path(fixtures).is_relative_to(site)
    assert not Path(specs).is_relative_to(ROOT)


def test_runs_emulator_serve_answers_health(installed: Installed) -> None:
    command = [installed.bin("runs-emulator"), "serve", "--port", "0", "--runs", "20"]
    with serving(command, installed.home) as base:
        health = json.loads(fetch(f"{base}/_emulator/health"))
    assert health["status"] == "ok" and health["version"] == version("runs-emulator")
    assert set(health["vendors"]) == {"b3os", "dograh", "dynamiq", "stackai"}


def test_the_readme_plugin_example_passes_there(installed: Installed) -> None:
    (installed.home / "test_usage_report.py").write_text(example(ROOT / "README.md"))
    (installed.home / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n")
    command = [str(installed.python), "-m", "pytest", "-p", "no:cacheprovider"]
    output = run([*command, "--emulator-runs", "20", "test_usage_report.py"], installed.home)
    assert "3 passed" in output


@contextmanager
def serving(command: list[str], cwd: Path) -> Iterator[str]:
    """The emulator started by `command` on a free port (`--port 0`); its base URL, read from
    the banner, once health answers."""
    with subprocess.Popen(
        command, cwd=cwd, env=clean_environment(), stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            base = banner_url(process.stdout.readline, command)
            wait_for_health(base, process)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def banner_url(readline: Callable[[], str], command: list[str]) -> str:
    for line in iter(readline, ""):
        if line.startswith("runs-emulator on "):
            return line.split()[2]
    raise AssertionError(f"{command} printed no banner")


def wait_for_health(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30  # a bound on waiting, not an assertion on speed
    while process.poll() is None and time.monotonic() < deadline:
        try:
            fetch(f"{base}/_emulator/health")
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"no health at {base} (exit status {process.poll()})")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        body: bytes = response.read()
        return body
