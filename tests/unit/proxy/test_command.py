"""`runs-emulator proxy`'s flags: read as serve's are, each refusal naming its flag."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from emulator.proxy.command import ProxySettings, proxy_settings
from emulator.settings import BadSetting

NEEDED = {"proxy_vendor": "b3os", "proxy_upstream": "https://api.b3os.org"}


def settings(**given: Any) -> ProxySettings:
    return proxy_settings({**NEEDED, **{f"proxy_{k}": v for k, v in given.items()}})


def test_the_defaults() -> None:
    read = settings()
    assert (read.vendor, read.upstream, read.port, read.clock) == (
        "b3os", "https://api.b3os.org", 8081, "wall"
    )  # fmt: skip
    assert (read.record, read.report, read.requests, read.seconds) == (None, None, None, None)
    assert read.emulator().clock == "wall" and read.emulator().seed == read.seed


def test_every_flag_is_read() -> None:
    read = settings(port="0", record="rec", report="drift.json", requests="12", seconds="2.5",
                    seed="7", runs="0", clock="epoch", allow_http=True)  # fmt: skip
    assert (read.port, read.record, read.report, read.requests, read.seconds) == (
        0, Path("rec"), Path("drift.json"), 12, 2.5
    )  # fmt: skip
    assert (read.seed, read.runs, read.clock, read.allow_http) == (7, 0, "epoch", True)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"vendor": None}, "proxy needs --vendor NAME and --upstream URL"),
        ({"vendor": "b3so"}, "--vendor: no vendor 'b3so' (did you mean b3os?)"),
        ({"vendor": "acme"}, "--vendor: no vendor 'acme' (one of b3os, dograh, dynamiq, stackai)"),
        ({"upstream": "http://api.b3os.org"}, "--upstream: 'http://api.b3os.org' is not https"),
        ({"requests": "0"}, "--requests: '0' is not a number of requests (1 or more)"),
        ({"seconds": "-1"}, "--seconds: '-1' is not a number of seconds"),
        ({"seconds": "inf"}, "--seconds: 'inf' is not a number of seconds"),
        ({"port": "99999"}, "--port: '99999' is not a port number"),
        ({"clock": "later"}, "--clock: 'later' is not a clock mode"),
        ({"fixtures": "/no/such/dir"}, "--fixtures: /no/such/dir does not exist"),
    ],
)
def test_a_bad_flag_is_refused_by_name(given: dict[str, Any], said: str) -> None:
    with pytest.raises(BadSetting) as refusal:
        settings(**given)
    assert str(refusal.value).startswith(said)


def test_a_record_directory_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(BadSetting, match=r"--record: .* is a file, not a directory"):
        settings(record=str(tmp_path / "file"))
