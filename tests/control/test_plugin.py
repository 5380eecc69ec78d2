"""The pytest plugin, used the way a user's suite uses it (through `pytester`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from emulator.server import ThreadedEmulator
from emulator.settings import Settings

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- plugin-example -->"
CONTAINER_MARKER = "<!-- container-example -->"
# Small datasets: these inner suites start an emulator each.
FAST = ("--emulator-runs", "20", "-p", "no:cacheprovider")
STRICT = "[pytest]\nfilterwarnings = error\nasyncio_default_fixture_loop_scope = function\n"
# In-process runs meet modules this process imported already, which pytest cannot rewrite.
INLINE = STRICT.replace("= error", "=\n    error\n    ignore::pytest.PytestAssertRewriteWarning")


def example(document: Path, marker: str = MARKER) -> str:
    """The python block that follows the marker."""
    text = document.read_text(encoding="utf-8")
    found = re.search(re.escape(marker) + r"\s*```python\n(.*?)```", text, re.DOTALL)
    assert found is not None, f"{document.name} has no example after {marker}"
    return found.group(1)


def documents() -> list[Path]:
    candidates = [ROOT / "README.md"]
    return [p for p in candidates if p.exists() and MARKER in p.read_text(encoding="utf-8")]


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """A user's suite as strict as ours: every warning is an error."""
    pytester.makeini(INLINE)
    return pytester


def test_the_readme_has_the_example() -> None:
    assert ROOT / "README.md" in documents()


@pytest.mark.parametrize("document", documents(), ids=lambda p: p.name)
def test_the_documented_example_passes_in_a_fresh_process(
    pytester: pytest.Pytester, document: Path
) -> None:
    pytester.makeini(STRICT)
    pytester.makepyfile(test_usage_report=example(document))
    result = pytester.runpytest_subprocess(*FAST)
    result.assert_outcomes(passed=3)


def test_each_test_gets_a_reset_emulator(suite: pytest.Pytester) -> None:
    pytester = suite
    pytester.makepyfile(
        """
        from emulator.client import drop

        def test_a_changes_everything(emulator):
            emulator.client.delete_runs("dograh")
            emulator.client.add_fault(drop())
            emulator.client.freeze("2020-01-01T00:00:00Z")

        def test_b_sees_none_of_it(emulator):
            assert emulator.client.count_runs("dograh") > 0
            assert emulator.client.faults() == []
            assert emulator.client.clock().now.isoformat() == "2026-11-01T00:00:00+00:00"

        def test_c_the_session_object_is_shared(emulator, runs_emulator):
            assert emulator is runs_emulator
            assert emulator.url_for("dograh") == emulator.base_url + "/dograh"
            assert emulator.test_key("dograh").startswith("dgr_")
            assert emulator.test_key("dograh", "globex-lending") != emulator.test_key("dograh")
        """
    )
    pytester.runpytest(*FAST).assert_outcomes(passed=3)


def test_options_choose_the_dataset(suite: pytest.Pytester) -> None:
    pytester = suite
    pytester.makepyfile(
        """
        def test_seed_and_runs(runs_emulator):
            health = runs_emulator.client.health()
            assert (health["seed"], health["runs_per_tenant"]) == (7, 12)
        """
    )
    pytester.runpytest("--emulator-seed", "7", "--emulator-runs", "12").assert_outcomes(passed=1)


def test_options_may_come_from_the_ini_file(pytester: pytest.Pytester) -> None:
    pytester.makeini(INLINE + "emulator_seed = 8\nemulator_runs = 5\n")
    pytester.makepyfile(
        """
        def test_seed(runs_emulator):
            assert runs_emulator.client.health()["seed"] == 8
        """
    )
    pytester.runpytest("--strict-config").assert_outcomes(passed=1)


def test_fixtures_come_from_a_directory(suite: pytest.Pytester) -> None:
    pytester = suite
    pytester.mkdir("scenario").joinpath("dograh.yaml").write_text(
        "runs:\n- {tenant: acme-health, id: 4242, workflow_id: 1207, name: x,"
        " created_at: '2026-10-01T00:00:00Z'}\n",
        encoding="utf-8",
    )
    pytester.makepyfile(
        """
        def test_the_scenario_is_loaded(emulator):
            assert emulator.client.run("dograh", 4242)["name"] == "x"
        """
    )
    pytester.runpytest(*FAST, "--emulator-fixtures", "scenario").assert_outcomes(passed=1)


def test_a_running_emulator_can_be_used_instead(suite: pytest.Pytester) -> None:
    pytester = suite
    settings = Settings(port=0, runs=3, vendors=("dograh",), admin_token="tok")
    with ThreadedEmulator(settings) as outside:
        pytester.makepyfile(
            f"""
            def test_it_is_the_one_given(emulator):
                assert emulator.base_url == "{outside.base_url}"
                assert list(emulator.vendors()) == ["dograh"]
            """
        )
        result = pytester.runpytest(
            "--emulator-url", outside.base_url + "/", "--emulator-token", "tok"
        )
    result.assert_outcomes(passed=1)


def test_a_bad_option_is_a_usage_error(suite: pytest.Pytester) -> None:
    pytester = suite
    pytester.makepyfile("def test_x(runs_emulator):\n    pass\n")
    result = pytester.runpytest("--emulator-seed", "seven")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--emulator-seed: not an integer: 'seven'*"])


def test_a_suite_without_the_fixtures_starts_nothing(suite: pytest.Pytester) -> None:
    pytester = suite
    pytester.makepyfile(
        """
        import threading

        def test_no_emulator_thread():
            assert "runs-emulator" not in [t.name for t in threading.enumerate()]
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


# What the README's Testcontainers example imports, standing in for a Docker engine CI does not
# have: the "container" is the emulator started in-process, configured from the container's
# environment as the image is, and each start is written down so the test can count them.
STAND_IN = {
    "testcontainers/__init__.py": "",
    "testcontainers/core/__init__.py": "",
    "testcontainers/core/wait_strategies.py": """
class HttpWaitStrategy:
    def __init__(self, port, path):
        self.port, self.path = port, path

    def with_startup_timeout(self, seconds):
        return self
""",
    "testcontainers/core/container.py": """
from pathlib import Path
from urllib.parse import urlsplit

from emulator.server import ThreadedEmulator
from emulator.settings import Settings


class DockerContainer:
    def __init__(self, image):
        self.image, self.env, self.server = image, {}, None

    def with_exposed_ports(self, *ports):
        return self

    def with_env(self, name, value):
        self.env[name] = value
        return self

    def waiting_for(self, strategy):
        return self  # ThreadedEmulator.start returns once the emulator serves

    def __enter__(self):
        settings = Settings(port=0, runs=20, seed=int(self.env.get("EMULATOR_SEED", 1)))
        self.server = ThreadedEmulator(settings)
        self.server.start()
        with Path("containers.log").open("a") as log:
            log.write(self.image + "\\n")
        return self

    def __exit__(self, *exc_info):
        self.server.stop()

    def get_container_host_ip(self):
        return urlsplit(self.server.base_url).hostname

    def get_exposed_port(self, port):
        return urlsplit(self.server.base_url).port
""",
}


def test_the_documented_container_fixture_hands_its_url_to_the_plugin(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeini(STRICT)
    for name, text in STAND_IN.items():
        pytester.path.joinpath(name).parent.mkdir(parents=True, exist_ok=True)
        pytester.path.joinpath(name).write_text(text, encoding="utf-8")
    pytester.makeconftest(example(ROOT / "README.md", CONTAINER_MARKER))
    pytester.makepyfile(test_usage_report=example(ROOT / "README.md"))
    pytester.makepyfile(
        test_attached="""
        def test_the_emulator_is_the_containers(runs_emulator):
            assert runs_emulator.client.health()["seed"] == 7  # the container's EMULATOR_SEED
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=4)
    assert pytester.path.joinpath("containers.log").read_text() == "runs-emulator:local\n"


def test_a_url_fixture_returning_none_starts_the_emulator_in_process(
    suite: pytest.Pytester,
) -> None:
    suite.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def runs_emulator_url():
            return None
        """
    )
    suite.makepyfile(
        """
        import threading

        def test_in_process(runs_emulator):
            assert "runs-emulator" in [t.name for t in threading.enumerate()]
        """
    )
    suite.runpytest(*FAST, "--emulator-url", "http://127.0.0.1:9").assert_outcomes(passed=1)


def test_a_url_where_no_emulator_answers_names_it(suite: pytest.Pytester) -> None:
    suite.makepyfile("def test_x(runs_emulator):\n    pass\n")
    result = suite.runpytest("--emulator-url", "http://127.0.0.1:9")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no runs-emulator answers at http://127.0.0.1:9*"])
