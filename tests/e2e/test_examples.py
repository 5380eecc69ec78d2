"""The examples in examples/ run as their users run them, in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_example(name: str, directory: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-W", "error", str(ROOT / "examples" / name)],
        capture_output=True, text=True, check=False, cwd=directory, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def test_the_threaded_unittest_example_passes_as_a_script(tmp_path: Path) -> None:
    result = run_example("threaded_unittest.py", tmp_path)
    assert result.stdout.startswith("emulator at http://127.0.0.1:")
    assert "serves dograh" in result.stdout
    assert "Ran 2 tests" in result.stderr and result.stderr.rstrip().endswith("OK")


def test_the_sync_job_example_sees_runs_arrive_and_finish(tmp_path: Path) -> None:
    result = run_example("sync_job.py", tmp_path)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The README shows the script's own output, line for line.
    assert result.stdout.strip() in readme and "runs arrived" in result.stdout
