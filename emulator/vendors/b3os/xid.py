"""xid identifiers, the form of B3OS ids (`run_`/`wf_`/`org_` + 20 base32hex characters).

An xid is 12 bytes: a 4-byte Unix time in seconds, a 3-byte machine id, a 2-byte process id and
a 3-byte counter, written in lowercase base32hex without padding (the suffix of the MCP client's
`conn_d72d8f37b42000fmpbkg` decodes this way). The seconds are taken mod 2**32, as Go's
`uint32(t.Unix())` does, so that an instant past 2106 still has an id.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

SUFFIX_LENGTH = 20


@dataclass(frozen=True, slots=True)
class Parts:
    seconds: int
    machine: bytes
    pid: int
    counter: int


def xid(at: datetime, machine: bytes, pid: int, counter: int) -> str:
    return xid_of(int(at.timestamp()), machine, pid, counter)


def xid_of(seconds: int, machine: bytes, pid: int, counter: int) -> str:
    raw = (
        (seconds % 2**32).to_bytes(4, "big")
        + machine[:3]
        + (pid % 2**16).to_bytes(2, "big")
        + (counter % 2**24).to_bytes(3, "big")
    )
    return base64.b32hexencode(raw).decode("ascii").lower().rstrip("=")


def parts(suffix: str) -> Parts | None:
    """The fields of an xid's 20 characters, or None when they are not one."""
    if len(suffix) != SUFFIX_LENGTH:
        return None
    try:
        raw = base64.b32hexdecode(suffix.upper() + "====")
    except (binascii.Error, ValueError):
        return None
    if base64.b32hexencode(raw).decode("ascii").lower().rstrip("=") != suffix:
        return None  # padding bits set, or upper case: not the xid of these bytes
    return Parts(int.from_bytes(raw[:4], "big"), raw[4:7], int.from_bytes(raw[7:9], "big"),
                 int.from_bytes(raw[9:12], "big"))  # fmt: skip
