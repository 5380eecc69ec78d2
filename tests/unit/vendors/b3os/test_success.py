"""The success envelope, framed once per style: the same bytes as the Go encoder gives the
whole envelope, for either style, any data and any request number."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator.fragments import RawJson
from emulator.vendor import Call
from emulator.vendors.b3os.dialect import DIALECT
from emulator.vendors.b3os.requestid import request_id
from emulator.vendors.b3os.success import CU, RUNS, Style, success

DATA = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)


def _call(number: int) -> Call:
    return Call(operation=cast(Any, None), params={}, principal=None, state=cast(Any, None),
                base_url="", number=number)  # fmt: skip


@pytest.mark.parametrize("style", [CU, RUNS])
@given(data=DATA, number=st.integers(min_value=1, max_value=10**9))
def test_the_envelope_is_the_encoders(style: Style, data: Any, number: int) -> None:
    reply = success(_call(number), RawJson(DIALECT.encode(data)), style)
    whole = {"code": style.code, "data": data, "message": style.message,
             "requestId": request_id(number)}  # fmt: skip
    assert isinstance(reply.body, RawJson)
    assert reply.body.data == DIALECT.encode(whole)
    assert json.loads(reply.body.data)["requestId"] == dict(reply.headers)["X-Request-Id"]
