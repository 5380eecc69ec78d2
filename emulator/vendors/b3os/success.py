"""The success envelope `{code, data, message, requestId}`, with the request id also sent as
`X-Request-Id`.

The vendor's spec gives two sets of example values and no rule between them: its CU routes
(and run counts) show `code` 0 with `"successfully"`, its run, workflow and organisation routes
`code` 200 with `"success"`. Each route answers with its own (clients read only `data`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from emulator.fragments import RawJson, json_object
from emulator.vendor import Call, Reply
from emulator.vendors.b3os.dialect import DIALECT, JSON_TYPE
from emulator.vendors.b3os.requestid import HEADER, request_id


@dataclass(frozen=True, slots=True)
class Style:
    code: int
    message: str


CU = Style(0, "successfully")
RUNS = Style(200, "success")


def success(call: Call, data: RawJson, style: Style) -> Reply:
    identifier = request_id(call.number)
    head, middle = _framing(style)
    # The id is `req_` and base32hex: a JSON string as it is, in Go's encoding too.
    body = head + data.data + middle + identifier.encode("ascii") + b'"}'
    return Reply(RawJson(body), content_type=JSON_TYPE, headers=((HEADER, identifier),))


@cache
def _framing(style: Style) -> tuple[bytes, bytes]:
    """The envelope around `data` and the id, encoded once per style (the fields in order)."""
    fields = [
        ("code", DIALECT.encode(style.code)),
        ("data", b"\0"),
        ("message", DIALECT.encode(style.message)),
        ("requestId", b'"\0"'),
    ]
    shape = json_object(fields)
    head, middle, _ = shape.split(b"\0")
    return head, middle
