"""xid identifiers, the form of B3OS ids (`run_`/`wf_`/`org_` + 20 base32hex characters).

An xid is 12 bytes: a 4-byte Unix time in seconds, a 3-byte machine id, a 2-byte process id and
a 3-byte counter, written in lowercase base32hex without padding (the suffix of the MCP client's
`conn_d72d8f37b42000fmpbkg` decodes this way).
"""

from __future__ import annotations

import base64
from datetime import datetime


def xid(at: datetime, machine: bytes, pid: int, counter: int) -> str:
    raw = (
        int(at.timestamp()).to_bytes(4, "big")
        + machine[:3]
        + (pid % 2**16).to_bytes(2, "big")
        + (counter % 2**24).to_bytes(3, "big")
    )
    return base64.b32hexencode(raw).decode("ascii").lower().rstrip("=")
