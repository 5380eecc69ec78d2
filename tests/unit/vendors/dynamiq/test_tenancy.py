"""Organisations, projects, apps and credentials from tenants.yaml, and their refusals."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from emulator.generate import read_yaml
from emulator.settings import BUILTIN_FIXTURES
from emulator.vendors.dynamiq.tenancy import Behaviour, Organization, find_app, organizations

RETURNS = "f0d1ab56-e02f-4a72-a9d6-25c966692158"
RETIRED = "7a4c2e19-5b3d-4f80-8e6a-1d9c0b2f4e57"


def section() -> dict[str, Any]:
    found: dict[str, Any] = read_yaml(BUILTIN_FIXTURES, "tenants.yaml", BUILTIN_FIXTURES)["dynamiq"]
    return copy.deepcopy(found)


def by_slug(found: Any) -> dict[str, Organization]:
    return {o.slug: o for o in found}


def test_the_builtin_tenants() -> None:
    tenants = by_slug(organizations(section()))
    helios, vega = tenants["helios"], tenants["vega"]
    assert helios.test_key == "dq_o6uKZyUf0IE9pU2NJhKaM1_5WdR16ePlljivghZ4"
    assert [a.kind for a in helios.apps] == ["returns", "order_status", "catalog"]
    assert [a.is_public for a in helios.apps] == [False, True, False]
    assert [a.name for a in vega.live_apps] == ["Research Assistant"]
    assert helios.behaviour == Behaviour()
    assert helios.mount_values == {"app_id": RETURNS}
    care, merchandising = helios.apps[0].project_id, helios.apps[2].project_id
    project_key = next(k for k in helios.access_keys if k.scope == "project")
    assert project_key.project_id == care != merchandising
    assert project_key.reaches(helios.apps[1]) and not project_key.reaches(helios.apps[2])


def test_behaviour_switches() -> None:
    changed = section()
    changed["behaviour"] = {
        "started_matches_awaiting_input": True, "public_apps_check_sent_keys": False,
    }  # fmt: skip
    behaviour = organizations(changed)[0].behaviour
    assert behaviour.is_awaiting_in_underlying_status
    assert not behaviour.is_key_checked_on_public_apps


def test_kinds_default_by_position() -> None:
    changed = section()
    for project in changed["organizations"][0]["projects"]:
        for app in project["apps"]:
            app.pop("kind")
    kinds = [a.kind for a in organizations(changed)[0].apps]
    assert kinds == ["support", "returns", "support"]


def test_apps_are_found_by_hostname_label_whatever_the_case() -> None:
    tenants = by_slug(organizations(section()))
    found = find_app(tenants, RETURNS.upper())
    assert found is not None and found[0].slug == "helios" and found[1].id == RETURNS
    assert find_app(tenants, RETIRED) is None  # deleted
    assert find_app(tenants, "nope") is None


def first(changed: dict[str, Any]) -> dict[str, Any]:
    organization: dict[str, Any] = changed["organizations"][0]
    return organization


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: first(s).update(access_keys=[first(s)["access_keys"][1]]),
         "needs one organization access key"),
        (lambda s: first(s)["access_keys"].append({"key": "k", "scope": "team"}),
         "scope must be organization or project"),
        (lambda s: first(s)["access_keys"].append({"key": "k", "scope": "project"}),
         "needs `project`"),
        (lambda s: first(s)["projects"][0]["apps"][0].update(kind="chat"), "kind must be one of"),
        (lambda s: first(s)["projects"][0]["apps"].append({"id": RETURNS, "name": "twin"}),
         "listed twice"),
        (lambda s: [a.update(deleted=True) for p in first(s)["projects"] for a in p["apps"]],
         "needs one app that is not deleted"),
    ],
)  # fmt: skip
def test_what_cannot_be_served_is_refused(edit: Any, message: str) -> None:
    changed = section()
    edit(changed)
    with pytest.raises(ValueError, match=message):
        organizations(changed)


def test_no_section_is_refused() -> None:
    with pytest.raises(ValueError, match="no `dynamiq` section"):
        organizations(None)
