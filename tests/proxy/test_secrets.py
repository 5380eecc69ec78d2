"""What leaves the proxy (its report, its summary, its recording, its log) never holds a
credential the client sent, nor a phone number or e-mail address the upstream served; the
stand-ins that replace them are the same in every run of the same seed."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from emulator.proxy.record import write_recording
from emulator.proxy.report import markdown
from emulator.proxy.standins import EMAIL, PHONE
from emulator.proxy.tenancy import credentials_in
from emulator.proxy.twin import Twin
from emulator.server import ThreadedEmulator
from tests.every_vendor import VENDORS
from tests.proxy import stub
from tests.proxy.proxying import Outcome, through_proxy
from tests.proxy.script import Call, base_url, script
from tests.proxy.test_record import fixtures_without_runs, twin_of

# Personal data every answer is given, whatever its vendor serves of its own.
PERSON = {"customer_name": "Ana Gomez", "email": "ana.gomez@corp.example", "phone": "+14155550123"}


async def leaky_run(vendor: str, upstream: ThreadedEmulator, twin: Twin) -> tuple[Outcome, str]:
    """Every call drifting (a field more in each answer), so every body is in the report."""
    calls = script(twin.runtime, vendor)
    first = calls[0]
    secret = credentials_in(first.headers.items(), [])[0]
    told = json.dumps({"api_key": secret, "contact": PERSON["email"]}).encode()
    calls.append(Call("a body that holds them", "/no/such/route", first.headers, "POST", told))
    extended = dict.fromkeys(range(1, len(calls) + 1), _with_field)
    fake = stub.Stub(upstream.base_url, extended)
    async with TestServer(fake.app()) as server:
        root = str(server.make_url("")).rstrip("/") + base_url(twin.runtime, vendor)
        outcome = await through_proxy(twin, root, calls)
    served = b" ".join(sent.body for sent in fake.sent).decode()
    return outcome, served


def _with_field(sent: stub.Sent) -> stub.Sent:
    try:
        value = stub.as_json(sent)
    except ValueError:  # not JSON: as it came
        return sent
    (value[0] if isinstance(value, list) and value else value)["surprise"] = PERSON
    return stub.with_json(sent, value)


@pytest.mark.parametrize("vendor", VENDORS)
async def test_nothing_that_leaves_the_proxy_holds_a_credential_or_personal_data(
    vendor: str, fixture_upstream: ThreadedEmulator, tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    twin = twin_of(vendor, fixtures_without_runs(tmp_path / "mine", vendor))
    with caplog.at_level(logging.INFO, logger="emulator.proxy"):
        outcome, served = await leaky_run(vendor, fixture_upstream, twin)
    report = outcome.report
    write_recording(tmp_path / "rec", vendor, outcome.relay.harvest.recorded,
                    twin.state.settings, "test")  # fmt: skip
    left = "\n".join([json.dumps(report.to_json(), ensure_ascii=False), markdown(report),
                       (tmp_path / "rec" / f"{vendor}.yaml").read_text(), caplog.text])  # fmt: skip
    sent = {
        c for call in script(twin.runtime, vendor) for c in credentials_in(call.headers.items(), [])
    }
    personal = {*PHONE.findall(served), *EMAIL.findall(served), PERSON["customer_name"]}
    assert report.entries and outcome.relay.harvest.recorded
    assert sent and not [secret for secret in sent if secret in left]
    assert set(PERSON.values()) <= personal
    assert not [datum for datum in personal if datum in left]
