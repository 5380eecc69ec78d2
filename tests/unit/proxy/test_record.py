"""`--record DIR`: one `<vendor>.yaml` of served runs with their tenants, the tenants.yaml the
proxy's emulator read (when not the built-in one), other vendors' files left alone."""

from __future__ import annotations

from pathlib import Path

import yaml

from emulator.generate import FixtureLoader
from emulator.proxy.harvest import Recorded
from emulator.proxy.record import write_recording
from emulator.settings import Settings

SERVED = {"runId": "run_1", "totalCu": 3.5, "startedAt": "2026-10-31T09:00:00Z"}
RUN = Recorded("moonbeam-labs", SERVED, ())


def test_runs_are_written_in_the_served_shape_with_their_tenant(tmp_path: Path) -> None:
    (tmp_path / "dograh.yaml").write_text("runs: []\n")
    written = write_recording(tmp_path, "b3os", [RUN], Settings(seed=7), "api.b3os.org")
    assert written == [tmp_path / "b3os.yaml"]
    text = written[0].read_text()
    assert text.startswith("# 1 run(s) recorded by `runs-emulator proxy` from api.b3os.org")
    assert f"--fixtures {tmp_path} --seed 7 --runs 250 --clock epoch" in text
    document = yaml.load(text, Loader=FixtureLoader)  # the loader fixtures are read with
    assert document == {"runs": [{"tenant": "moonbeam-labs", "shape": "served", **RUN.entry}]}
    assert list(document["runs"][0])[:2] == ["tenant", "shape"]
    assert (tmp_path / "dograh.yaml").read_text() == "runs: []\n"


def test_the_tenants_the_emulator_read_are_copied_beside_them(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "tenants.yaml").write_text("b3os: {organizations: []}\n")
    written = write_recording(tmp_path / "rec", "b3os", [], Settings(fixtures=mine), "h")
    assert written == [tmp_path / "rec" / "b3os.yaml", tmp_path / "rec" / "tenants.yaml"]
    assert (tmp_path / "rec" / "tenants.yaml").read_text() == "b3os: {organizations: []}\n"
    assert yaml.safe_load(written[0].read_text()) == {"runs": []}


def test_recording_into_the_fixtures_directory_itself_keeps_its_tenants(tmp_path: Path) -> None:
    (tmp_path / "tenants.yaml").write_text("b3os: {}\n")
    write_recording(tmp_path, "b3os", [RUN], Settings(fixtures=tmp_path), "h")
    assert (tmp_path / "tenants.yaml").read_text() == "b3os: {}\n"
