"""Go's encoding/json, as gin's c.JSON writes it: compact, UTF-8, HTML-safe, Go number forms.

- `<`, `>`, `&`, U+2028 and U+2029 are escaped (`\\u003c`...), as json.Marshal's HTML escaping does.
- float64 values use strconv's shortest form: `12500` not `12500.0`, and exponents outside
  [1e-6, 1e21) written Go's way (`1e+21`, `1e-7`).
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any

_QUARTERS = ("", ".25", ".5", ".75")
# Below this, a count of quarters divided by 4 is an exact float64.
_EXACT = 2**53
_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                       "\u2028": "\\u2028", "\u2029": "\\u2029"})  # fmt: skip


def encode(body: Any) -> bytes:
    return "".join(_parts(body)).encode("utf-8")


def _parts(value: Any) -> list[str]:
    if isinstance(value, dict):
        inner = [_string(str(k)) + ":" + "".join(_parts(v)) for k, v in value.items()]
        return ["{", ",".join(inner), "}"]
    if isinstance(value, (list, tuple)):
        return ["[", ",".join("".join(_parts(v)) for v in value), "]"]
    return [_scalar(value)]


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    return _string(str(value))


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).translate(_HTML)


def go_float(value: float) -> str:
    """strconv.AppendFloat(f, 'f' or 'e', -1, 64) as encoding/json chooses between them."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"json: unsupported value: {value}")
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        # repr() is already in exponent form here, with the shortest digits.
        mantissa, exponent = repr(value).split("e")
        return f"{mantissa}e{int(exponent):+03d}".replace("e-0", "e-")
    text = format(Decimal(repr(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def go_quarters(quarters: int) -> str:
    """`go_float(quarters / 4)` without the float: CU sums are whole quarters, and a month's
    usage writes hundreds of them (whole, then the quarter's own digits; below 1e21)."""
    if not 0 <= quarters < _EXACT:
        return go_float(quarters / 4)
    whole, part = divmod(quarters, 4)
    return f"{whole}{_QUARTERS[part]}"
