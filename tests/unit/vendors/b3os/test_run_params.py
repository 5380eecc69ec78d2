"""The optional run body, decoded as Go's encoding/json decodes it into RunParams."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.vendors.b3os.run_params import RunParams, run_params


@pytest.mark.parametrize(
    ("body", "expected"),
    [(b"", RunParams()), (b"  \n", RunParams()), (b"null", RunParams()), (b"{}", RunParams()),
     (b'{"RUNID": "run_a", "runId": "run_b"}', RunParams("run_b")),  # the last match wins
     (b'{"runId": null, "version": 2, "payload": {"a": 1}} trailing', RunParams()),
     (b'{"simulate": true, "other": [1]}', RunParams()), (b'{"runId": ""}', RunParams())],
)  # fmt: skip
def test_what_go_reads(body: bytes, expected: RunParams) -> None:
    assert run_params(body) == expected


@pytest.mark.parametrize(
    ("body", "detail"),
    [(b'"x"', "json: cannot unmarshal string into Go value of type handler.RunParams"),
     (b'{"simulate": "yes", "runId": 5}',
      "json: cannot unmarshal string into Go struct field RunParams.simulate of type bool"),
     (b'{"payload": [1]}', "json: cannot unmarshal array into Go struct field RunParams.payload"
      " of type map[string]interface {}"),
     (b'{"version": 2.5}',
      "json: cannot unmarshal number 2.5 into Go struct field RunParams.version of type int"),
     (b'{"version": 1.0}',
      "json: cannot unmarshal number 1.0 into Go struct field RunParams.version of type int"),
     (b"{", "unexpected EOF")],
)  # fmt: skip
def test_what_go_refuses(body: bytes, detail: str) -> None:
    with pytest.raises(ApiError) as raised:
        run_params(body)
    assert (raised.value.status, raised.value.details) == (400, [detail])
