"""FastAPI + pydantic v2 (FastAPI 0.135, pydantic 2.14): how the framework itself answers.

- HTTPException: `{"detail": "<message>"}` with any headers it was raised with.
- Request validation: 422 `{"detail": [{type, loc, msg, input, ctx?}]}`, one entry per failure,
  `input` the raw string, no `url` key.
- An uncaught exception: Starlette's ServerErrorMiddleware, a bare `Internal Server Error`.
- JSON: `json.dumps(..., ensure_ascii=False, allow_nan=False, separators=(",", ":"))`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from emulator.errors import ApiError, Crash, EmulatorError, ParamError, ParamIssue
from emulator.framework.fastapi_body import BodyInvalid
from emulator.vendor import Reply

PLAIN_TEXT = "text/plain; charset=utf-8"


def encode(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def validation_entry(issue: ParamIssue) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": issue.kind,
        "loc": [issue.location, issue.name],
        "msg": issue.message,
        "input": issue.raw,
    }
    if issue.context:
        entry["ctx"] = issue.context_dict()
    return entry


@dataclass(frozen=True, slots=True)
class FastApiDialect:
    """The framework's own answers; vendors override `message` for deliberate errors."""

    def render(self, error: EmulatorError, _number: int, /) -> Reply:
        if isinstance(error, BodyInvalid):
            return Reply({"detail": list(error.entries)}, 422)
        if isinstance(error, ParamError):
            return Reply({"detail": [validation_entry(i) for i in error.issues]}, 422)
        if isinstance(error, Crash):
            return Reply("Internal Server Error", 500, PLAIN_TEXT)
        if isinstance(error, ApiError):
            return Reply({"detail": error.message}, error.status, headers=error.headers)
        return Reply("Internal Server Error", 500, PLAIN_TEXT)

    def encode(self, body: Any) -> bytes:
        return encode(body)
