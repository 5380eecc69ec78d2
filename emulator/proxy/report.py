"""The drift report: every request whose answer differed, with what differed, as JSON, and a
short Markdown summary beside it (`drift.json` -> `drift.md`) for a CI job to post.

An entry shows the request as the journal would (credentials masked: `Bearer b3sk…i6`, path
variables named like a credential too), the operation and spec path it was matched to, each
finding, and both answers (status, Content-Type, body) with credentials and personal data
replaced by their stand-ins. Answers the proxy did not compare are listed apart with why:
the upstream was not reached, or answered a transient status (429, 502, 503, 504), which says
how busy the vendor is, not what it is.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulator import __version__
from emulator.control.journal.book import masked
from emulator.proxy.answer import Answer
from emulator.proxy.conformance import Finding
from emulator.proxy.standins import StandIns

# Bodies past this size are left out of the report (their findings are still listed).
LARGEST_BODY = 256 * 1024
TEXT_SHOWN = 2000
TABLE_ROWS = 50


@dataclass(frozen=True, slots=True)
class Seen:
    """A request as the report shows it."""

    number: int
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...] = ()
    # The body as text (credentials and personal data replaced), if it had one.
    body: str | None = None

    def to_json(self) -> dict[str, Any]:
        query: dict[str, list[str]] = {}
        for name, value in self.query:
            query.setdefault(name, []).append(masked(name, value))
        headers = {name: masked(name, value) for name, value in self.headers}
        return {"number": self.number, "method": self.method, "path": self.path,
                "query": query, "headers": headers, "body": self.body}  # fmt: skip

    @property
    def line(self) -> str:
        return f"#{self.number} {self.method} {self.path}"


@dataclass(frozen=True, slots=True)
class Entry:
    seen: Seen
    operation: str | None
    spec_path: str | None
    findings: tuple[Finding, ...]
    upstream: Mapping[str, Any]
    emulator: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"request": self.seen.to_json(), "operation": self.operation,
                "spec_path": self.spec_path, "findings": [f.to_json() for f in self.findings],
                "upstream": self.upstream, "emulator": self.emulator}  # fmt: skip


@dataclass(slots=True)
class Report:
    vendor: str
    upstream: str
    seed: int
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    requests: int = 0
    entries: list[Entry] = field(default_factory=list)
    not_compared: list[dict[str, Any]] = field(default_factory=list)
    recorded: dict[str, int] = field(default_factory=dict)

    @property
    def has_drift(self) -> bool:
        return bool(self.entries)

    @property
    def findings(self) -> int:
        return sum(len(entry.findings) for entry in self.entries)

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def skip(self, seen: Seen, status: int | None, reason: str) -> None:
        self.not_compared.append({**seen.to_json(), "status": status, "reason": reason})

    def to_json(self) -> dict[str, Any]:
        return {
            "vendor": self.vendor, "upstream": self.upstream, "version": __version__,
            "seed": self.seed, "started_at": self.started.isoformat(),
            "finished_at": datetime.now(UTC).isoformat(), "requests": self.requests,
            "drifted": len(self.entries), "findings": self.findings,
            "entries": [entry.to_json() for entry in self.entries],
            "not_compared": self.not_compared, "recorded": self.recorded,
        }  # fmt: skip

    def write(self, path: Path) -> tuple[Path, Path]:
        """The JSON at `path` and the summary beside it; both paths."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")  # fmt: skip
        summary = summary_path(path)
        summary.write_text(markdown(self), encoding="utf-8")
        return path, summary


def summary_path(path: Path) -> Path:
    """`drift.json` -> `drift.md`; a name without `.json` gets `.md` added."""
    return path.with_suffix(".md") if path.suffix == ".json" else path.with_name(path.name + ".md")


def shown(answer: Answer, standins: StandIns, secrets: Sequence[str]) -> dict[str, Any]:
    """An answer as the report shows it: its body scrubbed, and left out past LARGEST_BODY."""
    body: Any = None
    if len(answer.body) > LARGEST_BODY:
        body = None
    elif answer.json is not None:
        body = standins.scrubbed(answer.json.value, secrets)
    elif answer.content:
        text = answer.content[:TEXT_SHOWN].decode("utf-8", errors="replace")
        body = standins.scrubbed(text, secrets)
    return {"status": answer.status, "content_type": answer.header("Content-Type"),
            "bytes": len(answer.body), "body": body}  # fmt: skip


def markdown(report: Report) -> str:
    title = f"## Drift: {report.vendor} against {report.upstream}\n\n"
    if not report.has_drift:
        lines = [f"No drift in {report.requests} request(s): every answer compared is as our "
                 "spec and the emulator say."]  # fmt: skip
    else:
        lines = [f"**{len(report.entries)} of {report.requests} request(s) drifted** "
                 f"({report.findings} finding(s)).", "", *_table(report.entries)]  # fmt: skip
    if report.not_compared:
        reasons = sorted({item["reason"] for item in report.not_compared})
        lines += ["", f"{len(report.not_compared)} answer(s) not compared: {'; '.join(reasons)}."]
    if report.recorded:
        lines += ["", "Recorded: " + ", ".join(f"{n} {k}" for k, n in report.recorded.items())]
    return title + "\n".join(lines) + "\n"


def _table(entries: Sequence[Entry]) -> list[str]:
    rows = [(entry, finding) for entry in entries for finding in entry.findings]
    table = [
        "| request | operation | check | kind | where | finding |",
        "|---|---|---|---|---|---|",
    ]
    for entry, finding in rows[:TABLE_ROWS]:
        cells = (entry.seen.line, entry.operation or "(not in our spec)", finding.check,
                 finding.kind, f"`{finding.where}`", finding.message)  # fmt: skip
        table.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if len(rows) > TABLE_ROWS:
        table.append(f"\n... and {len(rows) - TABLE_ROWS} more finding(s) in the JSON report.")
    return table


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
