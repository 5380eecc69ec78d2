"""The specs as the emulator serves them, to people and to code generators.

A vendor's document in openapi/ is what the emulator loads: the vendor's surface, plus what only
the emulator needs, marked `x-emulator-only` (Dograh's stand-in for signed storage, the run
record schemas that fixtures and the control plane read), and keys of its own (`x-emulator-*`).
Users are served the vendor's surface alone, what a real client of the vendor sees: without the
emulator-only operations and schemas, the components only they used, or any emulator key. In
every served document the server entry marked `x-emulator-server` names the base URL the
client reached, so a generated client or a "try it" button talks to this emulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from emulator.spec import HTTP_METHODS

EMULATOR_KEYS = "x-emulator-"
EMULATOR_ONLY = "x-emulator-only"
EMULATOR_SERVER = "x-emulator-server"
COMPONENTS = "#/components/"
SCHEMES = "securitySchemes"


def vendor_surface(document: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """What a client of the vendor sees: no emulator-only parts, no emulator keys."""
    kept = {**document, "paths": _vendor_paths(document.get("paths", {}))}
    components = dict(document.get("components", {}))
    if "schemas" in components:
        components["schemas"] = _vendor_only(components["schemas"])
    kept["components"] = components
    stripped: dict[str, Any] = _without_emulator_keys(pruned(with_server(kept, base_url)))
    return stripped


def with_server(document: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The document whose emulator server entry is `base_url` (the rest as it is)."""
    servers = [_served(s, base_url) if s.get(EMULATOR_SERVER) else s
               for s in document.get("servers", ())]  # fmt: skip
    return {**document, "servers": servers}


def _served(server: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    entry = {**server, "url": base_url}
    # Variables the emulator's URL no longer uses (a mount it filled in) would dangle.
    variables = {k: v for k, v in server.get("variables", {}).items() if f"{{{k}}}" in base_url}
    entry.pop("variables", None)
    return {**entry, "variables": variables} if variables else entry


def _vendor_paths(paths: Mapping[str, Any]) -> dict[str, Any]:
    kept = {}
    for path, item in paths.items():
        if item.get(EMULATOR_ONLY):
            continue
        operations = {m for m in HTTP_METHODS if m in item}
        dropped = {m for m in operations if item[m].get(EMULATOR_ONLY)}
        if operations and dropped == operations:
            continue
        kept[path] = {k: v for k, v in item.items() if k not in dropped}
    return kept


def _vendor_only(schemas: Mapping[str, Any]) -> dict[str, Any]:
    return {name: schema for name, schema in schemas.items() if not schema.get(EMULATOR_ONLY)}


def pruned(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document without the components nothing outside `components` leads to (security
    schemes are named, not referenced, and always stay)."""
    components: Mapping[str, Mapping[str, Any]] = document.get("components", {})
    reached = references({k: v for k, v in document.items() if k != "components"})
    frontier = list(reached)
    while frontier:
        kind, name = frontier.pop()
        found = references(components.get(kind, {}).get(name)) - reached
        reached |= found
        frontier.extend(found)
    kept = {
        kind: {n: c for n, c in entries.items() if kind == SCHEMES or (kind, n) in reached}
        for kind, entries in components.items()
    }
    return {**document, "components": {kind: entries for kind, entries in kept.items() if entries}}


def references(node: Any) -> set[tuple[str, str]]:
    """Every component (kind, name) a `$ref` in `node` names."""
    if isinstance(node, Mapping):
        found = {r for v in node.values() for r in references(v)}
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith(COMPONENTS):
            kind, _, name = target.removeprefix(COMPONENTS).partition("/")
            found.add((kind, name))
        return found
    if isinstance(node, list):
        return {r for v in node for r in references(v)}
    return set()


def _without_emulator_keys(node: Any) -> Any:
    if isinstance(node, Mapping):
        return {k: _without_emulator_keys(v) for k, v in node.items()
                if not str(k).startswith(EMULATOR_KEYS)}  # fmt: skip
    if isinstance(node, list):
        return [_without_emulator_keys(v) for v in node]
    return node
