"""Dograh organisations from tenants.yaml: older entries stay valid, rows the vendor's schema
forbids are refused."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.vendors.dograh.tenancy import DEFAULT_CONCURRENT_CALLS, organizations


def section(**organization: Any) -> dict[str, Any]:
    entry = {"slug": "o", "id": 7, "name": "O", "workflows": [{"id": 1, "name": "W"}],
             "api_keys": [{"key": "dgr_a", "status": "active"}], **organization}  # fmt: skip
    return {"organizations": [entry]}


def test_an_entry_of_an_older_file_gets_what_it_leaves_out() -> None:
    (organization,) = organizations(section())
    (key,) = organization.api_keys
    assert (key.id, key.name, key.created_at) == (701, "Key 1", None)
    assert organization.user_id == 70 and organization.price_per_second_usd is None
    assert (organization.timezone, organization.telephony) == ("UTC", ())
    assert organization.concurrent_call_limit == DEFAULT_CONCURRENT_CALLS
    assert organization.workflows[0].status == "active"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"workflows": [{"id": 1, "name": None}]}, "workflow 1 needs a name"),
        ({"workflows": [{"id": 1, "name": "W", "status": "paused"}]}, "status must be active"),
        ({"api_keys": [{"key": "dgr_a", "status": "archived"}]}, "needs one active API key"),
        ({"api_keys": [{"key": "dgr_a", "status": "revoked"}]}, "status must be active, archived"),
    ],
)
def test_rows_the_vendor_cannot_have_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        organizations(section(**changes))


def test_a_call_limit_is_at_least_one_and_dates_are_instants() -> None:
    config = {"id": 3, "name": "T", "provider": "twilio", "created_at": "2026-01-02T03:04:05"}
    (organization,) = organizations(section(concurrent_call_limit=0, telephony_configs=[config]))
    assert organization.concurrent_call_limit == 1
    assert organization.telephony[0].created_at.utcoffset() is not None
