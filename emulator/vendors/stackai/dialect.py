"""StackAI answers as a FastAPI service does (its spec's `HTTPValidationError`): the
framework's own bodies.

HTTPException is `{"detail": ...}` with its headers (the 401s carry `WWW-Authenticate: Bearer`),
validation failures are pydantic v2's 422 entries without `url`, request-body ones included
(emulator/vendors/stackai/inputs.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emulator.errors import EmulatorError
from emulator.framework.fastapi import FastApiDialect
from emulator.vendor import Reply
from emulator.vendors.stackai.inputs import BodyInvalid


@dataclass(frozen=True, slots=True)
class StackAIDialect:
    framework: FastApiDialect = field(default_factory=FastApiDialect)

    def render(self, error: EmulatorError, number: int, /) -> Reply:
        if isinstance(error, BodyInvalid):
            return Reply({"detail": list(error.entries)}, 422)
        return self.framework.render(error, number)

    def encode(self, body: Any) -> bytes:
        return self.framework.encode(body)


DIALECT = StackAIDialect()
