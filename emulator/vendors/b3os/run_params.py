"""The optional body of `POST /v1/workflows/{id}/run` as gin's ShouldBindJSON decodes it into
`RunParams` (spec: `payload`, `runId`, `version`, `triggerNodeId`, `simulate`, `dustTest`,
`chatMessageId`, all optional; the body too).

Decoded as emulator/vendors/b3os/body.py decodes the threshold body (Go's encoding/json: one
value read, keys matched case-insensitively, the last match winning, a wrong type a
`json: cannot unmarshal ...`). An empty body is no parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from emulator.vendors.b3os.body import decode, is_number, is_object, json_kind, unmarshal

TARGET = "handler.RunParams"
# Field -> the JSON kinds it takes (null is always taken: the field stays unset).
FIELDS = {"payload": ("object",), "runId": ("string",), "version": ("number",),
          "triggerNodeId": ("string",), "simulate": ("bool",), "dustTest": ("bool",),
          "chatMessageId": ("string",)}  # fmt: skip
GO_TYPES = {"payload": "map[string]interface {}", "runId": "string", "version": "int",
            "triggerNodeId": "string", "simulate": "bool", "dustTest": "bool",
            "chatMessageId": "string"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RunParams:
    run_id: str | None = None


def run_params(body: bytes) -> RunParams:
    if not body.strip(b" \t\r\n"):
        return RunParams()
    document = decode(body.decode("utf-8", errors="replace"))
    if document is None:
        return RunParams()
    if not is_object(document):
        raise unmarshal(json_kind(document), f"Go value of type {TARGET}")
    found = _fields(document)
    version = found.get("version")
    if version is not None and not (is_number(version) and _is_go_int(version.text)):
        raise unmarshal(f"number {version.text}", _field("version"))
    run_id = found.get("runId")
    return RunParams(str(run_id) if run_id else None)  # "" is no id, as Go's zero value


def _is_go_int(text: str) -> bool:
    """encoding/json into an int: digits only (`1.0` and `1e2` are refused), within int64."""
    digits = text.removeprefix("-")
    return digits.isdigit() and -(2**63) <= int(text) < 2**63


def _fields(document: Any) -> dict[str, Any]:
    """The last value of each known field, refused at the first of a wrong kind (Go reports the
    first mismatch once it has read the whole object)."""
    found: dict[str, Any] = {}
    mistyped: tuple[str, str] | None = None
    for key, value in document:
        name = next((f for f in FIELDS if f.casefold() == key.casefold()), None)
        if name is None:
            continue
        if value is not None and json_kind(value) not in FIELDS[name]:
            mistyped = mistyped or (json_kind(value), name)
            continue
        found[name] = value
    if mistyped is not None:
        raise unmarshal(mistyped[0], _field(mistyped[1]))
    return found


def _field(name: str) -> str:
    return f"Go struct field {TARGET.split('.')[-1]}.{name} of type {GO_TYPES[name]}"
