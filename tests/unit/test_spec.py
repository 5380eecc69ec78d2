"""Our specs: valid OpenAPI 3.1, every operation handled, refs resolved for validation."""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from emulator.spec import DRAFT_2020_ONLY, Spec, keywords
from emulator.vendor import Vendor, discover, handlers_in

SPECS = sorted((Path(__file__).resolve().parents[2] / "openapi").glob("*.yaml"))
VENDORS = discover()


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_spec_is_valid_openapi_3_1(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_every_spec_belongs_to_a_vendor() -> None:
    assert {p.stem for p in SPECS} == {v.name for v in VENDORS}


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
