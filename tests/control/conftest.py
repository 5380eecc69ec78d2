"""Control-plane tests run against the whole app, with Dograh minting ids for injected runs.

Dograh wires its own `mint_id`; until a vendor does, these tests give it one, so that the
generic minting path is tested whatever the vendors provide.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import State, Tenant, Vendor, discover


def mint_for_tests(_state: State, _tenant: Tenant, n: int) -> dict[str, Any]:
    return {"id": 5_000_000 + n}


def minting(vendor: Vendor) -> Vendor:
    if vendor.name != "dograh" or vendor.runs.mint_id is not None:
        return vendor
    return replace(vendor, runs=replace(vendor.runs, mint_id=mint_for_tests))


@pytest.fixture(scope="session")
def pristine() -> Runtime:
    return Runtime.start(Settings(), tuple(minting(v) for v in discover()))
