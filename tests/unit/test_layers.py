"""Import rules (ARCHITECTURE.md): the core never imports a vendor; vendors never import
each other; the value layer imports nothing of ours."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "emulator"
VALUES = ("errors", "scalar", "settings", "clock")


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def core_modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "vendors" not in p.relative_to(PACKAGE).parts]


@pytest.mark.parametrize("path", core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_core_never_imports_a_vendor(path: Path) -> None:
    assert not [m for m in imports(path) if m.startswith("emulator.vendors.")]


def vendor_modules() -> list[tuple[str, Path]]:
    return [
        (folder.name, path)
        for folder in sorted((PACKAGE / "vendors").iterdir())
        if folder.is_dir() and (folder / "__init__.py").exists()
        for path in folder.rglob("*.py")
    ]


@pytest.mark.parametrize(("vendor", "path"), vendor_modules(), ids=lambda v: str(v))
def test_vendors_never_import_each_other(vendor: str, path: Path) -> None:
    others = [
        m for m in imports(path)
        if m.startswith("emulator.vendors.") and m.split(".")[2] != vendor
    ]  # fmt: skip
    assert others == []


@pytest.mark.parametrize("name", VALUES)
def test_values_import_nothing_of_ours(name: str) -> None:
    assert not [m for m in imports(PACKAGE / f"{name}.py") if m.startswith("emulator")]
