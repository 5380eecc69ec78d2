"""StackAI answers as a FastAPI service does (its spec's `HTTPValidationError`): the
framework's own bodies.

HTTPException is `{"detail": ...}` with its headers (the 401s carry `WWW-Authenticate: Bearer`),
validation failures are pydantic v2's 422 entries without `url`, request-body ones included
(emulator/framework/fastapi_body.py; the run body's rules in emulator/vendors/stackai/inputs.py).
"""

from __future__ import annotations

from emulator.framework.fastapi import FastApiDialect

DIALECT = FastApiDialect()
