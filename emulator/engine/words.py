"""Frozen word pools (names, a small business vocabulary) and the texts made from them.

The pools are package data (words.json): names from the US census frequency lists as Faker
ships them, and a vocabulary of our own. Frozen here, instead of drawn from Faker at run time,
so that a seed names the same texts whatever Faker release a user's environment resolves,
and texts cost a few draws instead of a Faker call.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from emulator.engine.mix import Draw


@cache
def pools() -> dict[str, tuple[str, ...]]:
    text = resources.files("emulator.engine").joinpath("words.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return {name: tuple(words) for name, words in loaded.items()}


def pool(name: str) -> tuple[str, ...]:
    return pools()[name]


def first_name(draw: Draw) -> str:
    return draw.choice(pool("first_names"))


def full_name(draw: Draw) -> str:
    return f"{first_name(draw)} {draw.choice(pool('last_names'))}"


def company(draw: Draw) -> str:
    return f"{draw.choice(pool('last_names'))} {draw.choice(pool('company_suffixes'))}"


def domain(draw: Draw) -> str:
    return f"{draw.choice(pool('last_names')).lower()}.{draw.choice(pool('domain_suffixes'))}"


def user_name(draw: Draw) -> str:
    return f"{first_name(draw).lower()}.{draw.choice(pool('last_names')).lower()}"


def email(draw: Draw) -> str:
    return f"{user_name(draw)}@{domain(draw)}"


_SENTENCES = (
    "{name} {past} the {adjective} {noun}.",
    "The customer asked to {verb} the {noun} before {time}.",
    "{name} wants to {verb} the {adjective} {noun} and {verb} the {noun}.",
    "We {past} the {noun} and will {verb} the {noun} by {time}.",
    "The {adjective} {noun} was {past}; the {noun} stays {adjective}.",
    "Please {verb} the {noun} for the {adjective} {noun}.",
    "{name} {past} the {noun} and asked about the {noun}.",
    "Can you {verb} my {noun} for {time}?",
)


def sentence(draw: Draw) -> str:
    template = draw.choice(_SENTENCES)
    return _filled(template, draw)


def question(draw: Draw) -> str:
    return _filled("Can you {verb} the {adjective} {noun} for {time}?", draw)


def paragraph(draw: Draw, sentences: int) -> str:
    return " ".join(sentence(draw) for _ in range(sentences))


def _filled(template: str, draw: Draw) -> str:
    words = {"name": lambda: first_name(draw), "past": lambda: draw.choice(pool("past")),
             "verb": lambda: draw.choice(pool("verbs")), "noun": lambda: draw.choice(pool("nouns")),
             "adjective": lambda: draw.choice(pool("adjectives")),
             "time": lambda: draw.choice(pool("times"))}  # fmt: skip
    parts = template.split("{")
    text = [parts[0]]
    for part in parts[1:]:
        field, rest = part.split("}", 1)
        text.append(words[field]() + rest)
    return "".join(text)
