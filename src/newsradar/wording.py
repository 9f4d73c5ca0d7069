"""Words around numbers, the same in the CLI, the dashboard and briefings: "1 article", "2 articles"."""

from __future__ import annotations

#: Nouns whose plural is not the noun plus "s".
_PLURALS = {"story": "stories", "country": "countries", "copy": "copies", "entity": "entities"}


def count(n: int, noun: str) -> str:
    """``n`` and the noun in the number it takes: "1 article", "0 articles", "1,204 outlets"."""
    word = noun if n == 1 else _PLURALS.get(noun, noun + "s")
    return f"{n:,} {word}"
