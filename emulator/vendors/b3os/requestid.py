"""`requestId`: unique per request, in every body and in the `X-Request-Id` header.

The vendor's ids look like `req_abc123` (the CU runs docs page). Ours are `req_` and 20 base32hex
characters hashed from the request's number since the last reset (Call.number), so the same
requests after a reset, or in another process, carry the same ids (the project's
same-seed-same-bytes promise) where a uuid4 would differ. Successes and errors share the
sequence: every request has a number, whatever answered it.
"""

from __future__ import annotations

import hashlib

HEADER = "X-Request-Id"
BASE32HEX = "0123456789abcdefghijklmnopqrstuv"


def request_id(number: int) -> str:
    """`req_` and the base32hex of 12 bytes of a hash of the number, lower case, unpadded."""
    digest = hashlib.sha256(f"runs-emulator:b3os:{number}".encode()).digest()[:12]
    # 96 bits and 4 of padding are 20 characters of 5 bits: what base64.b32hexencode writes
    # before its `=` padding, at a fraction of its cost (every B3OS reply carries one).
    bits = int.from_bytes(digest, "big") << 4
    return "req_" + "".join([BASE32HEX[(bits >> shift) & 31] for shift in range(95, -1, -5)])
