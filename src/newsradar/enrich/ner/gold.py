"""Annotated sentences from CoNLL files (``TOKEN<TAB>TAG``, BIO), as text with entity spans.

Each language's file joins its tokens its own way (spaces for English and
Vietnamese, whose syllables are joined by "_"; Korean marks spaces with
"▁"; Chinese has none), so a gold sentence becomes the plain text a reader
would see plus character spans: the same input the tagger gets from an
article, and the same surfaces the evaluation compares.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ...lang.countries import COMPOUND_CHARS
from ..gazetteer import is_country

#: The entity types the project keeps; MISC (nationalities, events, works) is dropped, as in PER/ORG/LOC scores.
TYPES = ("PER", "ORG", "LOC")


def country_label(surface: str, label: str, lang: str) -> str:
    """Countries are places: a PER/ORG/LOC span that names a country is LOC.

    KLUE and CoNLL tag a country acting as a government ("북한은 ... 밝혔다", "U.S. said") as an
    organisation; newsradar, like the test sets it is judged on, counts every country as a place
    (and keeps it as a country for the pairs stage).  One-character compound forms ("한·미") count too.
    The country test comes from :mod:`newsradar.enrich.gazetteer`, not from the recogniser in
    :mod:`newsradar.enrich.entities`, which runs the tagger that reads this module.
    """
    if label != "LOC" and (is_country(surface) or surface in COMPOUND_CHARS.get(lang, {})):
        return "LOC"
    return label


@dataclass(slots=True)
class GoldSentence:
    text: str
    spans: list[tuple[int, int, str]]  # (start, end, type)


def read_conll(path: Path, lang: str) -> Iterator[GoldSentence]:
    tokens: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\n")
            if not line.strip():
                if tokens:
                    yield _sentence(tokens, lang)
                    tokens = []
                continue
            word, _, tag = line.partition("\t")
            tokens.append((word, tag.strip()))
    if tokens:
        yield _sentence(tokens, lang)


def _sentence(tokens: list[tuple[str, str]], lang: str) -> GoldSentence:
    pieces: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    open_span: list[int | str] | None = None  # [start, end, type]
    for i, (word, tag) in enumerate(tokens):
        if lang in ("ko", "zh"):
            surface = " " if word == "▁" else word
            sep = ""
        else:
            surface = word.replace("_", " ") if lang == "vi" else word
            sep = " " if i else ""
        pos += len(sep)
        pieces.append(sep + surface)
        start, end = pos, pos + len(surface)
        pos = end
        kind = tag[2:] if len(tag) > 2 else ""
        if kind not in TYPES or surface == " ":
            if kind in TYPES and open_span is not None:  # a "▁" inside a Korean name: keep the span open
                continue
            if open_span is not None:
                spans.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
                open_span = None
            continue
        if tag.startswith("B-") or open_span is None or open_span[2] != kind:
            if open_span is not None:
                spans.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
            open_span = [start, end, kind]
        else:
            open_span[1] = end
    if open_span is not None:
        spans.append((int(open_span[0]), int(open_span[1]), str(open_span[2])))
    text = "".join(pieces)
    return GoldSentence(text, [(a, b, country_label(text[a:b], kind, lang)) for a, b, kind in spans])


def split(sentences: list[GoldSentence], lang: str, part: str) -> list[GoldSentence]:
    """The project's fixed train/dev split of a file that has no dev part (Korean KLUE, Chinese MSRA).

    Every fifth Korean sentence and every tenth Chinese one is held out for choosing settings;
    the held-out part is never trained on, so its scores stay honest.
    """
    every = {"ko": 5, "zh": 10}.get(lang)
    if every is None:
        return sentences
    keep_dev = part == "dev"
    return [s for i, s in enumerate(sentences) if (i % every == every - 1) == keep_dev]


def labels(units: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    """BIO label per unit from gold character spans."""
    out = ["O"] * len(units)
    for start, end, kind in spans:
        first = True
        for i, (u_start, u_end) in enumerate(units):
            if u_end <= start or u_start >= end:
                continue
            out[i] = ("B-" if first else "I-") + kind
            first = False
    return out
