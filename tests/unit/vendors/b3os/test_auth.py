"""B3OS bearer keys: 401 for any bad key, 404 for another organisation, 403 for read keys."""

from __future__ import annotations

import pytest

from emulator.errors import ApiError
from emulator.runtime import Runtime
from emulator.vendors.b3os.auth import authenticate, require_write

MOON = "org_7e65gh2bh8rgp9vk5h3b"
WRITE = "b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"
READ = "b3sk_7nfrpyz21tbic145aez732pgojj7g3f9caioctiq"


def test_a_key_names_its_organisation_and_scope(runtime: Runtime) -> None:
    principal = authenticate({"Authorization": f"Bearer {READ}"}, runtime.state("b3os"), {})
    assert (principal.organization.id, principal.key.scope) == (MOON, "read")


@pytest.mark.parametrize(
    ("headers", "route", "status"),
    [
        ({}, {"orgId": MOON}, 401),
        ({"Authorization": f"Bearer  {WRITE}"}, {"orgId": MOON}, 401),
        ({"Authorization": f"Token {WRITE}"}, {"orgId": MOON}, 401),
        ({"Authorization": f"Bearer {WRITE}"}, {"orgId": "org_jdmb0lo5uhcf05g59p2p"}, 404),
    ],
)
def test_refusals(
    runtime: Runtime, headers: dict[str, str], route: dict[str, str], status: int
) -> None:
    with pytest.raises(ApiError) as refused:
        authenticate(headers, runtime.state("b3os"), route)
    assert refused.value.status == status


def test_only_read_write_keys_write(runtime: Runtime) -> None:
    state = runtime.state("b3os")
    require_write(authenticate({"Authorization": f"Bearer {WRITE}"}, state, {}))
    with pytest.raises(ApiError) as refused:
        require_write(authenticate({"Authorization": f"Bearer {READ}"}, state, {}))
    assert refused.value.status == 403
