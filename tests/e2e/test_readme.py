"""Every curl command of the README, pasted as a reader would paste it, against a live
emulator: it must exit 0, print something and get a 2xx answer."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from emulator.runtime import Runtime
from tests.contract.server import live_server

README = Path(__file__).resolve().parents[2] / "README.md"
DOCUMENTED = "http://127.0.0.1:8080"


def shell_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.DOTALL)


def commands(block: str) -> list[list[str]]:
    """The block's commands as a POSIX shell reads them: a backslash joins lines, and a quote
    left open goes on to the next line."""
    found, pending = [], ""
    for line in block.splitlines():
        pending += line + "\n"
        if pending.endswith("\\\n"):
            pending = pending[:-2] + " "
            continue
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # an open quote
            continue
        if words:
            found.append(words)
        pending = ""
    return found


def curl_lines() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    return [c for block in shell_blocks(text) for c in commands(block) if c[0] == "curl"]


def test_the_readme_has_curl_commands_for_every_vendor_and_the_control_plane() -> None:
    urls = " ".join(word for command in curl_lines() for word in command)
    for place in ("/dograh/", "/b3os/", "/stackai/", "/dynamiq/", "/_emulator/"):
        assert f"{DOCUMENTED}{place}" in urls, place


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("command", curl_lines(), ids=lambda c: next(w for w in c if "://" in w))
def test_a_readme_curl_command_works_when_pasted(
    runtime: Runtime, tmp_path: Path, command: list[str]
) -> None:
    body = tmp_path / "body"
    with live_server(runtime) as server:
        words = [word.replace(DOCUMENTED, server.base_url) for word in command]
        result = subprocess.run(
            [*words, "--max-time", "20", "-o", str(body), "-w", "%{http_code}"],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2"), (result.stdout, body.read_text())
    assert body.stat().st_size > 0


def test_the_vendors_table_is_one_table_with_every_vendor() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| vendor | base URL | test key (first organisation) | how it is sent |")
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line.split("|")[1].strip())
    assert rows == ["Dograh", "B3OS", "StackAI", "Dynamiq"]
