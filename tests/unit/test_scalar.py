"""Our lax coercion against pydantic 2.14 itself (the version Dograh pins).

The strings are what clients plausibly send for a number: signs, digit groups with underscores,
decimals, exponents, whitespace, words. pydantic-core also accepts a few forms no client sends
(`0-1` is -1 and `0__0` is 0 through its leading-zero stripping, `-_0` is -0.0 but `-_0 ` is
an error); those are left out on purpose (see docs/fidelity.md).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from emulator.scalar import Coercer, Invalid, to_boolean, to_integer, to_number

CLIENT_NUMBERS = st.one_of(
    st.from_regex(
        r"\A[ \t]?[+-]?[0-9]{0,4}(_[0-9]{1,3})?(\.[0-9]{0,3})?([eE][+-]?[0-9]{0,2})?[ \t]?\Z"
    ),
    st.sampled_from(
        ["", "abc", "inf", "-Infinity", "nan", "in_f", "1e", "e5", "0x10", "\uff11\uff12"]
    ),
)
DETERMINISTIC = settings(max_examples=500, derandomize=True)


def outcome(coerce: Coercer, raw: str) -> tuple[str, Any]:
    try:
        return "ok", coerce(raw)
    except Invalid as invalid:
        return invalid.kind, invalid.message


def oracle(kind: type, raw: str) -> tuple[str, Any]:
    try:
        return "ok", TypeAdapter(kind).validate_python(raw)
    except ValidationError as error:
        first = error.errors()[0]
        return first["type"], first["msg"]


@DETERMINISTIC
@given(CLIENT_NUMBERS)
def test_integers_parse_as_pydantic_parses_them(raw: str) -> None:
    assert outcome(to_integer, raw) == oracle(int, raw)


@DETERMINISTIC
@given(CLIENT_NUMBERS)
def test_numbers_parse_as_pydantic_parses_them(raw: str) -> None:
    ours, theirs = outcome(to_number, raw), oracle(float, raw)
    if ours[0] == "ok" and theirs[0] == "ok" and ours[1] != ours[1]:
        assert theirs[1] != theirs[1]  # both NaN
    else:
        assert ours == theirs


@pytest.mark.parametrize(
    "raw",
    ["true", "True", "1", "yes", "on", "t", "y", "f", "off", "no", "0", "false", "FALSE", "2",
     "", " true", "Y", "oN", "tru"],
)  # fmt: skip
def test_booleans_parse_as_pydantic_parses_them(raw: str) -> None:
    assert outcome(to_boolean, raw) == oracle(bool, raw)


@pytest.mark.parametrize(
    "raw", ["1", " 2 ", "3.0", "1_000", "+4", "-0", "00012", "1.", "1e3", "9" * 4300, "9" * 4301]
)
def test_known_lenient_integers(raw: str) -> None:
    assert outcome(to_integer, raw) == oracle(int, raw)
