"""The success envelope `{code, data, message, requestId}`, with the request id also sent as
`X-Request-Id`.

The vendor's spec gives two sets of example values and no rule between them: its CU routes
(and run counts) show `code` 0 with `"successfully"`, its run, workflow and organisation routes
`code` 200 with `"success"`. Each route answers with its own (clients read only `data`).
"""

from __future__ import annotations

from dataclasses import dataclass

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
    body = json_object([
        ("code", DIALECT.encode(style.code)),
        ("data", data.data),
        ("message", DIALECT.encode(style.message)),
        ("requestId", DIALECT.encode(identifier)),
    ])  # fmt: skip
    return Reply(RawJson(body), content_type=JSON_TYPE, headers=((HEADER, identifier),))
