"""StackAI tenants from tenants.yaml: formats are checked, references resolved."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.vendors.stackai.tenancy import organizations

ORG = "ffb0dd9e-63e1-4869-a495-0dc210a25b19"
USER = "1a09a840-47d7-4f79-8c5b-4c59dab07929"
KEY = {"key": "5c57722e-138e-4ef9-96d4-480fdeb67ae7", "type": "org_api_key", "name": "ci",
       "id": "383989cb-00c7-40fa-80fe-f07dd4f8de5b"}  # fmt: skip
FLOW = {"id": "2bb71c682097798c8cd3e418", "name": "F", "owner": USER, "public_ui": "form"}


def section(**changes: Any) -> dict[str, Any]:
    entry = {"slug": "n", "id": ORG, "name": "N", "api_keys": [KEY],
             "users": [{"id": USER, "email": "a@n.example"}], "flows": [FLOW]}  # fmt: skip
    return {"organizations": [{**entry, **changes}]}


def test_a_well_formed_section() -> None:
    (org,) = organizations(section())
    assert (org.slug, org.id, org.test_key) == ("n", ORG, KEY["key"])
    flow = org.flows[0]
    assert flow.owner.email == "a@n.example" and flow.type == "workflow"
    assert org.public_ui_url(flow) == f"https://www.stack-ai.com/form/{ORG}/{flow.id}"
    assert flow.owner.avatar_url.startswith("https://www.gravatar.com/avatar/")


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "not-a-uuid"},
        {"id": ORG.upper()},
        {"api_keys": [{**KEY, "type": "personal_api_key"}]},
        {"api_keys": [{**KEY, "type": "admin"}]},
        {
            "api_keys": [
                KEY,
                {**KEY, "type": "personal_api_key", "user": "5f93d180-c5ef-4cfb-b099-f27150cb407a"},
            ]
        },
        {"flows": [{**FLOW, "id": "2BB71C682097798C8CD3E418"}]},
        {"flows": [{**FLOW, "id": "2bb71c68"}]},
        {"flows": [{**FLOW, "owner": "5f93d180-c5ef-4cfb-b099-f27150cb407a"}]},
        {"flows": [{**FLOW, "type": "pipeline"}]},
        {"flows": [{**FLOW, "calls": ["57fa49e56a34b37178e10e70"]}]},
        {"flows": [{**FLOW, "calls": [FLOW["id"]]}]},
    ],
)
def test_a_malformed_section_is_refused(changes: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 (the message names the entry; any is fine)
        organizations(section(**changes))


def test_no_section_is_refused() -> None:
    with pytest.raises(ValueError, match="stackai"):
        organizations(None)


def test_sub_flows_are_the_flows_others_call() -> None:
    sub = {**FLOW, "id": "41785bc64c3ac6fc48208231", "public_ui": None}
    (org,) = organizations(section(flows=[{**FLOW, "calls": [sub["id"]]}, sub]))
    assert [org.is_sub_flow(f) for f in org.flows] == [False, True]
    assert org.public_ui_url(org.flows[1]) is None
