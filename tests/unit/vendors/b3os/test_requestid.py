"""Request ids: `req_` and 20 base32hex characters from a per-process sequence."""

from __future__ import annotations

import re
import subprocess
import sys

from emulator.vendors.b3os.requestid import next_request_id

PROGRAM = "from emulator.vendors.b3os.requestid import next_request_id as n; print(n(), n(), n())"


def test_ids_have_the_vendor_form_and_never_repeat() -> None:
    ids = [next_request_id() for _ in range(1000)]
    assert all(re.fullmatch(r"req_[0-9a-v]{20}", i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_two_processes_hand_out_the_same_sequence() -> None:
    runs = [
        subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and len(runs[0].stdout.split()) == 3
