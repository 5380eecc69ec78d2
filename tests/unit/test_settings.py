"""Settings from EMULATOR_* variables and overrides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from emulator.settings import Settings, from_environment
from emulator.vendor import discover


def test_environment_variables_are_converted() -> None:
    found = from_environment(
        {"EMULATOR_PORT": "9000", "EMULATOR_STRICT": "yes", "EMULATOR_FIXTURES": "/f",
         "EMULATOR_EPOCH": "2026-01-01", "OTHER": "x"}
    )  # fmt: skip
    assert found == {
        "port": 9000, "strict": True, "fixtures": Path("/f"),
        "epoch": datetime(2026, 1, 1, tzinfo=UTC),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("name", "value"), [("EMULATOR_PORT", "http"), ("EMULATOR_STRICT", "maybe")]
)
def test_a_bad_variable_names_itself(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name):
        from_environment({name: value})


def test_vendors_are_a_comma_separated_list() -> None:
    assert from_environment({"EMULATOR_VENDORS": "dograh, b3os,"}) == {
        "vendors": ("dograh", "b3os")
    }


def test_an_unknown_vendor_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown vendor"):
        discover(("dograh", "nope"))
    assert [v.name for v in discover(("dograh",))] == ["dograh"]


def test_overrides_ignore_unknown_and_none() -> None:
    settings = Settings().with_overrides({"seed": 7, "runs": None, "nonsense": 1})
    assert (settings.seed, settings.runs) == (7, Settings().runs)
