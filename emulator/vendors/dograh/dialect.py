"""Dograh is a plain FastAPI service: the framework's own bodies, no overrides (api/app.py)."""

from emulator.framework.fastapi import FastApiDialect

DIALECT = FastApiDialect()
