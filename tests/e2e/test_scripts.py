"""The README's two commands, as a user types them (flags included)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
