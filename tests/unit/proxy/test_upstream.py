"""The upstream base URL and what is sent to it: https unless allowed, no credentials in the
URL (and never repeated), the request's path and query as they came, hop-by-hop headers
dropped, and the mount filled from the base URL for every vendor that has one."""

from __future__ import annotations

import re

import pytest

from emulator.proxy.upstream import BadUpstream, Upstream, base_url, forwarded, mount_of
from emulator.vendor import Vendor, discover

VENDORS = discover()
MOUNTED = [v for v in VENDORS if v.mount]


def test_an_http_upstream_is_refused_unless_allowed() -> None:
    with pytest.raises(BadUpstream, match=r"is not https.*--allow-http"):
        base_url("http://api.example")
    assert str(base_url("http://127.0.0.1:9/b3os", is_http_allowed=True)) == (
        "http://127.0.0.1:9/b3os"
    )


def test_credentials_in_the_url_are_refused_without_being_repeated() -> None:
    with pytest.raises(BadUpstream) as refusal:
        base_url("https://me:s3cret-pass@api.example")
    assert "s3cret" not in str(refusal.value) and "api.example" in str(refusal.value)


@pytest.mark.parametrize("text", ["api.example", "ftp://api.example", "https://", "https://h/?a=1"])
def test_what_is_no_base_url_is_refused(text: str) -> None:
    with pytest.raises(BadUpstream):
        base_url(text)


def test_a_trailing_slash_is_dropped() -> None:
    assert str(base_url("https://api.example/v2/")) == "https://api.example/v2"


@pytest.mark.parametrize("vendor", VENDORS, ids=lambda v: v.name)
def test_the_path_and_query_go_after_the_base_url_as_sent(vendor: Vendor) -> None:
    upstream = Upstream.parse("https://api.example/base/", vendor)
    target = upstream.target("/a%20b/c%2Fd", "x=%5B1%5D&y=a+b&x=2")
    assert target.raw_path_qs == "/base/a%20b/c%2Fd?x=%5B1%5D&y=a+b&x=2"
    assert str(upstream.target("/p", "")) == "https://api.example/base/p"


def test_hop_by_hop_headers_and_those_connection_names_are_dropped() -> None:
    sent = [("Host", "proxy:8081"), ("Connection", "keep-alive, X-Hop"), ("X-Hop", "1"),
            ("Keep-Alive", "5"), ("Transfer-Encoding", "chunked"), ("Content-Length", "3"),
            ("Authorization", "Bearer k"), ("X-API-Key", "k"), ("Accept", "*/*")]  # fmt: skip
    assert forwarded(sent) == [("Authorization", "Bearer k"), ("X-API-Key", "k"),
                               ("Accept", "*/*")]  # fmt: skip


@pytest.mark.parametrize("vendor", MOUNTED, ids=lambda v: v.name)
def test_the_mount_is_filled_by_the_hostname_or_the_end_of_the_path(vendor: Vendor) -> None:
    names = re.findall(r"{(\w+)}", vendor.mount)
    assert vendor.host_mask is not None
    host = vendor.host_mask.replace("*", "app-1", 1).replace("*", "eu.example")
    assert mount_of(vendor, base_url(f"https://{host}")) == {names[0]: "app-1"}
    path = vendor.mount.format_map(dict.fromkeys(names, "app-2"))
    assert mount_of(vendor, base_url(f"http://h/{vendor.name}{path}", True)) == dict.fromkeys(
        names, "app-2"
    )
    assert mount_of(vendor, base_url("https://api.example")) == {}


@pytest.mark.parametrize("vendor", [v for v in VENDORS if not v.mount], ids=lambda v: v.name)
def test_a_vendor_without_a_mount_has_nothing_to_fill(vendor: Vendor) -> None:
    assert mount_of(vendor, base_url("https://a.apps.b.example")) == {}
