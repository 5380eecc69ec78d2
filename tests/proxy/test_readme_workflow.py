"""The README's scheduled drift job: valid YAML, a schedule, its proxy command one the CLI
takes, bounded by exactly as many requests as its script makes, its report uploaded and
posted even when the job fails."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

from emulator.cli import proxy_parser
from emulator.proxy.command import proxy_settings
from emulator.proxy.report import summary_path

README = Path(__file__).resolve().parents[2] / "README.md"


def workflow() -> Any:
    found = re.search(r"```yaml\n(# \.github/workflows/drift\.yml\n.*?)```", README.read_text(),
                      re.DOTALL)  # fmt: skip
    assert found, "the README's Drift section has no workflow"
    return yaml.safe_load(found.group(1))


def script(document: Any) -> str:
    (job,) = document["jobs"].values()
    return str(next(s["run"] for s in job["steps"] if "runs-emulator proxy" in s.get("run", "")))


def proxy_argv(run: str) -> list[str]:
    joined = run.replace("\\\n", " ")
    line = next(line for line in joined.splitlines() if "runs-emulator proxy" in line)
    words = shlex.split(line.split(">")[0])
    return words[words.index("proxy") + 1 :]


def test_the_workflow_is_scheduled() -> None:
    document = workflow()
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["schedule"][0]["cron"] and "workflow_dispatch" in triggers


def test_its_proxy_command_is_one_the_command_line_takes() -> None:
    argv = proxy_argv(script(workflow()))
    settings = proxy_settings(vars(proxy_parser().parse_args(argv)))
    assert settings.upstream.startswith("https://") and not settings.allow_http
    assert settings.report is not None and settings.requests is not None


def test_the_bound_is_the_number_of_calls_the_script_makes() -> None:
    run = script(workflow())
    settings = proxy_settings(vars(proxy_parser().parse_args(proxy_argv(run))))
    calls = [line for line in run.splitlines() if line.strip().startswith("curl ")]
    assert settings.requests == len(calls)
    assert "wait $proxy" in run


def test_the_report_is_posted_and_uploaded_whatever_the_verdict() -> None:
    document = workflow()
    (job,) = document["jobs"].values()
    run = script(document)
    settings = proxy_settings(vars(proxy_parser().parse_args(proxy_argv(run))))
    assert settings.report is not None
    later = [s for s in job["steps"] if s.get("if") == "always()"]
    assert any(str(summary_path(settings.report)) in s.get("run", "") for s in later)
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in later)
