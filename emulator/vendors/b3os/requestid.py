"""`requestId`: unique per request, in every body and in the `X-Request-Id` header.

The vendor's ids look like `req_abc123` (the CU runs docs page). Ours are `req_` and 20 base32hex
characters hashed from the request's number since the last reset (Call.number), so the same
requests after a reset, or in another process, carry the same ids (the project's
same-seed-same-bytes promise) where a uuid4 would differ. Successes and errors share the
sequence: every request has a number, whatever answered it.
"""

from __future__ import annotations

import base64
import hashlib

HEADER = "X-Request-Id"


def request_id(number: int) -> str:
    digest = hashlib.sha256(f"runs-emulator:b3os:{number}".encode()).digest()[:12]
    return "req_" + base64.b32hexencode(digest).decode("ascii").lower().rstrip("=")
