"""A run's events as Server-Sent Events (docs: streamRunEvents): one frame per event, its type
on the `event:` line and, on the `data:` line, the same JSON object as an item of `/events`
(no `id:` line, as in the docs' example), frames separated by a blank line.

The emulator writes a stream whole: the events that have happened by now, then the end. A
finished run's stream ends on its terminal event, as the vendor's does; a run still going
ends its stream early, since the virtual clock may stand still (frozen) and nothing more
would come: a client reconnects with `after_sequence` (inferred). No `: heartbeat` comment is
sent, as no stream stays idle for the 15 seconds that earn one.
"""

from __future__ import annotations

from collections.abc import Iterable

from emulator.vendors.dynamiq.dialect import encode
from emulator.vendors.dynamiq.events import Event

CONTENT_TYPE = "text/event-stream"


def frames(events: Iterable[Event]) -> bytes:
    return b"".join(
        b"event: " + event.type.encode() + b"\ndata: " + encode(event.as_json()) + b"\n\n"
        for event in events
    )
