"""Request ids: `req_` and 20 base32hex characters, a function of the request's number."""

from __future__ import annotations

import re

from emulator.vendors.b3os.requestid import request_id


def test_ids_have_the_vendor_form_and_never_repeat() -> None:
    ids = [request_id(n) for n in range(1, 1001)]
    assert all(re.fullmatch(r"req_[0-9a-v]{20}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_an_id_depends_on_the_number_alone() -> None:
    assert request_id(7) == request_id(7) != request_id(8)
