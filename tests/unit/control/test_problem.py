"""Problem details: field paths and the fields jsonschema only names in its messages."""

from __future__ import annotations

from emulator.control.problem import FieldIssue, Problem, field_path, schema_issues, validator

SCHEMA = validator(
    {
        "type": "object",
        "additionalProperties": False,
        "required": ["a", "b"],
        "properties": {
            "a": {"type": "integer"},
            "b": {"type": "array", "items": {"type": "object", "required": ["c"]}},
        },
    }
)


def test_field_paths_read_like_code() -> None:
    assert field_path(["runs", 2, "usage_info", "x"]) == "runs[2].usage_info.x"
    assert field_path([3, "a"]) == "[3].a"
    assert field_path([]) == "(body)"


def test_missing_and_unexpected_fields_are_named_in_the_field() -> None:
    issues = schema_issues(SCHEMA, {"a": "1", "b": [{}], "x": 1, "y": 2}, ("body",))
    assert issues == [
        FieldIssue("body.x", "is not a known field"),
        FieldIssue("body.y", "is not a known field"),
        FieldIssue("body.a", "'1' is not of type 'integer'"),
        FieldIssue("body.b[0].c", "is required"),
    ]


def test_a_missing_field_whose_name_needs_quoting() -> None:
    check = validator({"type": "object", "required": ["it's"]})
    assert schema_issues(check, {}) == [FieldIssue("it's", "is required")]


def test_a_problem_is_rfc_9457() -> None:
    problem = Problem(409, "taken", (FieldIssue("id", "is taken"),))
    assert problem.to_json() == {
        "type": "about:blank", "title": "Conflict", "status": 409, "detail": "taken",
        "errors": [{"field": "id", "message": "is taken"}],
    }  # fmt: skip
    assert str(problem) == "409 taken"
