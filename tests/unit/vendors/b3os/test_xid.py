"""xids: written from their parts, read back into them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from emulator.vendors.b3os.xid import Parts, parts, xid, xid_of
from tests.b3os_xid import seconds_of


def test_an_xid_carries_its_time() -> None:
    at = datetime(2026, 3, 26, 6, 37, 48, tzinfo=UTC)
    identifier = xid(at, b"\x01\x02\x03", 7, 2**24 + 5)
    assert len(identifier) == 20 and set(identifier) <= set("0123456789abcdefghijklmnopqrstuv")
    assert seconds_of("run_" + identifier) == int(at.timestamp())
    assert seconds_of("conn_d72d8f37b42000fmpbkg") == int(at.timestamp())  # the MCP client's id
    assert xid(at + timedelta(seconds=1), b"abc", 1, 1) > xid(at, b"abc", 1, 1)


def test_an_xid_reads_back_into_its_parts() -> None:
    identifier = xid_of(1_793_491_150, b"\xfe\xed\x01", 4242, 1009)
    assert parts(identifier) == Parts(1_793_491_150, b"\xfe\xed\x01", 4242, 1009)
    assert parts("d72d8f37b42000fmpbkg") is not None


def test_seconds_past_2106_wrap_as_gos_uint32() -> None:
    assert xid_of(2**32 + 5, b"abc", 1, 1) == xid_of(5, b"abc", 1, 1)


def test_what_is_not_an_xid_has_no_parts() -> None:
    valid = xid_of(1_793_491_150, b"abc", 1, 1)
    for text in ("", valid[:-1], valid + "0", valid.upper(), valid[:-1] + "1", "w" * 20):
        assert parts(text) is None, text
