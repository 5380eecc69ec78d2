"""Counter-based draws: the scalar and vector forms agree bit for bit, and draws are pinned so
that a change to them (which would change every dataset) cannot pass unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from emulator.engine.mix import (
    Draw,
    below,
    below1,
    cumulative,
    interpolate,
    key_of,
    mix,
    mix1,
    pick,
    pick1,
    unit,
    unit1,
)

KEYS = st.integers(min_value=0, max_value=2**64 - 1)


@given(KEYS, st.lists(st.integers(0, 2**40), min_size=1, max_size=50), st.integers(0, 2**30))
def test_scalar_and_vector_draws_agree(key: int, positions: list[int], salt: int) -> None:
    bits = mix(key, np.asarray(positions, dtype=np.int64), salt)
    assert [int(b) for b in bits] == [mix1(key, p, salt) for p in positions]
    assert unit(bits).tolist() == [unit1(mix1(key, p, salt)) for p in positions]
    assert below(bits, 37).tolist() == [below1(mix1(key, p, salt), 37) for p in positions]
    totals = cumulative((1, 2, 3))
    assert pick(bits, totals).tolist() == [pick1(mix1(key, p, salt), totals) for p in positions]


def test_draws_are_pinned() -> None:
    # The first draws of a fixed key: if these move, every seed names other data.
    assert key_of(20261123, "dograh", "acme-health") == 0x2642FE2941C7EBD
    assert mix1(1, 0, 0) == 497703520335024666


def test_units_are_in_range_and_spread() -> None:
    values = unit(mix(7, np.arange(100_000), 3))
    assert values.min() >= 0.0 and values.max() < 1.0
    assert abs(values.mean() - 0.5) < 0.01
    assert np.bincount(below(mix(7, np.arange(100_000), 4), 10), minlength=10).min() > 9_000


def test_a_draw_gives_a_version_4_uuid_and_bounded_integers() -> None:
    draw = Draw(5, 9)
    value = draw.uuid4()
    assert value[14] == "4" and value[19] in "89ab" and len(value) == 36
    assert all(3 <= draw.between(3, 5) <= 5 for _ in range(200))
    assert Draw(5, 9).uuid4() == value


def test_interpolation_reads_the_table_as_np_interp_would_within_a_rounding() -> None:
    draws = unit(mix(11, np.arange(10_000), 5))
    knots, values = (0.0, 0.3, 0.9, 1.0), (1.0, 40.0, 300.0, 1800.0)
    assert np.allclose(interpolate(draws, knots, values), np.interp(draws, knots, values))
    assert interpolate(np.array([0.0, 0.3, 0.999999]), knots, values)[:2].tolist() == [1.0, 40.0]


# Sources of randomness whose output may change with a release, a platform or the process: the
# engine's counter-based draws are the only randomness a generated run may come from. (The
# control plane's faults draw from a seeded random.Random: not data, and Python guarantees
# its random() sequence for a seed.)
UNSEEDED = {"random", "faker", "secrets", "numpy.random"}


def test_no_data_module_draws_from_anything_but_the_engine() -> None:
    root = Path(__file__).resolve().parents[3] / "emulator"
    data = [*(root / "engine").rglob("*.py"), *(root / "vendors").rglob("*.py")]
    for source in sorted(data):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        named = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for alias in node.names}  # fmt: skip
        named |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        used = {name for name in named if name.split(".")[0] in UNSEEDED or name in UNSEEDED}
        assert not used, f"{source.relative_to(root.parent)} imports {sorted(used)}"
