"""The README's two commands, as a user types them (flags included)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_serve_passes_its_flags_to_the_emulator_not_to_the_setup() -> None:
    # --help exits at once, after the set-up step has run with the flags present.
    environment = {**os.environ, "EMULATOR_VENV": str(Path(sys.executable).parent.parent)}
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve"), "--port", "8181", "--help"],
        capture_output=True, text=True, check=False, env=environment, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "--vendor-ports" in result.stdout


@pytest.mark.packaging
def test_serve_sets_up_a_fresh_environment_one_line_per_step(tmp_path: Path) -> None:
    environment = {**os.environ, "EMULATOR_VENV": str(tmp_path / "venv")}
    result = subprocess.run(
        [str(ROOT / "scripts" / "serve"), "--help"],
        capture_output=True, text=True, check=False, env=environment, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "--vendor-ports" in result.stdout
    steps = result.stderr.splitlines()
    assert [line.split(" ", 2)[1] for line in steps] == [
        "making",
        "updating",
        "installing",
        "ready",
    ]
    assert all(line.startswith("setup: ") for line in steps), "pip's own output leaked"


def test_every_runtime_dependency_has_a_floor_and_no_exact_pin() -> None:
    """scripts/test-floors tests each `>=`; an exact pin would force a version on users."""
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dependency in dependencies:
        requirement = dependency.partition(";")[0]
        assert re.match(r"[A-Za-z0-9._-]+>=", requirement), dependency
        assert "==" not in requirement, dependency
