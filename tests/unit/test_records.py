"""Reading runs as given: records, served runs, and what a refused run more likely is."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.flaws import Flaw, RecordRefused
from emulator.records import differences, mixup, read_served, served_form
from emulator.settings import Settings
from emulator.vendor import Vendor, discover

VENDORS = {v.name: v for v in discover()}


def test_differences_name_the_field_that_would_be_served_otherwise() -> None:
    given = {"a": 1, "b": {"c": [1, 2]}, "d": True, "e": 2}
    shown = {"a": 1.0, "b": {"c": [1, 3]}, "d": 1, "f": 0}  # `e` is never served
    assert [f.path for f in differences(given, shown)] == [("b", "c", 1), ("d",), ("e",)]
    assert "would be served as 3" in next(iter(differences(given, shown))).message


def test_fields_left_out_are_not_compared() -> None:
    assert list(differences({"a": 1}, {"a": 1, "b": 2})) == []


def test_a_served_run_is_refused_against_the_form_it_comes_closest_to() -> None:
    dograh = VENDORS["dograh"]
    with pytest.raises(RecordRefused) as refusal:
        served_form(dograh, {"id": 1, "cost_info": None, "logs": None})
    named = {flaw.path for flaw in refusal.value.flaws}
    assert ("is_completed",) in named and ("workflow_name",) not in named  # the details form


def flaw_of(vendor: Vendor, entry: Any) -> Flaw | None:
    return mixup(vendor, entry, tuple(VENDORS.values()))


def test_a_refused_record_says_what_it_more_likely_is() -> None:
    stackai = {"run_id": "fa000000-0000-4000-8000-000000000001", "flow_id": "a" * 24,
               "date": "2026-10-01T00:00:00Z"}  # fmt: skip
    other = flaw_of(VENDORS["dograh"], stackai)
    assert other is not None and other.message == "this is a stackai run, not a dograh run"
    assert flaw_of(VENDORS["dograh"], {"id": 1}) is None


def test_a_record_given_as_served_is_refused_field_by_field() -> None:
    b3os = VENDORS["b3os"]
    tenant = b3os.tenancy(_tenants()["b3os"])[0]
    with pytest.raises(RecordRefused) as refusal:
        read_served(b3os, {"id": "run_x"}, tenant, Settings())
    assert ("runId",) in {flaw.path for flaw in refusal.value.flaws}


def _tenants() -> Any:
    from emulator.generate import read_yaml
    from emulator.settings import BUILTIN_FIXTURES

    return read_yaml(BUILTIN_FIXTURES, "tenants.yaml", BUILTIN_FIXTURES)
