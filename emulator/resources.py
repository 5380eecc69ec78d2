"""Where the package's data lives: our OpenAPI specs and the built-in fixtures.

Both folders stay at the top of the repository (openapi/, fixtures/) and are installed as the
packages `emulator.openapi` and `emulator.fixtures` (setup.py maps them), so one lookup through
the import system finds them in a wheel, in a wheel built from the sdist and in an editable
checkout alike, wherever the package is installed.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


class MissingData(RuntimeError):
    """The package was imported without its data (run from a checkout that is not installed)."""


def data_folder(package: str) -> Path:
    """The directory of a data package; the callers read plain files, so it must be one."""
    try:
        found = files(package)
    except ModuleNotFoundError:
        raise MissingData(
            f"{package} is not installed: install runs-emulator (pip install -e <checkout>)"
        ) from None
    if not isinstance(found, Path) or not found.is_dir():
        raise MissingData(f"{package} is not a directory on disk ({found}): install it unzipped")
    return found


SPECS = data_folder("emulator.openapi")
BUILTIN_FIXTURES = data_folder("emulator.fixtures")
