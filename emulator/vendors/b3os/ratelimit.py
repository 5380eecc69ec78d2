"""Per-organisation request limits (docs/api/introduction: "per organization", 429 Too Many
Requests with `Retry-After`), as a tenant setting: B3OS publishes no numbers, window or body.

Off unless tenants.yaml gives the organisation `rate_limit: {requests, seconds}`. Windows are
fixed spans of the virtual clock (so a test travels past one instead of sleeping); a request
over the limit is not counted, and is told the whole seconds until its window ends.
"""

from __future__ import annotations

from emulator.store import micros
from emulator.vendor import State
from emulator.vendors.b3os.dialect import failure
from emulator.vendors.b3os.tenancy import Organization

WINDOWS = "rate windows"  # state.memory: org slug -> (window number, requests counted in it)
_SECOND_US = 1_000_000


def admit(state: State, organization: Organization) -> None:
    limit = organization.rate_limit
    if limit is None:
        return
    now_us, span_us = micros(state.clock.now()), limit.seconds * _SECOND_US
    window = now_us // span_us
    windows: dict[str, tuple[int, int]] = state.memory.setdefault(WINDOWS, {})
    current, counted = windows.get(organization.slug, (window, 0))
    if current != window:
        counted = 0
    if counted >= limit.requests:
        wait_s = -(-((window + 1) * span_us - now_us) // _SECOND_US)
        reason = f"rate limit: {limit.requests} requests per {limit.seconds}s per organization"
        raise failure(429, [reason], (("Retry-After", str(wait_s)),))
    windows[organization.slug] = (window, counted + 1)
