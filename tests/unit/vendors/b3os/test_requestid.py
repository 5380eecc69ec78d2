"""Request ids: `req_` and 20 base32hex characters, a function of the request's number."""

from __future__ import annotations

import base64
import hashlib
import re

from hypothesis import given
from hypothesis import strategies as st

from emulator.vendors.b3os.requestid import request_id


def test_ids_have_the_vendor_form_and_never_repeat() -> None:
    ids = [request_id(n) for n in range(1, 1001)]
    assert all(re.fullmatch(r"req_[0-9a-v]{20}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_an_id_depends_on_the_number_alone() -> None:
    assert request_id(7) == request_id(7) != request_id(8)


@given(st.integers(min_value=0, max_value=2**40))
def test_an_id_is_the_base32hex_of_the_numbers_hash(number: int) -> None:
    digest = hashlib.sha256(f"runs-emulator:b3os:{number}".encode()).digest()[:12]
    encoded = base64.b32hexencode(digest).decode("ascii").lower().rstrip("=")
    assert request_id(number) == "req_" + encoded
