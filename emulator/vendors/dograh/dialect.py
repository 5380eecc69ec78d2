"""Dograh is a plain FastAPI service: the framework's own bodies, no overrides (FACTS.md 1.3)."""

from emulator.framework.fastapi import FastApiDialect

DIALECT = FastApiDialect()
