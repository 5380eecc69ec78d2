"""The proxy in front of a stand-in vendor (an emulator, through a stub that puts drift in on
purpose), for every vendor: matching traffic reports nothing; a field of another type, a
field more, an error body of another shape, a changed status and a missing header are each
reported exactly, at their field; what goes through the proxy goes through unchanged."""

from __future__ import annotations

import gzip

import pytest
from aiohttp.test_utils import TestServer

from emulator.proxy.conformance import declared_key, json_path
from emulator.proxy.route import Routes
from emulator.proxy.twin import Twin
from emulator.server import ThreadedEmulator
from emulator.vendor import Vendor, discover
from tests.every_vendor import VENDORS
from tests.proxy import stub
from tests.proxy.proxying import CLIENT_HEADERS, Outcome, fresh, through_proxy
from tests.proxy.script import Call, base_url, script

LIST, NO_KEY = 1, 2  # the script's first two calls


async def proxied(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin], **rewrites: stub.Rewrite
) -> tuple[Outcome, stub.Stub, list[Call]]:
    twin = fresh(twins[vendor])
    calls = script(twin.runtime, vendor)
    numbered = {int(k.removeprefix("call")): r for k, r in rewrites.items()}
    fake = stub.Stub(upstream.base_url, numbered)
    async with TestServer(fake.app()) as server:
        root = str(server.make_url("")).rstrip("/") + base_url(twin.runtime, vendor)
        outcome = await through_proxy(twin, root, calls)
    return outcome, fake, calls


def found(outcome: Outcome, number: int) -> set[tuple[str, str, str]]:
    entries = [e for e in outcome.report.entries if e.seen.number == number]
    return {(f.check, f.kind, f.where) for e in entries for f in e.findings}


def drifted(outcome: Outcome) -> set[int]:
    return {entry.seen.number for entry in outcome.report.entries}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_matching_traffic_reports_nothing(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, fake, calls = await proxied(vendor, upstream, twins)
    report = outcome.report
    assert [e.to_json() for e in report.entries] == []
    assert report.not_compared == []
    assert report.requests == len(calls) == len(fake.received)
    assert {got.status for got in outcome.answers} >= {200, 401, 404}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_field_of_another_type_is_named_at_its_path(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    retyped = stub.Retyped()
    outcome, _, _ = await proxied(vendor, upstream, twins, call1=retyped)
    assert retyped.path is not None
    assert found(outcome, LIST) == {("spec", "body", json_path(retyped.path))}
    assert drifted(outcome) == {LIST}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_field_our_spec_does_not_know_is_named(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, fake, _ = await proxied(vendor, upstream, twins, call1=stub.extended)
    where = "$[0].surprise" if isinstance(stub.as_json(fake.sent[0]), list) else "$.surprise"
    assert found(outcome, LIST) == {("spec", "unknown-field", where)}
    assert drifted(outcome) == {LIST}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_an_error_body_of_another_shape_is_named_key_by_key(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, _, _ = await proxied(vendor, upstream, twins, call2=stub.reworded)
    (entry,) = outcome.report.entries
    ours = entry.emulator["body"]
    expected = {("emulator", "envelope", "$.error_message")}
    expected |= {("emulator", "envelope", json_path((key,))) for key in ours}
    findings = found(outcome, NO_KEY)
    assert {f for f in findings if f[0] == "emulator"} == expected
    assert {kind for check, kind, _ in findings if check == "spec"} <= {"body", "unknown-field"}
    assert entry.upstream["body"] == {"error_message": "no"}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_changed_status_is_reported_with_both_statuses(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, _, calls = await proxied(vendor, upstream, twins, call2=stub.restatused(418))
    (entry,) = outcome.report.entries
    messages = {(f.check, f.kind): f.message for f in entry.findings}
    assert messages[("emulator", "status")] == (
        "the upstream answered 418 (4xx), the emulator 401 (4xx)"
    )
    routed = Routes(twins[vendor].vendor, is_mount_in_path=False).match("GET", calls[1].path)
    assert routed is not None
    if declared_key(routed.operation, 418) is None:
        assert messages[("spec", "status")].startswith("418 is not a status our spec declares")
    assert (entry.upstream["status"], entry.emulator["status"]) == (418, 401)


def required_header(vendor: Vendor, calls: list[Call]) -> tuple[int, str] | None:
    """The first call whose operation requires a header on its 200, and that header's name."""
    routes = Routes(vendor, is_mount_in_path=False)
    for number, call in enumerate(calls, start=1):
        routed = routes.match(call.method, call.path)
        headers = {} if routed is None else routed.operation.responses["200"].get("headers", {})
        for name, header in (headers or {}).items():
            if vendor.spec.resolve(header).get("required"):
                return number, name
    return None


def _requires_a_header(vendor: Vendor) -> bool:
    responses = [r for o in vendor.spec.operations for r in o.responses.values()]
    headers = [h for r in responses for h in (r.get("headers") or {}).values()]
    return any(vendor.spec.resolve(h).get("required") for h in headers)


REQUIRING = [vendor.name for vendor in discover() if _requires_a_header(vendor)]


@pytest.mark.parametrize("vendor", REQUIRING)
async def test_a_missing_header_our_spec_requires_is_named(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    found_at = required_header(twins[vendor].vendor, script(twins[vendor].runtime, vendor))
    assert found_at is not None, "no call of the script reaches the operation requiring it"
    number, name = found_at
    rewrite = {f"call{number}": stub.without_header(name)}
    outcome, _, _ = await proxied(vendor, upstream, twins, **rewrite)
    assert found(outcome, number) == {("spec", "header", name)}
    assert drifted(outcome) == {number}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_requests_and_answers_pass_unchanged(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, fake, calls = await proxied(vendor, upstream, twins)
    for call, received, sent, got in zip(calls, fake.received, fake.sent, outcome.answers,
                                         strict=True):  # fmt: skip
        assert (received.method, received.body) == (call.method, call.body)
        assert received.path_qs == base_url(twins[vendor].runtime, vendor) + call.path
        assert _without(received.headers, "content-length") == {**CLIENT_HEADERS, **call.headers}
        assert (got.status, got.body) == (sent.status, sent.body)
        assert _without(got.headers, *stub.DROPPED) == _without(sent.headers)


def _without(headers: list[tuple[str, str]], *names: str) -> dict[str, str]:
    return {k: v for k, v in headers if k.lower() not in names}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_compressed_answer_passes_as_sent_and_is_checked_decompressed(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, fake, _ = await proxied(vendor, upstream, twins, call1=stub.gzipped)
    assert outcome.answers[0].body == fake.sent[0].body
    assert gzip.decompress(outcome.answers[0].body).startswith((b"{", b"["))
    assert outcome.report.entries == []


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_429_passes_through_once_and_is_not_compared(
    vendor: str, upstream: ThreadedEmulator, twins: dict[str, Twin]
) -> None:
    outcome, fake, calls = await proxied(vendor, upstream, twins, call1=stub.rate_limited)
    assert (outcome.answers[0].status, outcome.answers[0].body) == (429, b"slow down")
    assert dict(outcome.answers[0].headers)["Retry-After"] == "30"
    assert len(fake.received) == len(calls)  # no retry of its own
    assert outcome.report.entries == []
    assert [(s["number"], s["status"]) for s in outcome.report.not_compared] == [(LIST, 429)]
