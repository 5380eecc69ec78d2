"""Run artifacts as object storage would hand them out: signed URLs, WAV audio, transcripts.

The vendor redirects to a presigned URL valid for 3600 s (docs: runs/download); the emulator signs
its own `/_storage/...` URLs the same way and serves content consistent with the run: a WAV
whose length is the run's duration and a transcript whose turns fit inside it.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import math
import wave
from datetime import datetime

from emulator.engine import words
from emulator.engine.mix import Draw, key_of
from emulator.vendors.dograh.model import DograhRun

URL_LIFETIME_SECONDS = 3600
# A transcript's text depends on its run alone (not the seed): the same run, the same words.
_TRANSCRIPTS = key_of("dograh", "transcript")
# Narrowband telephony audio: 8 kHz, 8-bit mono keeps a five-minute call near 2.4 MB.
SAMPLE_RATE = 8000


def signature(secret: bytes, run_id: int, artifact: str, expires: int) -> str:
    message = f"{run_id}/{artifact}/{expires}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_path(secret: bytes, run: DograhRun, artifact: str, now: datetime, inline: bool) -> str:
    expires = int(now.timestamp()) + URL_LIFETIME_SECONDS
    query = f"expires={expires}&signature={signature(secret, run.id, artifact, expires)}"
    return f"/_storage/{run.id}/{artifact}?{query}" + ("&inline=true" if inline else "")


def is_valid(secret: bytes, run_id: int, artifact: str, expires: int, given: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII strings, and a forged URL may carry any.
    expected = signature(secret, run_id, artifact, expires).encode()
    return hmac.compare_digest(expected, given.encode("utf-8", "surrogateescape"))


def wav(run: DograhRun, track: str) -> bytes:
    """A quiet 440 Hz tone for the bot track and a lower one for the caller, run-long."""
    frames = round((run.duration or 0.0) * SAMPLE_RATE)
    pitch = 220 if track == "user_recording" else 440
    period = [int(128 + 24 * math.sin(2 * math.pi * pitch * n / SAMPLE_RATE)) for n in range(400)]
    cycle = bytes(period) * (SAMPLE_RATE // 400)
    data = cycle * (frames // len(cycle)) + cycle[: frames % len(cycle)]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(1)
        writer.setframerate(SAMPLE_RATE)
        writer.writeframes(data)
    return buffer.getvalue()


def transcript(run: DograhRun) -> str:
    """Alternating assistant/user turns with timestamps inside the call's duration."""
    draw = Draw(_TRANSCRIPTS, run.id)
    duration = run.duration or 0.0
    at, lines, speaker = 0.0, [], "assistant"
    while at < duration:
        stamp = f"{int(at) // 60:02d}:{int(at) % 60:02d}"
        lines.append(f"[{stamp}] {speaker}: {words.sentence(draw)}")
        at += draw.uniform(3.0, 12.0)
        speaker = "user" if speaker == "assistant" else "assistant"
    return "\n".join(lines) + "\n"
