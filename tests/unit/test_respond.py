"""The response check: a reply that breaks our spec is a loud 500 and a recorded failure."""

from __future__ import annotations

import json

from emulator.respond import ResponseCheck, to_response
from emulator.vendor import Reply, discover


def test_a_reply_that_breaks_the_spec_is_reported() -> None:
    dograh = next(v for v in discover() if v.name == "dograh")
    operation = next(o for o in dograh.spec.operations if o.operation_id == "get_usage_history")
    check = ResponseCheck(is_enabled=True)
    response = to_response(dograh, check.checked(dograh, operation, Reply({"runs": "nope"})))
    assert response.status == 500
    assert response.content_type == "application/problem+json"
    assert response.body is not None
    problem = json.loads(bytes(response.body))  # type: ignore[arg-type]
    assert "'nope' is not of type 'array'" in " ".join(problem["errors"])
    assert len(check.failures) == 1


def test_a_disabled_check_passes_replies_through() -> None:
    dograh = next(v for v in discover() if v.name == "dograh")
    operation = dograh.spec.operations[0]
    reply = ResponseCheck(is_enabled=False).checked(dograh, operation, Reply({"x": 1}))
    response = to_response(dograh, reply)
    assert (response.status, response.body) == (200, b'{"x":1}')
