"""Per-organisation rate limits in fixed windows of the virtual clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.vendors.b3os.ratelimit import admit
from emulator.vendors.b3os.tenancy import Organization, RateLimit


def test_no_limit_is_set_by_default(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    organization = state.tenants["moonbeam-labs"]
    assert isinstance(organization, Organization) and organization.rate_limit is None
    for _ in range(1000):
        admit(state, organization)


def test_over_the_limit_a_request_waits_for_the_next_window(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    organization = state.tenants["moonbeam-labs"]
    assert isinstance(organization, Organization)
    limited = replace(organization, rate_limit=RateLimit(2, 10))
    state.clock.freeze(state.clock.now() + timedelta(seconds=3, microseconds=1))
    admit(state, limited)
    admit(state, limited)
    for _ in range(2):  # a refused request is not counted
        with pytest.raises(ApiError) as raised:
            admit(state, limited)
        assert (raised.value.status, raised.value.headers) == (429, (("Retry-After", "7"),))
    state.clock.freeze(state.clock.now() + timedelta(seconds=7))
    admit(state, limited)
