"""Request bodies are read as FastAPI reads them: held against pydantic 2.14 itself (the
version Dograh pins), with FastAPI's `body` prefix on every location."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from emulator.errors import ApiError, Crash
from emulator.framework.fastapi_body import BodyInvalid
from emulator.vendors.dograh import body
from emulator.vendors.dograh.calls import INITIATE, TRIGGER


class InitiateCallRequest(BaseModel):  # api/routes/telephony.py
    workflow_id: int
    workflow_run_id: int | None = None
    phone_number: str | None = None
    telephony_configuration_id: int | None = None
    from_phone_number_id: int | None = None


class TriggerCallRequest(BaseModel):  # api/routes/public_agent.py
    phone_number: str
    initial_context: dict[str, Any] | None = None
    telephony_configuration_id: int | None = None
    from_phone_number_id: int | None = None


MODELS = ((INITIATE, InitiateCallRequest), (TRIGGER, TriggerCallRequest))
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8),
    st.sampled_from(["12", " 7 ", "1_000", "3.0", "1e3", "x"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip


def oracle(model: type[BaseModel], document: Any) -> list[dict[str, Any]] | dict[str, Any]:
    """What FastAPI answers: the fields, or the 422 entries with `body` in front."""
    try:
        return model.model_validate(document).model_dump()
    except ValidationError as error:
        return [{**e, "loc": ["body", *e["loc"]]} for e in error.errors(include_url=False)]


def ours(model: body.Model, document: Any) -> list[dict[str, Any]] | dict[str, Any]:
    try:
        return body.parse(model, json.dumps(document).encode(), "application/json")
    except BodyInvalid as invalid:
        return list(invalid.entries)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_fields_validate_as_pydantic_validates_them(data: st.DataObject) -> None:
    for model, reference in MODELS:
        names = [field.name for field in model.fields]
        document = data.draw(st.dictionaries(st.sampled_from(names), VALUES))
        assert ours(model, document) == oracle(reference, document)


@pytest.mark.parametrize("document", [[], 5, "text", None, True])
def test_a_body_that_is_no_object_is_one_model_type_entry(document: Any) -> None:
    (entry,) = ours(INITIATE, document)
    assert entry == {
        "type": "model_type", "loc": ["body"], "input": document,
        "msg": "Input should be a valid dictionary or instance of InitiateCallRequest",
        "ctx": {"class_name": "InitiateCallRequest"},
    }  # fmt: skip


def test_no_body_is_a_missing_body() -> None:
    with pytest.raises(BodyInvalid) as raised:
        body.parse(INITIATE, b"", "application/json")
    assert raised.value.entries == (
        {"type": "missing", "loc": ["body"], "msg": "Field required", "input": None},
    )


def test_json_that_does_not_parse_names_the_position() -> None:
    with pytest.raises(BodyInvalid) as raised:
        body.parse(INITIATE, b'{"workflow_id": }', None)
    assert raised.value.entries == ({
        "type": "json_invalid", "loc": ["body", 16], "msg": "JSON decode error", "input": {},
        "ctx": {"error": "Expecting value"},
    },)  # fmt: skip


def test_another_content_type_is_validated_as_text() -> None:
    with pytest.raises(BodyInvalid) as raised:
        body.parse(INITIATE, b'{"workflow_id": 1}', "text/plain")
    assert raised.value.entries[0]["type"] == "model_type"
    assert raised.value.entries[0]["input"] == '{"workflow_id": 1}'
    assert (
        body.parse(INITIATE, b'{"workflow_id": 1}', "application/vnd.api+json")["workflow_id"] == 1
    )


def test_undecodable_bytes_and_non_finite_numbers() -> None:
    with pytest.raises(ApiError) as refused:
        body.parse(INITIATE, b"\xff\xfe\xfa", "application/json")
    assert (refused.value.status, refused.value.message) == (
        400,
        "There was an error parsing the body",
    )
    with pytest.raises(Crash):
        body.parse(INITIATE, b'{"workflow_id": NaN}', "application/json")
