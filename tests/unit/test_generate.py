"""Seeded generation: a pure function of the seed, checked against the spec, fixtures replayed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from emulator.generate import FixtureError, derive_seed
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover

DIGEST = """
import hashlib, json
from emulator.runtime import Runtime
from emulator.settings import Settings
from emulator.vendor import discover
runtime = Runtime.start(Settings(seed={seed}, runs=40), discover())
digest = hashlib.sha256()
for name, state in sorted(runtime.states.items()):
    for slug in sorted(state.store.tenants()):
        for run in state.store.runs(slug):
            record = state.vendor.runs.to_record(run)
            digest.update(json.dumps(record, sort_keys=True, default=str).encode())
print(digest.hexdigest())
"""


def dataset_digest(seed: int, hash_seed: str) -> str:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(
        [sys.executable, "-c", DIGEST.format(seed=seed)],
        capture_output=True, text=True, check=True, env=environment,
    )  # fmt: skip
    return result.stdout.strip()


def test_the_dataset_is_the_same_in_every_process() -> None:
    first = dataset_digest(7, "1")
    assert first == dataset_digest(7, "2")
    assert first != dataset_digest(8, "1")


def test_derived_seeds_differ_per_part() -> None:
    assert derive_seed(1, "dograh", "a") != derive_seed(1, "dograh", "b")
    assert derive_seed(1, "dograh", "a") == derive_seed(1, "dograh", "a")


def test_runs_per_tenant_follow_the_setting(tmp_path: Path) -> None:
    vendors = discover()
    for vendor in vendors:
        write(tmp_path, f"{vendor.name}.yaml", "runs: []\n")
    runtime = Runtime.start(Settings(runs=12, fixtures=tmp_path), vendors)
    for state in runtime.states.values():
        assert state.store.count() == 12 * len(state.tenants)


RUN = "tenant: acme-health, name: x, created_at: '2026-01-01T00:00:00Z'"


def write(directory: Path, name: str, text: str) -> Path:
    (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("runs: [{tenant: nobody, id: 1}]", "needs `tenant`"),
        ("runs: [{tenant: acme-health, id: 5}]", "'workflow_id' is a required property"),
        (f"runs: [{{{RUN}, id: 5, workflow_id: 1}}]", "workflow_id 1 is not one of"),
        (f"runs: [{{{RUN}, id: 10000000, workflow_id: 1207}}]", "duplicate run id 10000000"),
        ("runs: [", "not valid YAML"),
    ],
)
def test_bad_fixtures_are_refused_with_the_place_named(
    tmp_path: Path, text: str, message: str
) -> None:
    write(tmp_path, "dograh.yaml", text)
    with pytest.raises(FixtureError, match=message):
        Runtime.start(Settings(fixtures=tmp_path), discover())


def test_a_users_fixtures_directory_overrides_file_by_file(tmp_path: Path) -> None:
    write(tmp_path, "dograh.yaml", "runs: []\n")
    runtime = Runtime.start(Settings(fixtures=tmp_path, runs=3), discover())
    assert runtime.state("dograh").store.count() == 3 * len(runtime.state("dograh").tenants)


@pytest.mark.parametrize("runs", [0, 1, 2, 3, 5, 9])
def test_tiny_datasets_generate(runs: int) -> None:
    runtime = Runtime.start(Settings(runs=runs), discover())
    for state in runtime.states.values():
        assert state.store.count() >= runs * len(state.tenants)
