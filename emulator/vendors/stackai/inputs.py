"""The body of `POST /inference/v0/run/{org_id}/{flow_id}` read as FastAPI reads a required
`dict` body (its spec: an object titled `Inputs`, any keys), each failure an entry of a 422
whose `loc` starts with "body".

FastAPI parses the body as JSON when the content type is JSON or absent, and validates other
bytes as they are (so they are not a dictionary); empty bytes and JSON `null` are a missing
body. Python's json reads NaN and Infinity: a body may hold them, but a 422 that shows one
cannot be written (Starlette refuses NaN), so the vendor answers its unhandled 500.

Beyond the framework, text inputs (`in-N`) and the memory key (`user_id`) must be strings:
the vendor's docs show `"Invalid input"` at `["body", "in-0"]` (docs/fidelity.md).
"""

from __future__ import annotations

import math
import re
from typing import Any

from emulator.errors import Crash, EmulatorError
from emulator.framework.fastapi_body import BodyInvalid, decoded, is_json

# As the spec's patternProperties reads it (Python's re.search, where `$` also matches before
# a final newline), so that the document and the check agree.
TEXT_INPUT = re.compile(r"^in-[0-9]+$")
MEMORY = "user_id"


def parse(raw: bytes, content_type: str | None) -> dict[str, Any]:
    """The flow's inputs, as the caller sent them."""
    document = _document(raw, content_type)
    if document is None:
        raise BodyInvalid(({"type": "missing", "loc": ["body"], "msg": "Field required",
                            "input": None},))  # fmt: skip
    if not isinstance(document, dict):
        entry = {"type": "dict_type", "loc": ["body"], "msg": "Input should be a valid dictionary",
                 "input": document}  # fmt: skip
        raise _refused((entry,))
    refused = [_invalid(name, value) for name, value in document.items() if not _fits(name, value)]
    if refused:
        raise _refused(tuple(refused))
    return document


def _refused(entries: tuple[dict[str, Any], ...]) -> EmulatorError:
    if not all(_is_finite(entry["input"]) for entry in entries):
        return Crash("a non-finite number in a refused request body")
    return BodyInvalid(entries)


def _is_finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_is_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_finite(v) for v in value)
    return True


def _fits(name: str, value: Any) -> bool:
    if name == MEMORY:
        return value is None or isinstance(value, str)
    return isinstance(value, str) or not TEXT_INPUT.search(name)


def _invalid(name: str, value: Any) -> dict[str, Any]:
    return {"type": "value_error", "loc": ["body", name], "msg": "Invalid input", "input": value}


def _document(raw: bytes, content_type: str | None) -> Any:
    if not raw:
        return None
    if content_type and not is_json(content_type):
        return raw.decode("utf-8", "replace")  # validated as the raw bytes, shown as text
    return decoded(raw)
