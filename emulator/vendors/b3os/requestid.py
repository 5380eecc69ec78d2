"""`requestId`: unique per request, in every body and in the `X-Request-Id` header.

The vendor's ids look like `req_abc123` (FACTS.md 2.6). Ours are `req_` and 20 base32hex
characters hashed from a per-process sequence number, so two emulators given the same requests
in the same order hand out the same ids (the project's same-seed-same-bytes promise) where a
uuid4 would differ. One sequence serves successes and errors alike, because a dialect renders
errors without the request's state (Dialect.render gets only the error).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import threading

_sequence = itertools.count(1)
_lock = threading.Lock()
HEADER = "X-Request-Id"


def next_request_id() -> str:
    with _lock:
        number = next(_sequence)
    digest = hashlib.sha256(f"runs-emulator:b3os:{number}".encode()).digest()[:12]
    return "req_" + base64.b32hexencode(digest).decode("ascii").lower().rstrip("=")
