"""`--record DIR`: the runs the proxy saw, as a fixtures directory `--fixtures DIR` loads.

`<vendor>.yaml` holds `runs:`, one entry per run the upstream served and the emulator did not
already hold, in the served shape (`shape: served`, beside the `tenant` it was fitted to),
with stand-ins for credentials and personal data (harvest.py). Where the proxy's emulator read
its tenants from a `--fixtures` directory, that tenants.yaml is copied beside it, since the
runs name those tenants' workflows and apps; otherwise the built-in tenants are the ones named.
Other vendors' files in the directory are left alone, so one directory can take several
proxies' recordings.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from emulator.proxy.harvest import Recorded
from emulator.settings import BUILTIN_FIXTURES, Settings


def write_recording(
    directory: Path, vendor: str, recorded: Sequence[Recorded], settings: Settings, source: str
) -> list[Path]:
    """Write the files; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    runs_file = directory / f"{vendor}.yaml"
    runs_file.write_text(_header(len(recorded), settings, source, directory) + _runs(recorded),
                         encoding="utf-8")  # fmt: skip
    written = [runs_file]
    tenants = settings.fixtures / "tenants.yaml"
    if settings.fixtures != BUILTIN_FIXTURES and tenants.exists():
        if tenants.resolve() != (directory / "tenants.yaml").resolve():
            shutil.copyfile(tenants, directory / "tenants.yaml")
        written.append(directory / "tenants.yaml")
    return written


def _runs(recorded: Sequence[Recorded]) -> str:
    entries: list[dict[str, Any]] = [
        {"tenant": run.tenant, "shape": "served", **run.entry} for run in recorded
    ]
    return yaml.safe_dump({"runs": entries}, sort_keys=False, allow_unicode=True, width=100)


def _header(count: int, settings: Settings, source: str, directory: Path) -> str:
    return (
        f"# {count} run(s) recorded by `runs-emulator proxy` from {source}; credentials and\n"
        f"# personal data are seeded stand-ins (seed {settings.seed}). Load them with\n"
        f"#   runs-emulator serve --fixtures {directory} --seed {settings.seed}"
        f" --runs {settings.runs} --clock {settings.clock}\n"
    )
