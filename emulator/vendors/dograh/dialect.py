"""Dograh is a plain FastAPI service: the framework's own bodies, no overrides (api/app.py),
request-body validation included (emulator/vendors/dograh/body.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emulator.errors import EmulatorError
from emulator.framework.fastapi import FastApiDialect
from emulator.vendor import Reply
from emulator.vendors.dograh.body import BodyInvalid


@dataclass(frozen=True, slots=True)
class DograhDialect:
    framework: FastApiDialect = field(default_factory=FastApiDialect)

    def render(self, error: EmulatorError, number: int, /) -> Reply:
        if isinstance(error, BodyInvalid):
            return Reply({"detail": list(error.entries)}, 422)
        return self.framework.render(error, number)

    def encode(self, body: Any) -> bytes:
        return self.framework.encode(body)


DIALECT = DograhDialect()
