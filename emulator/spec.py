"""Load one of our OpenAPI 3.1 documents and index what the pipeline needs from it.

The spec is the source of truth for routes, parameters and response shapes; nothing here
knows a vendor. `$ref`s are resolved through `referencing`, so response schemas validate with
their components exactly as an OpenAPI 3.1 (JSON Schema 2020-12) tool would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import fastjsonschema
import yaml
from jsonschema import Draft202012Validator
from jsonschema.protocols import Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from emulator.formats import FORMAT_CHECKER

# Re-exported: callers find the specs here (emulator/resources.py says where they are).
from emulator.resources import SPECS as SPECS

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
CONTROL_PLANE = "control"
# The emulator's own keys in a spec: read here, never served (emulator/surface.py drops them).
# On a parameter, the schema the emulator parses with, where the served one documents more than
# the vendor's framework checks (an enum whose other values the vendor's handler refuses).
PARSED_AS = "x-emulator-parses"
# At the top: where under its base URL the vendor serves this document itself.
SERVED_AT = "x-emulator-served-at"
# On an operation of a vendor with a mount: served at the vendor's base without the mount, as
# an API of another host (Dynamiq's management API beside each app's Runs API).
OUTSIDE_MOUNT = "x-emulator-outside-mount"


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    parameters: tuple[Mapping[str, Any], ...]
    responses: Mapping[str, Any]
    is_public: bool
    extensions: Mapping[str, Any]
    has_request_body: bool = False

    @property
    def is_outside_mount(self) -> bool:
        return bool(self.extensions.get(OUTSIDE_MOUNT))

    def response_schema(self, status: int, media_type: str) -> Mapping[str, Any] | None:
        """The response schema for `status` and media type, or None where the spec has none."""
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            content = (self.responses.get(key) or {}).get("content") or {}
            if media_type in content and "schema" in content[media_type]:
                schema: Mapping[str, Any] = content[media_type]["schema"]
                return schema
        return None


@dataclass(frozen=True)  # no slots: cached_property keeps its values in __dict__
class Spec:
    uri: str
    document: Mapping[str, Any]

    @classmethod
    def of_vendor(cls, name: str) -> Spec:
        """`openapi/<name>.yaml`, the vendor's spec in this project."""
        return cls.load(SPECS / f"{name}.yaml", name)

    @classmethod
    def of_control_plane(cls) -> Spec:
        """`openapi/control.yaml`, the document of the emulator's own API under /_emulator."""
        return cls.load(SPECS / f"{CONTROL_PLANE}.yaml", CONTROL_PLANE)

    @classmethod
    def load(cls, path: Path, name: str) -> Spec:
        document = load_yaml(path.read_text(encoding="utf-8"))
        return cls(uri=f"urn:runs-emulator:{name}", document=document)

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        found = []
        for path, item in self.document.get("paths", {}).items():
            shared = tuple(item.get("parameters", ()))
            for method in HTTP_METHODS:
                if method in item:
                    found.append(self._operation(path, method, item[method], shared))
        return tuple(found)

    def _operation(
        self, path: str, method: str, raw: Mapping[str, Any], shared: tuple[Any, ...]
    ) -> Operation:
        # Inlined: a parameter's schema may itself use `$ref` (a shared enum, say).
        declared = (*shared, *raw.get("parameters", ()))
        parameters = tuple(_as_parsed(self.inlined(p)) for p in declared)
        security = raw.get("security", self.document.get("security", []))
        return Operation(
            operation_id=raw["operationId"],
            method=method,
            path=path,
            parameters=parameters,
            responses={k: self.resolve(v) for k, v in raw.get("responses", {}).items()},
            is_public=not security or security == [{}],
            extensions={k: v for k, v in raw.items() if k.startswith("x-")},
            has_request_body="requestBody" in raw,
        )

    @property
    def served_at(self) -> str | None:
        """The path under the vendor's base URL where the vendor serves its own spec, if known."""
        found = self.document.get(SERVED_AT)
        return None if found is None else str(found)

    def resolve(self, node: Any) -> Any:
        """Follow a local `$ref` (one level at a time, until there is none)."""
        while isinstance(node, Mapping) and "$ref" in node:
            node = self._registry.resolver(self.uri).lookup(self.uri + node["$ref"]).contents
        return node

    @cached_property
    def _registry(self) -> Registry[Any]:
        resource: Resource[Any] = DRAFT202012.create_resource(self.document)
        registry: Registry[Any] = Registry().with_resource(self.uri, resource)
        return registry

    @cached_property
    def _validators(self) -> dict[str, Validator]:
        return {}

    def validator(self, pointer: str) -> Validator:
        """A JSON Schema validator for the schema at `pointer` (a `#/...` fragment), made once."""
        if pointer not in self._validators:
            self._validators[pointer] = self._new_validator(pointer)
        return self._validators[pointer]

    def _new_validator(self, pointer: str) -> Validator:
        return self.validator_of(self.resolve({"$ref": pointer}))

    def validator_of(self, schema: Mapping[str, Any]) -> Validator:
        # Refs are inlined once: resolving them per instance is most of jsonschema's cost.
        validator: Validator = Draft202012Validator(
            self.inlined(schema), format_checker=FORMAT_CHECKER
        )
        return validator

    def inlined(self, node: Any) -> Any:
        """`node` with every local `$ref` replaced by its target (our specs have no cycles)."""
        if isinstance(node, Mapping):
            if "$ref" in node:
                return self.inlined(self.resolve(node))
            return {k: self.inlined(v) for k, v in node.items()}
        if isinstance(node, list):
            return [self.inlined(v) for v in node]
        return node

    def schema_validator(self, component: str) -> Validator:
        return self.validator(f"#/components/schemas/{component}")

    def quick_check(self, component: str) -> Callable[[Any], bool]:
        """A compiled yes/no check of a component schema, for hot paths; `schema_validator`
        stays the authority and words the failures. Only for schemas without 2020-12-only
        keywords (tests/unit/test_spec.py checks the record schemas)."""
        if component not in self._quick_checks:
            schema = self.inlined(self.resolve({"$ref": f"#/components/schemas/{component}"}))
            self._quick_checks[component] = _as_predicate(fastjsonschema.compile(schema))
        return self._quick_checks[component]

    @cached_property
    def _quick_checks(self) -> dict[str, Callable[[Any], bool]]:
        return {}


def _as_parsed(parameter: Mapping[str, Any]) -> Mapping[str, Any]:
    """The parameter as the emulator's parser reads it (its `x-emulator-parses` schema, if any)."""
    if PARSED_AS not in parameter:
        return parameter
    return {**parameter, "schema": parameter[PARSED_AS]}


# What fastjsonschema (drafts 4 to 7) does not know, and would silently ignore.
DRAFT_2020_ONLY = frozenset({"prefixItems", "$defs", "unevaluatedProperties", "unevaluatedItems",
                             "dependentSchemas", "dependentRequired", "$dynamicRef"})  # fmt: skip


def keywords(node: Any) -> set[str]:
    """Every key used anywhere in a schema."""
    if isinstance(node, Mapping):
        return set(node) | {k for v in node.values() for k in keywords(v)}
    if isinstance(node, list):
        return {k for v in node for k in keywords(v)}
    return set()


def quick_check_of(schema: Mapping[str, Any]) -> Callable[[Any], bool] | None:
    """A compiled yes/no check of an inlined schema, or None where it uses a keyword the
    compiler would ignore (a yes from it could then be wrong)."""
    if keywords(schema) & DRAFT_2020_ONLY:
        return None
    return _as_predicate(fastjsonschema.compile(dict(schema)))


def _as_predicate(compiled: Callable[[Any], Any]) -> Callable[[Any], bool]:
    def check(instance: Any) -> bool:
        try:
            compiled(instance)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return check


def load_yaml(text: str) -> Any:
    """YAML through libyaml when PyYAML has it (most wheels do): several times faster."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # both loaders are the safe one
