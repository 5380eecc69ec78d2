"""The drift report: JSON with every entry and a Markdown summary beside it; requests shown
with their credentials masked; bodies past the limit left out."""

from __future__ import annotations

import json
from pathlib import Path

from emulator.proxy.answer import Answer
from emulator.proxy.conformance import Finding
from emulator.proxy.report import (
    LARGEST_BODY,
    TABLE_ROWS,
    Entry,
    Report,
    Seen,
    markdown,
    shown,
    summary_path,
)
from emulator.proxy.standins import StandIns

KEY = "b3sk_ken659o2v21i9mpflv9fupxqmb0y07nyrvd5rxi6"
SEEN = Seen(3, "GET", "/v1/runs", (("api_key", KEY), ("limit", "5")),
            (("Authorization", f"Bearer {KEY}"), ("Accept", "*/*")))  # fmt: skip
FINDING = Finding("spec", "body", "$.data.items[0].totalCu", "'3.5' is not of type 'number'")


def entry(findings: tuple[Finding, ...] = (FINDING,)) -> Entry:
    return Entry(SEEN, "get_runs", "/v1/runs", findings, {"status": 200}, {"status": 200})


def test_a_request_is_shown_with_its_credentials_masked() -> None:
    shown_request = SEEN.to_json()
    assert shown_request["headers"] == {"Authorization": "Bearer b3sk…rxi6",
                                        "Accept": "*/*"}  # fmt: skip
    assert shown_request["query"] == {"api_key": ["b3sk…rxi6"], "limit": ["5"]}
    assert KEY not in json.dumps(shown_request)


def test_the_report_and_its_summary_are_written_side_by_side(tmp_path: Path) -> None:
    report = Report("b3os", "https://api.b3os.org", 7, requests=4)
    report.add(entry())
    written = report.write(tmp_path / "out" / "drift.json")
    assert written == (tmp_path / "out" / "drift.json", tmp_path / "out" / "drift.md")
    document = json.loads(written[0].read_text())
    assert (document["requests"], document["drifted"], document["findings"]) == (4, 1, 1)
    assert document["entries"][0]["findings"] == [FINDING.to_json()]
    summary = written[1].read_text()
    assert "**1 of 4 request(s) drifted** (1 finding(s))." in summary
    assert "| #3 GET /v1/runs | get_runs | spec | body | `$.data.items[0].totalCu` |" in summary


def test_a_summary_name_for_a_report_not_named_json() -> None:
    assert summary_path(Path("drift")) == Path("drift.md")
    assert summary_path(Path("a/drift.json")) == Path("a/drift.md")


def test_without_drift_the_summary_says_so_and_what_was_not_compared() -> None:
    report = Report("dograh", "https://app.dograh.com", 7, requests=2)
    report.skip(SEEN, 429, "the upstream answered 429")
    text = markdown(report)
    assert not report.has_drift
    assert "No drift in 2 request(s)" in text
    assert "1 answer(s) not compared: the upstream answered 429." in text


def test_a_long_table_says_how_much_more_the_json_holds() -> None:
    report = Report("b3os", "https://api.b3os.org", 7, requests=1)
    report.add(entry((FINDING,) * (TABLE_ROWS + 5)))
    assert "... and 5 more finding(s) in the JSON report." in markdown(report)


def test_a_cell_with_a_pipe_stays_one_cell() -> None:
    report = Report("b3os", "https://api.b3os.org", 7, requests=1)
    report.add(entry((Finding("spec", "body", "$.a", "a | b"),)))
    assert "a \\| b" in markdown(report)


def test_bodies_are_scrubbed_and_large_ones_left_out() -> None:
    body = json.dumps({"email": "ann.lee@corp.test", "key": KEY}).encode()
    small = shown(Answer.of(200, [("Content-Type", "application/json")], body), StandIns(7), [KEY])
    assert "ann.lee@corp.test" not in json.dumps(small) and KEY not in json.dumps(small)
    big = Answer.of(
        200, [("Content-Type", "application/json")], b"[" + b"1," * LARGEST_BODY + b"1]"
    )
    assert shown(big, StandIns(7), [])["body"] is None
    text = shown(Answer.of(502, [("Content-Type", "text/html")], b"<h1>bad</h1>"), StandIns(7), [])
    assert text["body"] == "<h1>bad</h1>"
