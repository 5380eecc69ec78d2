"""The `format` keywords of our specs, checked the same way wherever the emulator is installed.

jsonschema checks `format: date-time` only when an optional package (rfc3339-validator) happens
to be installed, and skips it silently otherwise, so a record with `created_at: "yesterday"`
would pass in a user's environment and fail in ours. The emulator checks it itself: an RFC 3339
date-time (`T`, seconds, a `Z` or numeric offset) that Python's datetime can hold, which is
what every vendor's model then parses (no 31 February, no leap second).
"""

from __future__ import annotations

import re
from datetime import datetime

from jsonschema import Draft202012Validator, FormatChecker

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)


def is_date_time(value: object) -> bool:
    """RFC 3339 `date-time` that names a real instant; any non-string passes (as jsonschema's
    formats do: `type` says what the value must be)."""
    if not isinstance(value, str):
        return True
    if _RFC3339.fullmatch(value) is None:
        return False
    try:
        # Python 3.11 reads any number of fractional digits (keeping microseconds).
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def format_checker() -> FormatChecker:
    """Draft 2020-12's format checks, with date-time our own."""
    checker = FormatChecker(Draft202012Validator.FORMAT_CHECKER.checkers)
    checker.checks("date-time")(is_date_time)
    return checker


FORMAT_CHECKER = format_checker()
