"""`format: date-time` checked by the emulator itself, the same in every environment."""

from __future__ import annotations

import subprocess
import sys

import pytest

from emulator.formats import FORMAT_CHECKER, is_date_time


@pytest.mark.parametrize(
    "text",
    ["2026-10-01T09:00:00Z", "2026-10-01T09:00:00.250000Z", "2026-10-01t09:00:00z",
     "2026-10-01T11:00:00+02:00", "2026-10-01T09:00:00.123456789-05:30"],
)  # fmt: skip
def test_rfc3339_instants_are_date_times(text: str) -> None:
    assert is_date_time(text)
    assert FORMAT_CHECKER.conforms(text, "date-time")


@pytest.mark.parametrize(
    "text",
    ["yesterday", "2026-10-01", "2026-10-01T09:00:00", "2026-10-01 09:00:00Z",
     "2026-02-30T00:00:00Z", "2026-10-01T24:00:00Z", "2026-10-01T23:59:60Z",
     "2026-10-01T09:00Z", "2026-10-01T09:00:00+0200", "2026-10-01T09:00:00+25:00",
     "\uff12\uff10\uff12\uff16-10-01T09:00:00Z"],
)  # fmt: skip
def test_anything_else_is_not(text: str) -> None:
    assert not is_date_time(text)


def test_other_types_are_left_to_the_type_keyword() -> None:
    assert is_date_time(None) and is_date_time(3)


# The record check of a user's environment, where jsonschema's optional date-time package is
# missing: the date is named all the same.
WITHOUT_RFC3339_VALIDATOR = """
import sys
sys.modules["rfc3339_validator"] = None  # an import of it now fails, as where it is missing
from emulator.records import record_flaws
from emulator.vendor import discover
[dograh] = discover(("dograh",))
record = {"id": 1, "workflow_id": 1207, "name": "x", "created_at": "yesterday"}
print([flaw.path for flaw in record_flaws(dograh, record)])
"""


def test_dates_are_checked_without_jsonschemas_optional_package() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_RFC3339_VALIDATOR], capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert result.stdout.strip() == "[('created_at',)]"
