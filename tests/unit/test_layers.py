"""The layer table of ARCHITECTURE.md, enforced: every module of the package has a layer, and
imports only from the layers its own may use; the core never imports a vendor and vendors
never import each other; nothing in control/ imports what mounts it; no import cycles."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "emulator"
HTTP = (
    "respond",
    "exchange",
    "pipeline",
    "app",
    "front",
    "server",
    "control",
    "cli",
    "__main__",
    "proxy",
)
# First part of a module's name below `emulator` -> its layer.
LAYER_OF = {
    # `__init__` is the package itself (`emulator`: its version, nothing more).
    **dict.fromkeys(
        (
            "__init__",
            "errors",
            "scalar",
            "settings",
            "clock",
            "fragments",
            "recall",
            "resources",
            "allocator",
        ),
        "values",
    ),
    **dict.fromkeys(("spec", "params", "surface", "formats", "flaws"), "spec"),
    **dict.fromkeys(("store", "vendor", "records", "generate", "runtime", "engine"), "data"),
    "framework": "frameworks",
    "vendors": "vendors",
    **dict.fromkeys(HTTP, "http"),
    "client": "client",
    "pytest_plugin": "plugin",
}
MAY_IMPORT = {
    "values": {"values"},
    "spec": {"values", "spec"},
    "data": {"values", "spec", "data"},
    "frameworks": {"values", "frameworks", "vendor"},
    "vendors": {"values", "spec", "data", "frameworks", "vendors"},
    "http": {"values", "spec", "data", "frameworks", "http"},
    # Users' suites import the client alone: it must not pull in the server.
    "client": {"client"},
    "plugin": {"client", "values", "http"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module of ours that `path` imports, at run time or for type checking
    (`from emulator.x import y` names module `emulator.x.y` where that is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULES
            found |= submodules or {node.module}
    return {name for name in found if name == "emulator" or name.startswith("emulator.")}


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


MODULES = {module_name(p) for p in modules()}


def layer(module: str) -> str:
    head = module.split(".")[1] if "." in module else "__init__"
    return LAYER_OF.get(head, "?")


def allowed(importer: str, imported: str) -> bool:
    mine, theirs = layer(importer), layer(imported)
    if mine == "frameworks" and imported == "emulator.vendor":
        return True
    if mine == "vendors" and theirs == "vendors":
        # Its own folder, or the `emulator.vendors` package (discovery), never another vendor.
        own = importer.split(".")[:3]
        return imported == "emulator.vendors" or imported.split(".")[:3] == own
    if theirs == "vendors" and mine != "vendors":
        return imported == "emulator.vendors"  # the core discovers vendors, never names one
    return theirs in MAY_IMPORT[mine]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_has_a_layer(path: Path) -> None:
    assert layer(module_name(path)) != "?", "add the module to ARCHITECTURE.md's table and here"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_layer_table(path: Path) -> None:
    importer = module_name(path)
    wrong = sorted(m for m in imports(path) if not allowed(importer, m))
    assert wrong == [], f"{layer(importer)} may not import {[(m, layer(m)) for m in wrong]}"


def test_nothing_in_control_imports_what_mounts_it() -> None:
    mounting = {"emulator.app", "emulator.server", "emulator.pipeline", "emulator.cli"}
    for path in (PACKAGE / "control").rglob("*.py"):
        assert not imports(path) & mounting, path


def test_there_are_no_import_cycles() -> None:
    graph = {module_name(p): _targets(imports(p)) for p in modules()}
    cycle = _cycle(graph)
    assert cycle is None, " -> ".join(cycle or [])


def _targets(names: set[str]) -> set[str]:
    """Imported names as modules of the graph (`from emulator.x import y` names module x)."""
    return {name for name in names if name != "emulator"}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> Iterator[list[str]]:
        if node in trail:
            yield [*trail[trail.index(node) :], node]
            return
        if node in done or node not in graph:
            return
        for target in sorted(graph[node]):
            yield from visit(target, [*trail, node])
        done.add(node)

    for start in sorted(graph):
        for found in visit(start, []):
            return found
    return None
