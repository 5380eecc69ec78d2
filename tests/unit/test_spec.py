"""Our specs: valid OpenAPI 3.1, every operation handled, refs resolved for validation, every
example true to its schema, the emulator's parsing schemas kept apart from the served ones."""

from __future__ import annotations

import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate
from packaging.version import Version

from emulator.spec import CONTROL_PLANE, DRAFT_2020_ONLY, SPECS, Spec, keywords, quick_check_of
from emulator.vendor import Vendor, discover, handlers_in

VENDORS = discover()
NAMES = sorted(entry.name.removesuffix(".yaml") for entry in SPECS.iterdir()
               if entry.name.endswith(".yaml"))  # fmt: skip
DOCUMENTS = {
    **{v.name: v.spec for v in VENDORS},
    CONTROL_PLANE: Spec.of_control_plane(),
}


@pytest.mark.parametrize("name", NAMES)
def test_every_spec_is_valid_openapi_3_1(name: str) -> None:
    document = DOCUMENTS[name].document
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_spec_belongs_to_a_vendor_or_the_control_plane() -> None:
    assert set(NAMES) == set(DOCUMENTS)


@pytest.mark.parametrize("name", NAMES)
def test_versions_are_valid_package_versions(name: str) -> None:
    # Generated clients take info.version as their package version: a date such as
    # 2026-08-22 made them fail to install ("not a valid version").
    version = DOCUMENTS[name].document["info"]["version"]
    assert str(Version(version)) == version


def examples(node: Any) -> Iterator[tuple[Any, Any]]:
    """(example, the schema it illustrates) for every example in a document: of a schema,
    a parameter or a media type (`example`, or each value of `examples`)."""
    if isinstance(node, Mapping):
        own = node.get("schema", node if "type" in node or "allOf" in node else None)
        if "example" in node:
            yield node["example"], own
        found = node.get("examples")
        if isinstance(found, Mapping):
            yield from ((e["value"], own) for e in found.values() if "value" in e)
        elif isinstance(found, list) and own is node:
            yield from ((e, own) for e in found)
        for key, value in node.items():
            if key not in ("example", "examples"):
                yield from examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from examples(value)


@pytest.mark.parametrize("name", NAMES)
def test_every_example_is_true_to_its_schema(name: str) -> None:
    spec = DOCUMENTS[name]
    found = list(examples(spec.document))
    assert found, "a document people read has examples"
    for example, schema in found:
        assert schema is not None, example
        errors = [e.message for e in spec.validator_of(schema).iter_errors(example)]
        assert errors == [], (example, errors)


def test_the_emulator_parses_with_its_own_schema_where_one_is_given() -> None:
    # Dograh's artifact_type: the served enum documents the four values; the vendor's handler
    # refuses the others with its own 400, so the parser must not turn them into a 422.
    dograh = Spec.of_vendor("dograh")
    (download,) = [o for o in dograh.operations if o.operation_id == "download_artifact"]
    parsed = {p["name"]: p["schema"] for p in download.parameters}
    assert parsed["artifact_type"] == {"type": "string"}
    raw = dograh.document["paths"][download.path]["get"]["parameters"]
    served = next(p for p in raw if p["name"] == "artifact_type")["schema"]
    assert served["enum"] == ["recording", "transcript", "user_recording", "bot_recording"]


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_every_operation_has_its_handler(vendor: Vendor) -> None:
    operations = {o.operation_id for o in vendor.spec.operations}
    assert operations == set(vendor.handlers)


def test_validators_see_through_refs(tmp_path: Path) -> None:
    source = tmp_path / "s.yaml"
    source.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, required: [b], properties: {b: {$ref: '#/components/schemas/B'}}}\n"
        "    B: {type: integer, minimum: 1}\n"
    )
    spec = Spec.load(source, "t")
    validator = spec.schema_validator("A")
    assert validator.is_valid({"b": 2})
    assert [e.message for e in validator.iter_errors({"b": 0})] == [
        "0 is less than the minimum of 1"
    ]
    assert spec.schema_validator("A") is validator  # made once


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_record_schemas_suit_the_quick_check(vendor: Vendor) -> None:
    component = vendor.runs.record_schema
    schema = vendor.spec.inlined(vendor.spec.resolve({"$ref": f"#/components/schemas/{component}"}))
    assert not keywords(schema) & DRAFT_2020_ONLY
    quick, full = vendor.spec.quick_check(component), vendor.spec.schema_validator(component)
    samples: tuple[Any, ...] = ({}, {"id": "x"}, [], None)
    for sample in samples:
        assert quick(sample) is full.is_valid(sample)


def test_parameter_schemas_may_use_refs(tmp_path: Path) -> None:
    source = tmp_path / "s.yaml"
    source.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /x:\n    get:\n      operationId: x\n      parameters:\n"
        "        - {name: s, in: query, schema: {$ref: '#/components/schemas/S'}}\n"
        "      responses: {'200': {description: ok}}\n"
        "components:\n  schemas:\n    S: {type: string, enum: [a, b]}\n"
    )
    (operation,) = Spec.load(source, "t").operations
    assert operation.parameters[0]["schema"] == {"type": "string", "enum": ["a", "b"]}


def test_handlers_are_found_by_operation_id(tmp_path: Path) -> None:
    source = tmp_path / "s.yaml"
    source.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"
        "paths:\n  /x:\n    get:\n      operationId: list_x\n"
        "      responses: {'200': {description: ok}}\n"
    )
    spec = Spec.load(source, "t")
    module = types.ModuleType("handlers")
    with pytest.raises(LookupError, match="no handler for list_x"):
        handlers_in(module, spec)

    def list_x(call: Any) -> Any:
        return call

    module.list_x = list_x  # type: ignore[attr-defined]
    assert handlers_in(module, spec) == {"list_x": list_x}


# What each vendor really writes, for every component that carries a format: both checkers
# (jsonschema's FormatChecker, the compiled quick check) must take it, or the response check
# would refuse the vendor's own bytes.
SENT = {
    ("dograh", "PlusZeroStamp"): ["2026-10-31T14:02:11+00:00", "2026-10-31T14:02:11.482913+00:00"],
    ("dograh", "ZuluStamp"): ["2026-10-31T14:02:11Z", "2026-10-31T14:02:11.5Z",
                              "2026-10-31T14:02:11.482913Z"],
    ("b3os", "Stamp"): ["2026-10-31T23:58:30Z", "2026-10-31T23:58:30.000417Z"],
    ("stackai", "ZuluStamp"): ["2026-10-31T06:15:31Z", "2026-10-31T06:15:31.788381Z"],
    ("dynamiq", "Stamp"): ["2026-10-31T23:53:34Z"],
    ("dynamiq", "Uuid"): ["e8369615-2fc2-4c46-919d-a3dbd9605002"],
    ("stackai", "Uuid"): ["7e52d52a-2cfc-4abd-a1c6-17d74bd66754"],
}  # fmt: skip


@pytest.mark.parametrize(("vendor", "component"), sorted(SENT))
def test_formats_take_what_the_vendor_sends(vendor: str, component: str) -> None:
    spec = DOCUMENTS[vendor]
    schema = spec.inlined(spec.resolve({"$ref": f"#/components/schemas/{component}"}))
    assert "format" in schema
    quick = quick_check_of(schema)
    assert quick is not None
    for value in SENT[vendor, component]:
        assert spec.schema_validator(component).is_valid(value), value
        assert quick(value), value
    assert not quick("2026-10-31 14:02:11") and not quick("not-a-uuid-at-all")
