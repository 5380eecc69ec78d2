"""Resets reuse the pristine dataset while it is unchanged, and stores can be emptied."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

from emulator.runtime import Runtime, dataset_key
from emulator.settings import BUILTIN_FIXTURES, Settings
from emulator.vendor import discover

VENDORS = discover(("dograh",))


def test_a_reset_copies_the_pristine_stores() -> None:
    runtime = Runtime.start(Settings(runs=5), VENDORS)
    pristine = runtime.pristine
    assert pristine is not None
    runtime.state("dograh").store.clear()
    runtime.state("dograh").memory["x"] = 1
    runtime.reset(replace(runtime.settings, admin_token="changed"))
    assert runtime.pristine is pristine
    assert runtime.state("dograh").store.count() == pristine.states["dograh"].store.count() > 0
    assert runtime.state("dograh").memory == {}
    assert runtime.settings.admin_token == "changed"


def test_a_new_seed_builds_anew_and_a_fork_shares_the_pristine() -> None:
    runtime = Runtime.start(Settings(runs=5), VENDORS)
    twin = runtime.fork()
    assert twin.pristine is runtime.pristine
    runtime.reset(Settings(runs=5, seed=2))
    assert runtime.pristine is not twin.pristine


def test_an_edited_fixture_file_changes_the_key(tmp_path: Path) -> None:
    shutil.copy(BUILTIN_FIXTURES / "dograh.yaml", tmp_path / "dograh.yaml")
    settings = Settings(fixtures=tmp_path)
    before = dataset_key(settings)
    stat = (tmp_path / "dograh.yaml").stat()
    os.utime(tmp_path / "dograh.yaml", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert dataset_key(settings) != before


def test_clearing_a_store_by_tenant() -> None:
    runtime = Runtime.start(Settings(runs=5), VENDORS)
    store = runtime.state("dograh").store
    acme = store.count("acme-health")
    total = store.count()
    assert store.clear("acme-health") == acme
    assert store.count("acme-health") == 0 and store.count() == total - acme
    first = store.runs("globex-lending")[0]
    assert store.find(runtime.state("dograh").vendor.runs.identity(first)) is not None
    assert store.clear() == total - acme and store.count() == 0
