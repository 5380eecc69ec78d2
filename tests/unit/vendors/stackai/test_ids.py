"""Generated run ids: UUID v4 in form, decodable to their position in their tenant only."""

from __future__ import annotations

import uuid
from collections.abc import Hashable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emulator.vendors.stackai import ids

KEYS = st.integers(0, 2**64 - 1)
POSITIONS = st.integers(0, ids.MAX_POSITION - 1)


@given(key=KEYS, position=POSITIONS)
def test_an_id_is_a_uuid4_that_names_its_position(key: int, position: int) -> None:
    text = ids.run_id(key, position)
    value = uuid.UUID(text)
    assert (value.version, value.variant, str(value)) == (4, uuid.RFC_4122, text)
    assert value.int == ids.id_value(key, position)
    assert ids.position_of(key, text) == position


@given(key=KEYS, other=KEYS, position=POSITIONS)
def test_another_tenants_key_decodes_nothing(key: int, other: int, position: int) -> None:
    if other != key:
        assert ids.position_of(other, ids.run_id(key, position)) is None


def test_neighbouring_positions_get_unrelated_ids() -> None:
    first, second = (uuid.UUID(ids.run_id(7, p)).int for p in (1000, 1001))
    assert bin(first ^ second).count("1") > 30


@pytest.mark.parametrize(
    "ident",
    [None, 5, b"x", "", "fa000000-0000-4000-8000-000000000001", "not-a-uuid",
     "00000000-0000-0000-0000-000000000000"],
)  # fmt: skip
def test_what_is_no_generated_id_names_no_position(ident: Hashable) -> None:
    assert ids.position_of(7, ident) is None


def test_only_the_canonical_text_names_the_run() -> None:
    text = ids.run_id(7, 42)
    assert ids.position_of(7, text.upper()) is None
    assert ids.position_of(7, text.replace("-", "")) is None
