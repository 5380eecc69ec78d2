"""The emulator in-process without pytest: a unittest suite around ThreadedEmulator.

Run it as a script (`python examples/threaded_unittest.py`) or with `python -m unittest`. The
emulator starts once for the class, on a free port, in a thread of its own; every test resets
it first, so each starts from the seeded data.
"""

import json
import unittest
import urllib.error
import urllib.request

from emulator.client import EmulatorClient, error
from emulator.server import ThreadedEmulator
from emulator.settings import Settings

ACME = "acme-health"


def usage_runs(base_url: str, api_key: str) -> dict:
    """What a client of Dograh's usage API would fetch: the first page of runs."""
    request = urllib.request.Request(
        f"{base_url}/dograh/api/v1/organizations/usage/runs?limit=10",
        headers={"X-API-Key": api_key},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


class UsageReportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        # port=0: a free port; the base URL says which. Settings take what the CLI flags take.
        cls.server = ThreadedEmulator(Settings(port=0, seed=7, runs=20, vendors=("dograh",)))
        cls.server.start()
        cls.control = EmulatorClient(cls.server.base_url)
        cls.key = cls.control.vendors()["dograh"].tenants[0].test_key

    @classmethod
    def tearDownClass(cls) -> None:
        cls.server.stop()

    def setUp(self) -> None:
        self.control.reset()

    def test_an_injected_call_is_listed(self) -> None:
        self.control.delete_runs("dograh", tenant=ACME)
        self.control.inject_run(
            "dograh",
            ACME,
            {"id": 1, "workflow_id": 1207, "name": "WR-TEL-OUT-00000001",
             "created_at": "2026-10-01T09:00:00Z", "usage_info": {"call_duration_seconds": 61.5}},
        )  # fmt: skip
        body = usage_runs(self.server.base_url, self.key)
        self.assertEqual([run["call_duration_seconds"] for run in body["runs"]], [62])

    def test_a_fault_reaches_the_client(self) -> None:
        self.control.add_fault(error(503), vendor="dograh", times=1)
        with self.assertRaises(urllib.error.HTTPError) as failure:
            usage_runs(self.server.base_url, self.key)
        failure.exception.close()
        self.assertEqual(failure.exception.code, 503)
        self.assertEqual(len(usage_runs(self.server.base_url, self.key)["runs"]), 10)


def main() -> None:
    # The same server as a context manager, for a script that needs it for one block only.
    with ThreadedEmulator(Settings(port=0, runs=5, vendors=("dograh",))) as server:
        health = EmulatorClient(server.base_url).health()
        print(f"emulator at {server.base_url} serves {', '.join(health['vendors'])}")
    unittest.main()


if __name__ == "__main__":
    main()
