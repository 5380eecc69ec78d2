"""Reading an xid back (the emulator only writes them): the time it carries."""

from __future__ import annotations

import base64


def seconds_of(identifier: str) -> int:
    """The creation time (Unix seconds) an xid carries, prefix or not."""
    suffix = identifier.rsplit("_", 1)[-1]
    return int.from_bytes(base64.b32hexdecode(suffix.upper() + "===="), "big") >> 64
