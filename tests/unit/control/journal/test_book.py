"""The journal ring and how credentials are masked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from emulator.control.journal.book import Entry, Journal, is_secret, masked
from emulator.control.matcher import Matcher


def entry(journal: Journal, status: int) -> Entry:
    return Entry(
        journal.next_id(), datetime(2026, 1, 1, tzinfo=UTC), "dograh", "GET", "/x", "/dograh/x",
        None, {"api_key": ("abcdefghijklmnopqrst",)}, {"X-API-Key": "dgr_0123456789abcdef"},
        None, status, 1.5, (), None,
    )  # fmt: skip


def test_the_ring_keeps_the_newest_and_lists_them_first() -> None:
    journal = Journal(2)
    for status in (200, 404, 503):
        journal.add(entry(journal, status))
    assert [e.status for e in journal.newest_first(Matcher())] == [503, 404]
    assert journal.count(Matcher(status="5xx")) == 1 and len(journal) == journal.size == 2
    journal.clear()
    assert len(journal) == 0


def test_a_negative_size_is_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        Journal(-1)


@pytest.mark.parametrize(
    ("name", "value", "shown"),
    [
        ("X-API-Key", "dgr_pTyGJMuHbEL31IeL2HPcHyGcFRl1SPnXNYvMIHa_2o7", "dgr_…_2o7"),
        ("Authorization", "Bearer stack-access-acme-xZ9W3qLy7", "Bearer stac…qLy7"),
        ("Authorization", "Basic dTpw", "Basic …"),
        ("Cookie", "session=abc", "…"),
        ("X-Secret-Thing", "0123456789abcdefXYZ", "0123…fXYZ"),
        ("Accept", "application/json", "application/json"),
    ],
)
def test_credentials_show_only_their_ends(name: str, value: str, shown: str) -> None:
    assert masked(name, value) == shown


def test_secret_names() -> None:
    assert all(map(is_secret, ["x-api-key", "Authorization", "X-Auth-Token", "signature"]))
    assert not any(map(is_secret, ["Accept", "limit", "page", "expires"]))


def test_the_json_form_masks_headers_and_query() -> None:
    shown = entry(Journal(1), 200).to_json()
    assert shown["headers"] == {"X-API-Key": "dgr_…cdef"}
    assert shown["query"] == {"api_key": ["abcd…qrst"]}
    assert shown["at"] == "2026-01-01T00:00:00+00:00"
