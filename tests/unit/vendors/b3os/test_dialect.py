"""B3OS error bodies: {code, details, message, requestId} with Go's status texts."""

from __future__ import annotations

from emulator.errors import ApiError, Crash, ParamError, ParamIssue
from emulator.vendors.b3os.dialect import DIALECT, failure


def rendered(error: Exception) -> tuple[int, dict[str, object], dict[str, str]]:
    reply = DIALECT.render(error, 1)  # type: ignore[arg-type]
    body = dict(reply.body)
    headers = dict(reply.headers)
    assert headers["X-Request-Id"] == body.pop("requestId")
    return reply.status, body, headers


def test_parameter_failures_become_one_400_in_declaration_order() -> None:
    issues = (
        ParamIssue("greater_than_equal", "query", "limit", "0", "x", (("ge", 1),)),
        ParamIssue("missing", "query", "to", None, "Field required"),
        ParamIssue("go_parse_int", "query", "from", "a", 'strconv.ParseInt: parsing "a": invalid'),
    )
    status, body, _ = rendered(ParamError(issues))
    assert (status, body) == (400, {
        "code": 400000, "message": "Bad Request",
        "details": ["limit: must be greater than or equal to 1", "to: is required",
                    'from: strconv.ParseInt: parsing "a": invalid'],
    })  # fmt: skip


def test_api_errors_keep_their_status_details_and_headers() -> None:
    status, body, headers = rendered(failure(404, ["organization not found"]))
    assert (status, body["code"], body["details"]) == (404, 404000, ["organization not found"])
    error = ApiError(405, "method_not_allowed", "Method Not Allowed", headers=(("Allow", "GET"),))
    status, body, headers = rendered(error)
    assert (status, body["message"], body["details"], headers["Allow"]) == (
        405, "Method Not Allowed", [], "GET")  # fmt: skip


def test_numbered_errors_keep_their_number() -> None:
    _, body, _ = rendered(ApiError(400, "bad_request", "x", number=400078))
    assert body["code"] == 400078


def test_any_error_status_keeps_its_status_and_message() -> None:
    status, body, _ = rendered(ApiError(502, "internal", "Bad Gateway"))
    assert (status, body) == (502, {"code": 502000, "details": [], "message": "Bad Gateway"})
    status, body, _ = rendered(ApiError(599, "internal", ""))
    assert (status, body["code"], body["message"]) == (599, 599000, "")


def test_anything_else_is_a_b3os_500() -> None:
    for error in (Crash("boom"), ApiError(302, "internal", "Found")):
        status, body, _ = rendered(error)
        assert (status, body) == (500, {"code": 500000, "details": [],
                                        "message": "Internal Server Error"})  # fmt: skip


def test_request_ids_are_those_of_the_request_numbers() -> None:
    first, second = DIALECT.render(failure(401), 1), DIALECT.render(failure(401), 2)
    assert first.body["requestId"] != second.body["requestId"]
    assert DIALECT.render(failure(404), 1).body["requestId"] == first.body["requestId"]
