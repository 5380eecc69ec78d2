"""Seeded generation: a pure function of the seed, checked against the spec, fixtures replayed."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml

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
        ("runs: [{tenant: nobody, id: 1}]", "run 0: tenant: needs one of"),
        ("runs: [{tenant: acme-health, id: 5}]", "run 0: workflow_id: is required; name: is"),
        (f"runs: [{{{RUN}, id: 5, workflow_id: 1}}]", "run 0: workflow_id: workflow_id 1 is not"),
        (f"runs: [[], {{{RUN}, id: 40000, workflow_id: 1207}}]", "run 0: is not a mapping"),
        (f"runs: [{{{RUN}, id: 7, workflow_id: 1207, shape: copied}}]", "run 0: shape: needs"),
        (f"runs: [{{{RUN}, id: 10000000, workflow_id: 1207}}]", "run 0: duplicate run id 10000000"),
        ("runs: {}", "needs `runs:`, a list of runs"),
        ("runs: [", "not valid YAML"),
    ],
)
def test_bad_fixtures_are_refused_with_the_place_named(
    tmp_path: Path, text: str, message: str
) -> None:
    write(tmp_path, "dograh.yaml", text)
    with pytest.raises(FixtureError, match=message) as refusal:
        Runtime.start(Settings(fixtures=tmp_path), discover())
    assert str(refusal.value).startswith(str(tmp_path / "dograh.yaml"))


# One run per vendor as people write YAML by hand: timestamps unquoted.
HAND_WRITTEN = {
    "dograh": "{tenant: acme-health, id: 4242, workflow_id: 1207, name: x, created_at: WHEN}",
    "b3os": "{tenant: moonbeam-labs, id: run_dbj819nutk0h14g00fk1, workflow_id:"
    " wf_r4h15g5e4g7t0lqh82f7, status: running, trigger_source: schedule, started_at: WHEN,"
    " charges: []}",
    "stackai": "{tenant: northwind, flow_id: 2bb71c682097798c8cd3e418,"
    " run_id: fa000000-0000-4000-8000-0000000000ff, date: WHEN}",
    "dynamiq": "{tenant: helios, id: 5bc8fbbc-bde5-4099-8164-d8399f7670ff,"
    " app_id: f0d1ab56-e02f-4a72-a9d6-25c966692158, status: started, created_at: WHEN,"
    " started_at: WHEN, input: {}}",
}
STAMP = {"dograh": "created_at", "b3os": "started_at", "stackai": "date", "dynamiq": "created_at"}


@pytest.mark.parametrize("vendor", sorted(HAND_WRITTEN))
def test_unquoted_timestamps_are_read_as_the_instant_they_say(tmp_path: Path, vendor: str) -> None:
    when = "2026-10-01T09:30:00Z" if vendor == "dynamiq" else "2026-10-01T11:30:00.5+02:00"
    write(tmp_path, f"{vendor}.yaml", f"runs:\n- {HAND_WRITTEN[vendor].replace('WHEN', when)}\n")
    state = Runtime.start(Settings(runs=0, fixtures=tmp_path), discover((vendor,))).state(vendor)
    [(_, run)] = state.store.of_origin("fixture")
    stamp = state.vendor.runs.to_record(run)[STAMP[vendor]]
    assert datetime.fromisoformat(stamp.replace("Z", "+00:00")) == datetime.fromisoformat(when)


@pytest.mark.parametrize("vendor", sorted(HAND_WRITTEN))
def test_a_date_that_is_no_instant_is_named_with_file_entry_and_field(
    tmp_path: Path, vendor: str
) -> None:
    entry = HAND_WRITTEN[vendor].replace("WHEN", "2026-10-01")
    write(tmp_path, f"{vendor}.yaml", f"runs:\n- {HAND_WRITTEN[vendor]}\n- {entry}\n".replace(
        "WHEN", "2026-10-01T09:30:00Z"
    ))  # fmt: skip
    with pytest.raises(FixtureError) as refusal:
        Runtime.start(Settings(runs=0, fixtures=tmp_path), discover((vendor,)))
    expected = f"{tmp_path / f'{vendor}.yaml'}: run 1: {STAMP[vendor]}: '2026-10-01' is not a"
    assert str(refusal.value).startswith(expected), refusal.value


@pytest.mark.parametrize("vendor", sorted(HAND_WRITTEN))
def test_a_fixture_may_give_a_run_as_the_vendor_serves_it(
    tmp_path: Path, vendor: str, caplog: pytest.LogCaptureFixture
) -> None:
    built = Runtime.start(Settings(runs=0), discover((vendor,))).state(vendor)
    slug, run = next(iter(built.store.of_origin("fixture")))
    form = built.vendor.runs.served[0]
    item = dict(form.serve(run, {}))
    if vendor == "stackai":
        item["flow_id"] = built.vendor.runs.to_record(run)["flow_id"]
    write(
        tmp_path,
        f"{vendor}.yaml",
        yaml.safe_dump({"runs": [{"tenant": slug, "shape": "served", **item}]}),
    )
    caplog.set_level(logging.INFO, logger="emulator.fixtures")
    state = Runtime.start(Settings(runs=0, fixtures=tmp_path), discover((vendor,))).state(vendor)
    [(_, loaded)] = list(state.store.of_origin("fixture"))
    assert form.serve(loaded, item) == {k: v for k, v in item.items() if k != "flow_id"}
    said = [r.getMessage() for r in caplog.records]
    assert all("run 0 (served): inferred" in line for line in said)
    assert bool(said) is (vendor != "stackai")  # a StackAI item carries its whole record


def test_a_users_fixtures_directory_overrides_file_by_file(tmp_path: Path) -> None:
    write(tmp_path, "dograh.yaml", "runs: []\n")
    runtime = Runtime.start(Settings(fixtures=tmp_path, runs=3), discover())
    assert runtime.state("dograh").store.count() == 3 * len(runtime.state("dograh").tenants)


@pytest.mark.parametrize("runs", [0, 1, 2, 3, 5, 9])
def test_tiny_datasets_generate(runs: int) -> None:
    runtime = Runtime.start(Settings(runs=runs), discover())
    for state in runtime.states.values():
        assert state.store.count() >= runs * len(state.tenants)
