"""Vendor-neutral failures. Handlers and the pipeline raise these; a vendor's dialect renders them.

Nothing here knows what an error body looks like: Dograh says `{"detail": ...}`, B3OS uses
6-digit codes, Dynamiq nests an `error` object. Keeping the wording out of the raise sites is
what lets one handler serve one vendor and the dialect own every byte of the failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

# The kinds a dialect has to know how to say. Named after HTTP meanings, not vendor codes.
ErrorKind = Literal[
    "bad_request",
    "unauthorized",
    "forbidden",
    "not_found",
    "method_not_allowed",
    "conflict",
    "unsupported_media_type",
    "payload_too_large",
    "rate_limited",
    "internal",
    "unavailable",
]


class EmulatorError(Exception):
    """Base of every failure a dialect renders."""


@dataclass(frozen=True, slots=True, eq=False)
class ApiError(EmulatorError):
    """A failure the vendor answers deliberately, with a status and a message of its own."""

    status: int
    kind: ErrorKind
    message: str
    details: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    # Some vendors number their errors (B3OS: status * 1000 + n); others ignore this.
    number: int | None = None
    # Raised by an injected fault, not by the vendor: its status and headers reach the client
    # whatever the dialect would make of them, in the vendor's envelope.
    is_injected: bool = False

    def __str__(self) -> str:
        return f"{self.status} {self.kind}: {self.message}"


@dataclass(frozen=True, slots=True)
class ParamIssue:
    """One parameter that failed its schema.

    `kind` uses pydantic v2's error type names (`int_parsing`, `greater_than_equal`...) because
    two of the vendors are FastAPI services and their clients see exactly those names; dialects
    of other frameworks translate the kind into their own wording.
    """

    kind: str
    location: str
    name: str
    raw: str | None
    message: str
    context: tuple[tuple[str, Any], ...] = ()

    def context_dict(self) -> dict[str, Any]:
        return dict(self.context)


@dataclass(frozen=True, slots=True, eq=False)
class ParamError(EmulatorError):
    """Every parameter failure of one request, in the operation's declaration order."""

    issues: tuple[ParamIssue, ...] = field(default_factory=tuple)

    def __str__(self) -> str:
        return "; ".join(f"{i.location}.{i.name}: {i.message}" for i in self.issues)


@dataclass(frozen=True, slots=True, eq=False)
class Crash(EmulatorError):
    """The vendor's own unhandled exception, reproduced on purpose (see the fidelity ledger).

    The dialect renders what the vendor's framework shows for an uncaught exception; the
    reason is kept for the journal and logs only, never sent.
    """

    reason: str

    def __str__(self) -> str:
        return f"vendor crash: {self.reason}"
