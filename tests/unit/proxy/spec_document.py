"""A small spec with the constructs our vendors' specs use (allOf envelopes closed by
`unevaluatedProperties`, closed and open objects, nullable objects as anyOf, free-form maps,
required headers, a `4XX` range, a response without content)."""

from __future__ import annotations

from typing import Any

from emulator.proxy.route import Routed
from emulator.spec import Spec

THING = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "meta": {"type": "object"},
        "cost": {"anyOf": [{"type": "object", "properties": {"usd": {"type": "number"}}},
                           {"type": "null"}]},
    },
}  # fmt: skip
DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "paths": {"/things": {"get": {"operationId": "list_things", "responses": {
        "200": {"headers": {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}},
                "content": {"application/json; charset=utf-8": {
                    "schema": {"$ref": "#/components/schemas/Things"}}}},
        "307": {"description": "to the path without its slash"},
        "4XX": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Error"}}}},
    }}}},
    "components": {
        "headers": {"RequestId": {"required": True, "schema": {
            "type": "string", "pattern": "^req_[0-9a-v]{20}$"}}},
        "schemas": {
            "Things": {"allOf": [
                {"type": "object", "properties": {"code": {"type": "integer"}},
                 "required": ["code"]},
                {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Page"}}},
            ], "unevaluatedProperties": False},
            "Page": {"type": "object", "additionalProperties": False, "required": ["items"],
                     "properties": {"items": {"type": "array", "items": THING},
                                    "total": {"type": "integer"}}},
            "Error": {"type": "object", "properties": {"detail": {"type": "string"}},
                      "required": ["detail"]},
        },
    },
}  # fmt: skip
SPEC = Spec("urn:test:things", DOCUMENT)
ROUTED = Routed(SPEC.operations[0], {}, "/things")
REQUEST_ID = ("X-Request-Id", "req_0123456789abcdefghij")
JSON_UTF8 = ("Content-Type", "application/json; charset=utf-8")
GOOD = {"code": 0, "data": {"items": [{"id": 1, "meta": {"any": "thing"}, "cost": None}],
                            "total": 1}}  # fmt: skip
