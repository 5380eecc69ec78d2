"""Dograh is a plain FastAPI service: the framework's own bodies, no overrides (api/app.py),
request-body validation included (emulator/framework/fastapi_body.py, and the route models in
emulator/vendors/dograh/body.py)."""

from __future__ import annotations

from emulator.framework.fastapi import FastApiDialect

DIALECT = FastApiDialect()
