"""The container contract, read from the files: Dockerfile, .dockerignore, the compose example.

No Docker engine is needed; `../shared/tools/container-check` builds and runs the image itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "examples" / "compose" / "docker-compose.yml"
HEALTH = "/_emulator/health"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    arguments: str


def instructions(text: str) -> list[Instruction]:
    """Dockerfile instructions, continuation lines joined and comment lines dropped."""
    found: list[Instruction] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        keyword, _, arguments = (pending + stripped).partition(" ")
        found.append(Instruction(keyword.upper(), arguments.strip()))
        pending = ""
    assert not pending, "the Dockerfile ends inside a continued instruction"
    return found


def stages(parsed: list[Instruction]) -> list[list[Instruction]]:
    """Instructions per build stage; stage 0 holds what comes before the first FROM."""
    split: list[list[Instruction]] = [[]]
    for instruction in parsed:
        if instruction.keyword == "FROM":
            split.append([])
        split[-1].append(instruction)
    return split


def exec_form(instruction: Instruction) -> list[str]:
    """The JSON array of an exec-form instruction; fails on the shell form."""
    value: Any = json.loads(instruction.arguments)
    assert isinstance(value, list) and all(isinstance(a, str) for a in value), instruction
    return [str(a) for a in value]


@pytest.fixture(scope="module")
def parsed() -> list[Instruction]:
    return instructions(DOCKERFILE.read_text())


@pytest.fixture(scope="module")
def final(parsed: list[Instruction]) -> list[Instruction]:
    return stages(parsed)[-1]


def one(stage: list[Instruction], keyword: str) -> Instruction:
    matching = [i for i in stage if i.keyword == keyword]
    assert len(matching) == 1, f"expected one {keyword} in the final stage, found {matching}"
    return matching[0]


def test_the_base_image_is_an_argument_declared_first(parsed: list[Instruction]) -> None:
    assert parsed[0] == Instruction("ARG", "PYTHON_IMAGE=python:3.12-slim")
    froms = [i.arguments.split() for i in parsed if i.keyword == "FROM"]
    assert len(froms) >= 2, "multi-stage: a build stage and a final stage"
    for words in froms:
        assert words[0] == "${PYTHON_IMAGE}", words


def test_the_final_stage_copies_a_built_environment_and_installs_nothing(
    final: list[Instruction],
) -> None:
    runs = " ".join(i.arguments for i in final if i.keyword == "RUN")
    for tool in ("pip", "apt-get", "apt ", "venv", "gcc", "binutils"):
        assert tool not in runs, f"the final stage runs {tool!r}: build tools belong in the build"
    copies = [i.arguments for i in final if i.keyword == "COPY"]
    assert any(c.startswith("--from=") and "/opt/venv" in c for c in copies), copies


def test_python_is_called_as_python3_in_a_virtual_environment(
    parsed: list[Instruction],
) -> None:
    commands = " ".join(
        i.arguments for i in parsed if i.keyword in {"RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK"}
    )
    assert "python3 -m venv /opt/venv" in commands
    assert not re.search(r"\bpython(?!3)\b", commands), "call python3 (both images have it)"


def test_it_runs_as_a_numeric_non_root_user(final: list[Instruction]) -> None:
    user = one(final, "USER").arguments
    name = user.split(":")[0]
    assert name not in {"root", "0"}, user
    assert name.isdigit(), "numeric, so that Kubernetes' runAsNonRoot can check it"


def test_it_exposes_8080_and_listens_on_every_interface(final: list[Instruction]) -> None:
    assert one(final, "EXPOSE").arguments == "8080"
    environment = " ".join(i.arguments for i in final if i.keyword == "ENV")
    assert "EMULATOR_HOST=0.0.0.0" in environment
    assert "EMULATOR_PORT=8080" in environment
    assert "PYTHONUNBUFFERED=1" in environment, "logs reach `docker logs` at once"


def test_the_healthcheck_asks_the_health_endpoint_with_python(final: list[Instruction]) -> None:
    options, _, command = one(final, "HEALTHCHECK").arguments.partition("CMD ")
    assert "--interval=" in options and "--timeout=" in options
    argv = json.loads(command)
    assert argv[0] == "python3", "no curl in slim images"
    assert HEALTH in " ".join(argv)
    assert "EMULATOR_PORT" in argv[-1], "follows the port setting"


def test_the_command_is_exec_form_so_the_emulator_gets_sigterm(final: list[Instruction]) -> None:
    entrypoint = exec_form(one(final, "ENTRYPOINT"))
    command = exec_form(one(final, "CMD"))
    assert entrypoint == ["python3", "-m", "emulator"]
    assert command == ["serve"]


def test_the_image_installs_the_wheel_built_in_the_build_stage(
    parsed: list[Instruction], final: list[Instruction]
) -> None:
    # The specs and fixtures are package data (setup.py): the wheel carries them, so the final
    # stage needs the virtual environment alone, and no checkout.
    build = stages(parsed)[1]
    copied = {word for i in build if i.keyword == "COPY" for word in i.arguments.split()[:-1]}
    assert {"emulator", "fixtures", "openapi", "pyproject.toml", "setup.py", "LICENSE"} <= copied
    runs = " ".join(i.arguments for i in build if i.keyword == "RUN")
    assert "pip wheel" in runs and "runs_emulator-*.whl" in runs
    assert "-e ." not in runs and "--editable" not in runs
    assert [i.arguments for i in final if i.keyword == "COPY"] == [
        "--from=build /opt/venv /opt/venv"
    ]


def test_libraries_vendored_by_wheels_are_not_stripped(parsed: list[Instruction]) -> None:
    """strip breaks the program headers patchelf gave numpy's OpenBLAS (numpy.libs): numpy
    then fails to import in the image."""
    commands = " ".join(i.arguments for i in parsed if i.keyword == "RUN")
    stripping = [part for part in commands.split("&&") if "strip --strip-unneeded" in part]
    assert stripping and all("-not -path '*.libs/*'" in part for part in stripping)


def ignore_pattern(pattern: str) -> re.Pattern[str]:
    """A .dockerignore pattern as a regex over slash-separated paths (Go filepath.Match + **)."""
    out = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out, index = out + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            out, index = out + ".*", index + 2
        elif pattern[index] == "*":
            out, index = out + "[^/]*", index + 1
        elif pattern[index] == "?":
            out, index = out + "[^/]", index + 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            out, index = out + pattern[index : end + 1], end + 1
        else:
            out, index = out + re.escape(pattern[index]), index + 1
    return re.compile(out)


def is_ignored(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Docker's rule: the last pattern that matches the path or one of its parents decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    ignored = False
    for negated, pattern in rules:
        if any(pattern.fullmatch(prefix) for prefix in prefixes):
            ignored = not negated
    return ignored


def dockerignore_rules() -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for line in (ROOT / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            negated = line.startswith("!")
            rules.append((negated, ignore_pattern(line.lstrip("!").strip("/"))))
    return rules


@pytest.mark.parametrize(
    "path",
    [
        "tests/conftest.py",
        ".venv/bin/python",
        ".git/HEAD",
        ".pytest_cache/v/cache/nodeids",
        ".mypy_cache/3.11/emulator/cli.data.json",
        ".ruff_cache/CACHEDIR.TAG",
        ".hypothesis/examples/x",
        "emulator/__pycache__/cli.cpython-311.pyc",
        "emulator/vendors/dograh/__pycache__/auth.cpython-312.pyc",
        "runs_emulator.egg-info/PKG-INFO",
        "bench/run.py",
        "examples/compose/list_runs.py",
        "Dockerfile",
    ],
)
def test_dockerignore_keeps_tests_caches_and_venvs_out(path: str) -> None:
    assert is_ignored(path, dockerignore_rules())


@pytest.mark.parametrize(
    "path",
    [
        "pyproject.toml",
        "setup.py",
        "README.md",
        "LICENSE",
        "emulator/cli.py",
        "emulator/vendors/dograh/auth.py",
        "emulator/py.typed",
        "fixtures/tenants.yaml",
        "openapi/dograh.yaml",
    ],
)
def test_dockerignore_lets_in_what_the_image_runs(path: str) -> None:
    assert not is_ignored(path, dockerignore_rules())


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: Any = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_compose_builds_the_emulator_from_this_repository(compose: dict[str, Any]) -> None:
    emulator = compose["services"]["emulator"]
    assert (COMPOSE.parent / emulator["build"]["context"] / "Dockerfile").resolve() == DOCKERFILE
    assert "8080:8080" in emulator["ports"]
    assert all(k.startswith("EMULATOR_") for k in emulator["environment"])


def test_compose_waits_on_the_emulators_health_endpoint(compose: dict[str, Any]) -> None:
    emulator, client = compose["services"]["emulator"], compose["services"]["client"]
    assert HEALTH in " ".join(emulator["healthcheck"]["test"])
    assert client["depends_on"]["emulator"]["condition"] == "service_healthy"
    assert client["environment"]["EMULATOR_URL"] == "http://emulator:8080"


def test_compose_runs_the_client_script_that_is_here(compose: dict[str, Any]) -> None:
    client = compose["services"]["client"]
    source, target, *_ = client["volumes"][0].split(":")
    assert (COMPOSE.parent / source).is_file()
    assert client["command"] == ["python3", target]
