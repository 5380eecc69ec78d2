"""Shared fixtures: one seeded runtime per session, forked per test, every response checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from pytest_aiohttp import AiohttpClient

from emulator.app import build_app
from emulator.respond import ResponseCheck
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover


@pytest.fixture(scope="session")
def pristine() -> Runtime:
    return Runtime.start(Settings(), discover())


@pytest.fixture
def runtime(pristine: Runtime) -> Runtime:
    return pristine.fork()


@pytest.fixture
def check() -> Iterator[ResponseCheck]:
    """Every response validated against our spec; any mismatch fails the test that caused it."""
    checker = ResponseCheck(is_enabled=True)
    yield checker
    assert checker.failures == [], checker.failures


@pytest.fixture
def app(runtime: Runtime, check: ResponseCheck) -> web.Application:
    return build_app(runtime, check)


@pytest.fixture
async def client(
    aiohttp_client: AiohttpClient, app: web.Application
) -> TestClient[web.Request, web.Application]:
    return await aiohttp_client(app)
