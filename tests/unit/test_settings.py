"""Settings from EMULATOR_* variables and overrides; each setting's parser."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from emulator.settings import (
    BY_NAME,
    SETTINGS,
    BadSetting,
    Settings,
    fixtures_problem,
    from_environment,
    unknown_variables,
)
from emulator.vendor import discover
from emulator.vendors import names


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
    with pytest.raises(BadSetting, match=f"^{name}: '{value}' is not "):
        from_environment({name: value})


def test_an_empty_variable_counts_as_unset() -> None:
    assert from_environment({"EMULATOR_PORT": "", "EMULATOR_VENDORS": " "}) == {}


def test_vendors_are_a_comma_separated_list() -> None:
    assert from_environment({"EMULATOR_VENDORS": "dograh, b3os,"}) == {
        "vendors": ("dograh", "b3os")
    }


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [("port", "0", 0), ("port", " 65535 ", 65535), ("runs", "0", 0), ("seed", "007", 7),
     ("journal_size", "0", 0), ("vendor_ports", "8081", 8081), ("reply_cache", "0", 0),
     ("epoch", "2026-11-01T00:00:00Z", datetime(2026, 11, 1, tzinfo=UTC)),
     ("epoch", "2099-12-31T23:59:59+01:00", datetime(2099, 12, 31, 22, 59, 59, tzinfo=UTC)),
     ("host", "0.0.0.0", "0.0.0.0"), ("strict", "off", False)],
)  # fmt: skip
def test_what_each_setting_takes(name: str, text: str, value: object) -> None:
    assert BY_NAME[name].parse(text) == value


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [("port", "65536", "a port number"), ("port", "-1", "a port number"),
     ("port", "1_000", "a port number"), ("port", "\uff18\uff10", "a port number"),
     ("runs", "-5", "a number of runs"), ("runs", "2.5", "a number of runs"),
     ("seed", "abc", "a seed"), ("journal_size", "-1", "a journal size"),
     ("reply_cache", "many", "a number of answers"),
     ("vendor_ports", "70000", "a first port"), ("host", " ", "an address"),
     ("epoch", "yesterday", "an ISO 8601 date-time"),
     ("epoch", "1970-01-01", "outside the years"), ("vendors", ",", "names no vendor")],
)  # fmt: skip
def test_what_each_setting_refuses_in_words_not_pythons(name: str, text: str, words: str) -> None:
    with pytest.raises(ValueError, match=f"^{text!r} (is|names) ") as refused:
        BY_NAME[name].parse(text)
    assert words in str(refused.value)
    assert "invalid literal" not in str(refused.value) and "base 10" not in str(refused.value)


def test_every_setting_has_a_flag_and_a_variable_named_after_its_field() -> None:
    assert [s.name for s in SETTINGS] == list(Settings.__dataclass_fields__)
    assert BY_NAME["vendor_ports"].flag == "--vendor-ports"
    assert BY_NAME["vendor_ports"].variable == "EMULATOR_VENDOR_PORTS"


def test_an_unknown_variable_is_warned_about_with_the_closest_name() -> None:
    warnings = unknown_variables(
        {"EMULATOR_PROT": "1", "EMULATOR_TOKEN": "t", "EMULATOR_ZZZ": "1", "EMULATOR_SEED": "1",
         "EMULATOR_VENV": ".venv", "HOME": "/root"}
    )  # fmt: skip
    assert warnings == [
        "EMULATOR_PROT is not a setting of runs-emulator and is ignored"
        " (did you mean EMULATOR_PORT?)",
        "EMULATOR_TOKEN is not a setting of runs-emulator and is ignored"
        " (did you mean EMULATOR_ADMIN_TOKEN?)",
        "EMULATOR_ZZZ is not a setting of runs-emulator and is ignored",
    ]


def test_a_fixtures_directory_must_hold_a_file_the_emulator_reads(tmp_path: Path) -> None:
    wanted = "tenants.yaml, dograh.yaml"
    assert fixtures_problem(tmp_path / "no", ["dograh"]) == (
        f"{tmp_path / 'no'} does not exist (give a directory holding any of {wanted})"
    )
    (tmp_path / "file").write_text("")
    assert fixtures_problem(tmp_path / "file", ["dograh"]) == (
        f"{tmp_path / 'file'} is a file, not a directory (give one holding any of {wanted})"
    )
    (tmp_path / "b3os.yaml").write_text("runs: []\n")
    assert fixtures_problem(tmp_path, ["dograh"]) == (
        f"{tmp_path} holds none of the files the emulator reads ({wanted})"
    )
    assert fixtures_problem(tmp_path, ["b3os", "dograh"]) is None


def test_an_unknown_vendor_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown vendor"):
        discover(("dograh", "nope"))
    assert [v.name for v in discover(("dograh",))] == ["dograh"]
    assert names() == tuple(v.name for v in discover())


def test_overrides_ignore_unknown_and_none() -> None:
    settings = Settings().with_overrides({"seed": 7, "runs": None, "nonsense": 1})
    assert (settings.seed, settings.runs) == (7, Settings().runs)
