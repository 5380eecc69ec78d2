"""What users are served of our specs: each vendor's surface alone, every emulator key gone,
the emulator's server entry naming the base URL the client reached."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from emulator.spec import HTTP_METHODS, Spec
from emulator.surface import EMULATOR_KEYS, pruned, references, vendor_surface, with_server
from emulator.vendor import Vendor, discover

VENDORS = discover()
BASE = "http://emulator.test:9000"
# What only the emulator needs, per vendor: never in a user's generated client.
EMULATOR_ONLY = {
    "dograh": ({"/_storage/{run_id}/{artifact_type}"}, {"DograhRunRecord"}),
    "b3os": (set(), {"B3osRunRecord"}),
    # LLMUsageRecord is the record's own item shape: it goes with the record.
    "stackai": (set(), {"StackAIRunRecord", "LLMUsageRecord"}),
    "dynamiq": (set(), {"DynamiqRunRecord"}),
}


def surface(vendor: Vendor) -> dict[str, Any]:
    return vendor_surface(vendor.spec.document, f"{BASE}/{vendor.name}{vendor.mount}")


def keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in keys(v)}
    return set()


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_the_surface_leaves_out_what_only_the_emulator_needs(vendor: Vendor) -> None:
    served, whole = surface(vendor), vendor.spec.document
    paths, schemas = EMULATOR_ONLY[vendor.name]
    assert set(whole["paths"]) - set(served["paths"]) == paths
    assert set(whole["components"]["schemas"]) - set(served["components"]["schemas"]) == schemas
    assert not {k for k in keys(served) if k.startswith(EMULATOR_KEYS)}
    validate(served)


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_the_surface_keeps_every_vendor_operation(vendor: Vendor) -> None:
    served = surface(vendor)
    kept = {(path, m) for path, item in served["paths"].items() for m in HTTP_METHODS if m in item}
    expected = {(o.path, o.method) for o in vendor.spec.operations
                if o.path not in EMULATOR_ONLY[vendor.name][0]}  # fmt: skip
    assert kept == expected
    assert (
        served["components"]["securitySchemes"]
        == (vendor.spec.document["components"]["securitySchemes"])
    )


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_every_served_operation_has_a_declared_tag(vendor: Vendor) -> None:
    served = surface(vendor)
    declared = {tag["name"] for tag in served["tags"]}
    for item in served["paths"].values():
        for method in HTTP_METHODS:
            if method in item:
                assert set(item[method]["tags"]) <= declared and item[method]["tags"]


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_the_emulator_server_is_the_one_reached_and_comes_first(vendor: Vendor) -> None:
    first, *others = surface(vendor)["servers"]
    assert first["url"] == f"{BASE}/{vendor.name}{vendor.mount}"
    assert others and all(not s["url"].startswith("http://127.0.0.1") for s in others)
    if vendor.mount:  # a mount keeps its variables for the client to fill in
        assert set(first["variables"]) == {"app_id"}


def test_variables_go_when_the_url_no_longer_uses_them() -> None:
    document = {"servers": [{"url": "http://x/{app_id}", "x-emulator-server": True,
                             "variables": {"app_id": {"default": "a"}}}]}  # fmt: skip
    (server,) = with_server(document, "http://y/apps/f0d1")["servers"]
    assert server == {"url": "http://y/apps/f0d1", "x-emulator-server": True}


def test_pruning_follows_references_and_keeps_security_schemes() -> None:
    document = {
        "paths": {"/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/R"}}}}},
        "components": {
            "responses": {"R": {"content": {"j": {"schema": {"$ref": "#/components/schemas/A"}}}}},
            "schemas": {"A": {"items": {"$ref": "#/components/schemas/B"}}, "B": {}, "Lone": {}},
            "securitySchemes": {"key": {"type": "apiKey"}},
        },
    }
    kept = pruned(document)["components"]
    assert (set(kept["schemas"]), set(kept["responses"])) == ({"A", "B"}, {"R"})
    assert kept["securitySchemes"] == {"key": {"type": "apiKey"}}
    assert references(document["paths"]) == {("responses", "R")}


def test_the_control_plane_document_is_served_whole() -> None:
    control = Spec.of_control_plane().document
    served = with_server(control, BASE)
    assert served["servers"][0]["url"] == BASE
    assert served["paths"] == control["paths"]
    validate(served)
