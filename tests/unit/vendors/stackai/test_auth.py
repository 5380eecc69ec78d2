"""StackAI's bearer check, without HTTP: FastAPI's scheme parsing, then the key lookup."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.vendors.stackai.auth import Caller, authenticate

ORG_KEY = "5c57722e-138e-4ef9-96d4-480fdeb67ae7"
PERSONAL_KEY = "46709312-c172-4298-ad94-dd6dece80799"


def caller(runtime: Runtime, value: str | None) -> Caller:
    headers = {} if value is None else {"Authorization": value}
    return authenticate(headers, runtime.state("stackai"), {})


@pytest.mark.parametrize(
    ("value", "detail"),
    [(None, "Not authenticated"), ("", "Not authenticated"), (ORG_KEY, "Not authenticated"),
     (f"Basic {ORG_KEY}", "Not authenticated"), ("Bearer", "Could not validate credentials"),
     (f"Bearer  {ORG_KEY}", "Could not validate credentials"),
     (f"Bearer {ORG_KEY} ", "Could not validate credentials")],
)  # fmt: skip
def test_refusals_carry_a_bearer_challenge(
    runtime: Runtime, value: str | None, detail: str
) -> None:
    with pytest.raises(ApiError) as refused:
        caller(runtime, value)
    assert (refused.value.status, refused.value.message) == (401, detail)
    assert refused.value.headers == (("WWW-Authenticate", "Bearer"),)


def test_a_key_names_its_organization_and_itself(runtime: Runtime) -> None:
    found = caller(runtime, f"bEaReR {PERSONAL_KEY}")
    assert found.organization.slug == "northwind"
    assert (found.key.type, found.key.name) == ("personal_api_key", "dana@northwind.example")
    assert caller(runtime, f"Bearer {ORG_KEY}").key.type == "org_api_key"
