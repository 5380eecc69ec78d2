"""The command line as people get it wrong: every refusal is one line on stderr naming the flag
or variable, with exit status 2 (1 when the system refused: a port, a file), and never a
traceback. Each case runs `python -m emulator` in a process of its own."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pytest

PORT = "a port number (1-65535, or 0 for any free port)"
HELP = "see runs-emulator serve --help"
VENDORS = "tenants.yaml, b3os.yaml, dograh.yaml, dynamiq.yaml, stackai.yaml"


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    lines: tuple[str, ...]  # the whole of stderr; `{dir}` and `{busy}` are filled in
    status: int = 2
    env: Mapping[str, str] = field(default_factory=dict)


CASES = {
    "port-flag": Case(("serve", "--port", "99999"), (f"--port: '99999' is not {PORT}",)),
    "port-variable": Case(("serve",), (f"EMULATOR_PORT: '70000' is not {PORT}",),
                          env={"EMULATOR_PORT": "70000"}),
    "port-word": Case(("serve", "--port", "eighty"), (f"--port: 'eighty' is not {PORT}",)),
    "runs": Case(("serve", "--runs", "-5"),
                 ("--runs: '-5' is not a number of runs (a whole number, 0 or more)",)),
    "seed": Case(("serve", "--seed", "1e3"),
                 ("--seed: '1e3' is not a seed (a whole number, 0 or more)",)),
    "epoch-word": Case(("serve", "--epoch", "yesterday"),
                       ("--epoch: 'yesterday' is not an ISO 8601 date-time"
                        " (such as 2026-11-01T00:00:00Z)",)),
    "epoch-range": Case(("serve",), ("EMULATOR_EPOCH: '1970-01-01' is outside the years the"
                                     " data can have (2000 to 2099)",),
                        env={"EMULATOR_EPOCH": "1970-01-01"}),
    "strict": Case(("serve",), ("EMULATOR_STRICT: 'maybe' is not a yes or no"
                                " (true/false, yes/no, on/off, 1/0)",),
                   env={"EMULATOR_STRICT": "maybe"}),
    "journal": Case(("serve", "--journal-size", "-1"),
                    ("--journal-size: '-1' is not a journal size"
                     " (a whole number of requests, 0 or more)",)),
    "host": Case(("serve", "--host", ""),
                 ("--host: '' is not an address to listen on (such as 127.0.0.1 or 0.0.0.0)",)),
    "vendor-typo": Case(("serve", "--vendors", "dograh,stackia"),
                        ("--vendors: no vendor 'stackia' (did you mean stackai?)",)),
    "vendor-unknown": Case(("serve",), ("EMULATOR_VENDORS: no vendor 'nope'"
                                        " (one of b3os, dograh, dynamiq, stackai)",),
                           env={"EMULATOR_VENDORS": "nope"}),
    "vendors-none": Case(("serve", "--vendors", ","),
                         ("--vendors: ',' names no vendor"
                          " (comma-separated names, such as dograh,b3os)",)),
    "vendor-ports-past": Case(("serve", "--vendor-ports", "65534"),
                              ("--vendor-ports: 4 vendors from port 65534 need ports up to"
                               " 65537, past 65535",)),
    "vendor-ports-shared": Case(("serve", "--port", "9000", "--vendor-ports", "8998"),
                                ("--vendor-ports: 4 vendors from port 8998 take the shared"
                                 " port 9000 (--port)",)),
    "fixtures-missing": Case(("serve", "--fixtures", "{dir}/missing"),
                             (f"--fixtures: {{dir}}/missing does not exist (give a directory"
                              f" holding any of {VENDORS})",)),
    "fixtures-file": Case(("serve", "--fixtures", "{dir}/a-file"),
                          (f"--fixtures: {{dir}}/a-file is a file, not a directory (give one"
                           f" holding any of {VENDORS})",)),
    "fixtures-empty": Case(("serve",), (f"EMULATOR_FIXTURES: {{dir}}/empty holds none of the"
                                        f" files the emulator reads ({VENDORS})",),
                           env={"EMULATOR_FIXTURES": "{dir}/empty"}),
    "fixtures-unreadable": Case(("serve", "--fixtures", "{dir}/odd"),
                                (f"cannot read {{dir}}/odd/tenants.yaml:"
                                 f" {os.strerror(errno.EISDIR)}",), status=1),
    "flag-typo": Case(("serve", "--prot", "9"),
                      (f"unrecognized arguments: --prot 9 (did you mean --port?); {HELP}",)),
    "no-command": Case((), (f"name a command: serve or proxy; {HELP}",)),
    "address-in-use": Case(("serve", "--port", "{busy}", "--runs", "0"),
                           (f"cannot listen on 127.0.0.1:{{busy}}:"
                            f" {os.strerror(errno.EADDRINUSE)}",), status=1),
    "unknown-variable": Case(("serve", "--runs", "x"),
                             ("warning: EMULATOR_PROT is not a setting of runs-emulator and is"
                              " ignored (did you mean EMULATOR_PORT?)",
                              "--runs: 'x' is not a number of runs (a whole number, 0 or more)"),
                             env={"EMULATOR_PROT": "9"}),
}  # fmt: skip


def environment(extra: Mapping[str, str]) -> dict[str, str]:
    """Ours, without any EMULATOR_* of the outer shell, plus the case's own."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("EMULATOR_")}
    return {**kept, **extra}


def run(case: Case, fill: Mapping[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = tuple(a.format_map(fill) for a in case.argv)
    env = environment({k: v.format_map(fill) for k, v in case.env.items()})
    command = [sys.executable, "-m", "emulator", *argv]
    return subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    (root / "a-file").write_text("not a directory\n")
    (root / "empty").mkdir()
    (root / "empty" / "dograh.yml").write_text("runs: []\n")  # .yml: not a file it reads
    (root / "odd" / "tenants.yaml").mkdir(parents=True)
    return root


@pytest.fixture(scope="module")
def fill(folder: Path) -> Iterator[dict[str, str]]:
    """What fills `{dir}` and `{busy}` (a port something listens on until the module ends)."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        yield {"dir": str(folder), "busy": str(busy.getsockname()[1])}


@pytest.fixture(scope="module")
def outcomes(folder: Path, fill: dict[str, str]) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every case at once (each process spends most of its time starting Python)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = pool.map(lambda case: run(case, fill, folder), CASES.values())
        return dict(zip(CASES, done, strict=True))


@pytest.mark.parametrize("name", CASES)
def test_a_refusal_is_one_line_with_its_exit_status(
    name: str, outcomes: dict[str, subprocess.CompletedProcess[str]], fill: dict[str, str]
) -> None:
    case, outcome = CASES[name], outcomes[name]
    expected = [f"runs-emulator: {line.format_map(fill)}" for line in case.lines]
    assert outcome.stderr.splitlines() == expected, outcome.stderr
    assert outcome.returncode == case.status
    assert "Traceback" not in outcome.stdout


@pytest.mark.parametrize("argv", [("--version",), ("serve", "--version")])
def test_version_prints_the_installed_version(folder: Path, argv: tuple[str, ...]) -> None:
    outcome = run(Case(argv, ()), {}, folder)
    assert (outcome.returncode, outcome.stdout) == (
        0,
        f"runs-emulator {version('runs-emulator')}\n",
    )


def test_ctrl_c_while_the_data_is_built_stops_at_once_without_a_traceback(folder: Path) -> None:
    # A dataset that takes minutes to build: the interrupt must not wait for it.
    command = [sys.executable, "-m", "emulator", "serve", "--port", "0", "--runs", "1000000"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=environment({}), cwd=folder,
    ) as process:  # fmt: skip
        try:
            assert process.stdout is not None and process.stderr is not None
            assert "building the data" in process.stdout.readline()
            process.send_signal(signal.SIGINT)
            process.wait(timeout=10)  # a bound on waiting (the build alone takes minutes)
        finally:
            process.kill()
        # Dead of SIGINT, as a shell expects of Ctrl-C (it reports 130).
        assert process.returncode == -signal.SIGINT
        assert process.stderr.read() == "runs-emulator: interrupted while starting\n"
