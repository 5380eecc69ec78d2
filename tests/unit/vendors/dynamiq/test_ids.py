"""Generated UUIDs name their position reversibly, only for their own key, and sort as their
128-bit values (the vectorised halves are the scalar value's)."""

from __future__ import annotations

import uuid

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.engine.mix import MASK
from emulator.vendors.dynamiq.ids import (
    halves,
    position_in,
    scrambled,
    split,
    unscrambled,
    uuid_of,
    value_of,
)

KEY, OTHER = 0x0123456789ABCDEF, 0xFEDCBA9876543210


@given(st.integers(0, MASK))
def test_the_mix_is_a_bijection(value: int) -> None:
    assert unscrambled(scrambled(value)) == value


@given(st.integers(0, 2**40 - 1))
def test_a_uuid_decodes_to_its_position_for_its_key_only(position: int) -> None:
    text = uuid_of(KEY, position)
    parsed = uuid.UUID(text)
    assert (parsed.version, parsed.variant, str(parsed)) == (4, uuid.RFC_4122, text)
    assert position_in(KEY, text) == position
    assert position_in(OTHER, text) is None


def test_what_is_not_ours_names_no_position() -> None:
    text = uuid_of(KEY, 42)
    flipped = text[:-1] + ("0" if text[-1] != "0" else "1")
    for ident in (flipped, text.upper(), text.replace("-", ""), "not-a-uuid", 42, None,
                  "00000000-0000-4000-8000-000000000000", str(uuid.uuid4())):  # fmt: skip
        assert position_in(KEY, ident) is None


def test_consecutive_positions_look_unrelated() -> None:
    texts = [uuid_of(KEY, p) for p in range(1000)]
    assert len(set(texts)) == 1000
    assert sorted(texts) != texts and sorted(texts) != texts[::-1]


def test_the_halves_are_the_values_split() -> None:
    positions = np.array([0, 1, 7, 4096, 2**31 + 5, 2**39], dtype=np.int64)
    high, low = halves(KEY, positions)
    for position, h, lo in zip(positions.tolist(), high.tolist(), low.tolist(), strict=True):
        assert (h, lo) == split(value_of(KEY, position))
        assert value_of(KEY, position) == uuid.UUID(uuid_of(KEY, position)).int
