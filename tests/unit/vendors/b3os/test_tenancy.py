"""B3OS organisations from tenants.yaml: keys, scopes, CU accounts, workflows."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.vendors.b3os.tenancy import RateLimit, organizations

ORG: dict[str, Any] = {
    "slug": "acme",
    "id": "org_aaaaaaaaaaaaaaaaaaaa",
    "name": "Acme",
    "api_keys": [
        {"key": "b3sk_read", "scope": "read"},
        {"key": "b3sk_old", "scope": "read-write", "status": "revoked"},
        {"key": "b3sk_write", "scope": "read-write"},
    ],
    "cu": {"balance": 10, "min_threshold": 2, "deposits": {"2026-10": 5}},
    "workflows": [{"id": "wf_a", "name": "A", "trigger": "token-price-cexes"}],
}


def test_an_organisation_is_read_with_its_defaults() -> None:
    (organization,) = organizations({"organizations": [ORG]})
    assert organization.test_key == "b3sk_write"  # usable and read-write
    assert (organization.cu.balance, organization.cu.monthly_grant) == (10.0, 0.0)
    assert organization.cu.deposits == {"2026-10": 5.0}
    workflow = organization.workflows[0]
    assert (workflow.status, workflow.is_stream) == ("active", True)
    assert organization.workflow("wf_b") is None


def test_a_profile_and_a_rate_limit_are_read_when_given() -> None:
    (plain,) = organizations({"organizations": [ORG]})
    assert (plain.rate_limit, plain.profile.tier, plain.profile.created_at) == (None, "free", None)
    assert plain.workflows[0].version == 1
    given = {
        **ORG,
        "tier": "pro",
        "created_by": "usr_a",
        "rate_limit": {"requests": 5, "seconds": 60},
    }
    (organization,) = organizations({"organizations": [given]})
    assert (organization.profile.tier, organization.profile.created_by) == ("pro", "usr_a")
    assert organization.rate_limit == RateLimit(5, 60)


def test_the_test_key_falls_back_to_a_read_key() -> None:
    keys = [{"key": "b3sk_read", "scope": "read"}]
    (organization,) = organizations({"organizations": [{**ORG, "api_keys": keys}]})
    assert organization.test_key == "b3sk_read"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"api_keys": [{"key": "b3sk_x", "scope": "read", "status": "revoked"}]}, "usable"),
        ({"api_keys": [{"key": "sk_x", "scope": "read"}]}, "b3sk_ prefix"),
        ({"api_keys": [{"key": "b3sk_x", "scope": "admin"}]}, "scope"),
        ({"id": "acme"}, "org_ prefix"),
        ({"workflows": [{"id": "wf_a", "name": "A", "trigger": "telepathy"}]}, "unknown trigger"),
        ({"workflows": [{"id": "wf_a", "name": "A", "status": "gone"}]}, "unknown trigger"),
        ({"workflows": []}, "needs a workflow"),
        ({"cu": {"deposits": {"2026-13": 5}}}, "'2026-13' is not a month"),
        ({"cu": {"deposits": {"October": 5}}}, "is not a month"),
        ({"rate_limit": {"requests": 0, "seconds": 60}}, "rate_limit"),
        ({"rate_limit": {"requests": 5}}, "rate_limit"),
        ({"workflows": [{"id": "wf_a", "name": "A", "version": 0}]}, "version"),
    ],
)
def test_bad_entries_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        organizations({"organizations": [{**ORG, **change}]})


def test_the_section_is_required() -> None:
    with pytest.raises(ValueError, match="no `b3os` section"):
        organizations(None)
