"""Matchers: every given field must hold; globs, status classes, presence, tenants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest
from multidict import CIMultiDict

from emulator.control.matcher import Matcher


@dataclass
class Exchange:
    vendor: str = "dograh"
    method: str = "GET"
    path: str = "/api/v1/organizations/usage/runs"
    operation_id: str | None = "get_usage_history"
    query: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {"page": ("1", "2")})
    headers: Mapping[str, str] = field(default_factory=lambda: CIMultiDict({"X-API-Key": "k"}))
    status: int | None = 503
    tenant: str | None = "acme"


@pytest.mark.parametrize(
    ("matcher", "expected"),
    [
        (Matcher(), True),
        (Matcher(vendor="dograh", method="GET"), True),
        (Matcher(vendor="b3os"), False),
        (Matcher(path="*/usage/*"), True),
        (Matcher(path="/api/v1/*"), True),
        (Matcher(path="/api/v1/organizations"), False),
        (Matcher(operation="get_workflow_run"), False),
        (Matcher(query=(("page", "2"),)), True),
        (Matcher(query=(("page", "*"),)), True),
        (Matcher(query=(("limit", "*"),)), False),
        (Matcher(headers=(("x-api-key", "k"),)), True),
        (Matcher(headers=(("X-API-Key", "other"),)), False),
        (Matcher(headers=(("Authorization", "*"),)), False),
        (Matcher(status="5xx"), True),
        (Matcher(status="503"), True),
        (Matcher(status="4xx"), False),
        (Matcher(tenant="acme"), True),
        (Matcher(tenant="globex"), False),
    ],
)
def test_every_given_field_must_hold(matcher: Matcher, expected: bool) -> None:
    assert matcher.matches(Exchange()) is expected


def test_an_unanswered_request_has_no_status() -> None:
    assert not Matcher(status="5xx").matches(Exchange(status=None))


def test_the_json_form_lists_what_was_given() -> None:
    matcher = Matcher(vendor="dograh", query=(("a", "1"),), status="5xx")
    assert matcher.to_json() == {"vendor": "dograh", "status": "5xx", "query": {"a": "1"}}
