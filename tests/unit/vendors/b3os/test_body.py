"""The threshold body as Go's json.Decoder reads it into cu.UpdateThresholdParams."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.vendors.b3os.body import min_threshold


@pytest.mark.parametrize(
    ("body", "value"),
    [
        (b'{"minThreshold": 5}', 5.0),
        (b'\n {"minThreshold":0}', 0.0),
        (b'{"MINTHRESHOLD": 2.5}', 2.5),  # keys match case-insensitively
        (b'{"minThreshold": 1, "minthreshold": 3}', 3.0),  # the last match wins
        (b'{"minThreshold": 1, "minThreshold": null, "minThreshold": 4}', 4.0),
        (b'{"minThreshold": 7} {"more": true}', 7.0),  # the decoder reads one value
        (b'{"minThreshold": 1e2, "unknown": {"a": [1]}}', 100.0),
    ],
)
def test_bodies_go_accepts(body: bytes, value: float) -> None:
    assert min_threshold(body) == value


TYPE = (
    "json: cannot unmarshal {} into Go struct field UpdateThresholdParams.minThreshold of type "
    "float64"
)


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b"", "EOF"),
        (b"  \n", "EOF"),
        (b"{", "unexpected EOF"),
        (b'{"minThreshold": "1', "unexpected EOF"),
        (b"nul", "unexpected EOF"),
        (b"x", "invalid character 'x' looking for beginning of value"),
        (b"nope", "invalid character 'o' in literal null (expecting 'u')"),
        (b'{"minThreshold": fals}', "invalid character '}' in literal false (expecting 'e')"),
        (b"{'a': 1}", "invalid character '\\'' looking for beginning of object key string"),
        (b'{"a" 1}', "invalid character '1' after object key"),
        (b'{"minThreshold": Infinity}', "invalid character 'I' looking for beginning of value"),
        (b"[]", "json: cannot unmarshal array into Go value of type cu.UpdateThresholdParams"),
        (b"3", "json: cannot unmarshal number into Go value of type cu.UpdateThresholdParams"),
        (b'{"minThreshold": [1]}', TYPE.format("array")),
        (b'{"minThreshold": "1", "minThreshold": 2}', TYPE.format("string")),
        (b'{"minThreshold": 1e400}', TYPE.format("number 1e400")),
        (b'{"other": 1}', "minThreshold: is required"),
        (b'{"minThreshold": -1}', "minThreshold: must be greater than or equal to 0"),
    ],
)
def test_bodies_go_refuses(body: bytes, detail: str) -> None:
    with pytest.raises(ApiError) as refused:
        min_threshold(body)
    assert (refused.value.status, refused.value.details) == (400, [detail])
