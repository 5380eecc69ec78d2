"""Seeded stand-ins for what must never leave the proxy: credentials and personal data.

A stand-in is a pure function of the seed, the kind of value and the original, so the same
person (or key) maps to the same stand-in in every run, every report and every recording, and
a value copied elsewhere (a token inside a link, a number in a derived field) is replaced by
the same text there too. Stand-ins keep the original's shape: a key keeps its prefix (`dgr_`)
and the class of each character, a phone number its length and first digit, so what passes
our spec's patterns before still does. What is found, and where:
- credentials: the request's own (any header or query parameter the journal masks), and the
  strings of fields named like one (`public_access_token`);
- phone numbers (E.164) and e-mail addresses, anywhere in any string;
- names: strings of fields named like a person's name (`customer_name`, `ran_by_display_name`).
Names in free text cannot be told from other words and are left as they are.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Iterator
from typing import Any

from emulator.control.journal.book import is_secret
from emulator.engine.words import pool

PHONE = re.compile(r"\+[1-9][0-9]{6,14}")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PERSON_NAME = re.compile(
    r"(?:^|_)(?:first|last|full|given|family|middle|display|customer|caller|callee|contact"
    r"|person|patient|client|user|agent)_?name$",
    re.IGNORECASE,
)
# What a vendor puts before the random part of a key (`dgr_`, `b3sk_`, `dq_pat_`).
KEY_PREFIX = re.compile(r"^(?:[A-Za-z][A-Za-z0-9]{1,5}_)+")
# Shorter strings under a secret-looking name are words (`none`, `bearer`), not keys.
SHORTEST_SECRET = 8
HEX = frozenset("0123456789abcdef-")
# What a credential, number or address never holds: where a token of text ends.
TOKEN = re.compile(r"[^\s/?&=#,;:\"'<>()\[\]{}|\\]+")
TRAILING = ".!?"


class StandIns:
    """The stand-ins made so far, and how to replace their originals in any text."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self._made: dict[str, str] = {}
        # Originals of several words (names); every other original is one token of text.
        self._phrases: set[str] = set()

    def credential(self, original: str) -> str:
        """A key of the same shape: its prefix kept, every other character of the same class."""
        found = self._made.get(original)
        if found is None:
            found = self._remember(original, _same_shape(self._stream("key", original), original))
        return found

    def scrubbed(self, value: Any, secrets: Iterable[str] = ()) -> Any:
        """`value` (JSON) with every credential and personal datum in it replaced."""
        for secret in secrets:
            self.credential(secret)
        phrases = set()
        for kind, original in _found(value):
            if original not in self._made:
                self._remember(original, self._made_of(kind, original))
            if original in self._phrases:
                phrases.add(original)
        return self._replaced(value, _longest_first(phrases))

    def text(self, text: str) -> str:
        """`text` with every original seen so far replaced by its stand-in."""
        return self._text(text, _longest_first(self._phrases))

    def _text(self, text: str, phrases: list[str]) -> str:
        """Each token (what lies between spaces, slashes, quotes, `?&=#,;:`...) looked up, then
        each of `phrases` replaced where it occurs."""
        if not self._made:
            return text
        swapped = self._made.get(text) or TOKEN.sub(self._swap, text)
        for phrase in phrases:
            if phrase in swapped:
                swapped = swapped.replace(phrase, self._made[phrase])
        return swapped

    def _swap(self, match: re.Match[str]) -> str:
        token = match.group(0)
        bare = token.rstrip(TRAILING)  # an address at the end of a sentence
        found = self._made.get(token) or self._made.get(bare)
        if found is None:
            return token
        return found if token in self._made else found + token[len(bare) :]

    def known(self, original: str) -> str | None:
        return self._made.get(original)

    def _replaced(self, value: Any, phrases: list[str]) -> Any:
        if isinstance(value, str):
            return self._text(value, phrases)
        if isinstance(value, dict):
            return {key: self._replaced(item, phrases) for key, item in value.items()}
        if isinstance(value, list):
            return [self._replaced(item, phrases) for item in value]
        return value

    def _made_of(self, kind: str, original: str) -> str:
        draws = self._stream(kind, original)
        if kind == "phone":
            return original[:2] + "".join(str(next(draws) % 10) for _ in original[2:])
        if kind == "email":
            first, last = (_pick(draws, pool(p)).lower() for p in ("first_names", "last_names"))
            return f"{first}.{last}{next(draws) % 100:02d}@example.com"
        if kind == "name":
            words = [_pick(draws, pool("first_names")), _pick(draws, pool("last_names"))]
            return " ".join(words[: 1 if len(original.split()) == 1 else 2])
        return _same_shape(draws, original)

    def _remember(self, original: str, stand_in: str) -> str:
        self._made[original] = stand_in
        if TOKEN.fullmatch(original) is None:
            self._phrases.add(original)
        return stand_in

    def _stream(self, kind: str, original: str) -> Iterator[int]:
        """Bytes drawn from SHA-256 of seed, kind and original: as many as asked for."""
        counter = 0
        while True:
            block = f"{self.seed}:{kind}:{original}:{counter}".encode()
            yield from hashlib.sha256(block).digest()
            counter += 1


def _longest_first(phrases: Iterable[str]) -> list[str]:
    """So that a name inside a longer one is not replaced first."""
    return sorted(phrases, key=len, reverse=True)


def _found(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(kind, original) of every credential and personal datum in a JSON value."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _found(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _found(item, key)
    elif isinstance(value, str):
        if is_secret(key) and len(value) >= SHORTEST_SECRET and " " not in value.strip():
            yield "key", value
        elif PERSON_NAME.search(key) and value.strip() and not EMAIL.fullmatch(value):
            yield "name", value
        yield from (("phone", match) for match in PHONE.findall(value))
        yield from (("email", match) for match in EMAIL.findall(value))


def _same_shape(draws: Iterator[int], original: str) -> str:
    prefix = KEY_PREFIX.match(original)
    head = prefix.group(0) if prefix else ""
    body = original[len(head) :]
    is_hex = set(body.lower()) <= HEX
    return head + "".join(_like(draws, char, is_hex) for char in body)


def _like(draws: Iterator[int], char: str, is_hex: bool) -> str:
    if char.isdigit():
        return str(next(draws) % 10)
    if is_hex and char.lower() in "abcdef":
        letter = "abcdef"[next(draws) % 6]
        return letter.upper() if char.isupper() else letter
    if char in string.ascii_lowercase:
        return string.ascii_lowercase[next(draws) % 26]
    if char in string.ascii_uppercase:
        return string.ascii_uppercase[next(draws) % 26]
    return char


def _pick(draws: Iterator[int], words: tuple[str, ...]) -> str:
    return words[(next(draws) << 8 | next(draws)) % len(words)]
