"""Go's encoding/json as gin writes it: HTML-safe strings, shortest float forms, compact."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator.vendors.b3os.encoding import encode, go_float, go_quarters


@pytest.mark.parametrize(
    ("value", "text"),
    [(12500.0, "12500"), (830.25, "830.25"), (0.0, "0"), (-0.0, "-0"), (0.1, "0.1"),
     (1e-6, "0.000001"), (1.5e-7, "1.5e-7"), (1e20, "100000000000000000000"), (1e21, "1e+21"),
     (1.2345e25, "1.2345e+25"), (123456789012345678.0, "123456789012345680"),
     (5e-324, "5e-324")],
)  # fmt: skip
def test_floats_are_written_as_go_writes_float64(value: float, text: str) -> None:
    assert go_float(value) == text


def test_non_finite_floats_are_refused_as_go_refuses_them() -> None:
    with pytest.raises(ValueError, match="unsupported value"):
        go_float(float("nan"))


def test_html_characters_and_line_separators_are_escaped() -> None:
    assert encode("<a & b>\u2028\u2029é") == b'"\\u003ca \\u0026 b\\u003e\\u2028\\u2029\xc3\xa9"'


def test_structures_are_compact_and_keep_their_order() -> None:
    body = {"z": [1, 2.5, None, True, False], "a": {"k": "v"}, "e": []}
    encoded = encode(body)
    assert encoded == b'{"z":[1,2.5,null,true,false],"a":{"k":"v"},"e":[]}'
    assert json.loads(encoded) == body


@given(st.integers(0, 2**20) | st.integers(-(2**70), 2**70))
def test_quarters_are_written_as_their_float_is(quarters: int) -> None:
    assert go_quarters(quarters) == go_float(quarters / 4)
