"""What the CRF labels, per language, and the features it sees: one code path for training and tagging.

A *unit* is the piece of text one label goes on: a word for English, a
syllable for Vietnamese (so a name's boundary does not depend on where the
word segmenter joined syllables), a character for Korean and Chinese (as
their gold data is annotated, and so that a name glued to a particle,
"서초구에서", or to the next word, "中美", can still be cut out).
Each language module gives ``units(text, tokens)`` -> offsets and
``features(text, units, tokens)`` -> one list of attribute names per unit;
:mod:`.languages` holds the table of them.  This module holds only what the
language modules share and imports none of them, since they all import it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import NamedTuple

from ..tokens import Token

Features = list[list[str]]


class Unit(NamedTuple):
    """One labelled piece of a sentence: its offsets in the analysed text.

    A named tuple, not a frozen dataclass: the tagger makes one per word,
    syllable or character of every article (twice, as a sentence's units are
    moved to the article's offsets), and a frozen dataclass took three times
    as long to make (its ``__init__`` goes through ``object.__setattr__``).
    """

    start: int
    end: int


def add_known(features: list[str], known: frozenset[str] | None, *candidates: str) -> None:
    """Append the ``candidates`` the model has weights for (every one when ``known`` is None, as in training).

    Why only for some features: a pair of words or syllables is new to the model nineteen times in
    twenty, and crfsuite converts and looks up every string it is given; for the single-word features
    the membership test costs as much as the conversion it would save.
    """
    features.extend(candidates if known is None else [c for c in candidates if c in known])


def shape(word: str) -> str:
    """Word shape with runs collapsed: "McDonald" -> "XxXx", "2024" -> "d", "U.S." -> "X.X."."""
    out: list[str] = []
    for ch in word:
        if ch.isupper():
            c = "X"
        elif ch.islower():
            c = "x"
        elif ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "L"  # caseless letters: hangul, hanzi
        else:
            c = ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def char_class(ch: str) -> str:
    """A character's script or kind: the cue a CJK name boundary often rests on."""
    if ch.isdigit():
        return "D"
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3:
        return "H"  # hangul syllable
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "C"  # hanzi / hanja
    if ch.isascii() and ch.isalpha():
        return "U" if ch.isupper() else "L"
    if ch.isalpha():
        return "A"
    if ch.isspace():
        return "S"
    return "P" + unicodedata.category(ch)[0]


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|[。！？][”’」』）)]*\s*|\n+")
#: Before a full stop that does not end a sentence: an initial or a consonant-only abbreviation ("M.", "TP.", "Nh.",
#: "Mr.", "Dr."), a dotted one ("U.S."), a title or month ("Gen.", "Sept."), a lower-case one ("e.g.", "no.").
_ABBREVIATION = re.compile(
    r"(?:^|[\s(\"“])(?:[A-ZĐ][bcdfghklmnpqrstvxzđBCDFGHKLMNPQRSTVXZĐ]{0,2}|(?:[A-Za-z]\.)+[A-Za-z]|[a-z]{1,2}|"
    r"Gen|Sen|Rep|Gov|Col|Capt|Prof|Sgt|Corp|Inc|Ltd|Co|No|Jan|Feb|Mar|Apr|Aug|Sep|Sept|Oct|Nov|Dec|Ave|Mt|Ft)\.$"
)


def _is_end(text: str, match: re.Match[str]) -> bool:
    """A full stop ends a sentence unless it closes an abbreviation ("TP. HCM", "anh Nh.", "Mr.", "U.S.")
    or the next word goes on in lower case."""
    if text[match.start()] != "." or match.group().startswith("\n"):
        return True
    if _ABBREVIATION.search(text[max(0, match.start() - 8) : match.start() + 1]):
        return False
    following = text[match.end() : match.end() + 1]
    return not following.islower()


def sentences(text: str, limit: int = 400) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text``: the CRF was trained on sentences, so it tags sentences.

    A very long run without an end mark is cut every ``limit`` characters at a space when one is near.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        if not _is_end(text, match):
            continue
        end = match.start() if match.group().startswith("\n") else match.start() + len(match.group().rstrip())
        if end > pos:
            spans.append((pos, end))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for start, end in spans:
        while end - start > limit:
            cut = text.rfind(" ", start + limit // 2, start + limit)
            cut = cut if cut > start else start + limit
            out.append((start, cut))
            start = cut
        if text[start:end].strip():
            out.append((start, end))
    return out


def covering(sentence: Sequence[Unit], tokens: Sequence[Token]) -> list[int]:
    """Per unit, the index of the segmenter token its start falls in, or -1 (both lists run in text order)."""
    out: list[int] = []
    t = 0
    for u in sentence:
        while t < len(tokens) and tokens[t].end <= u.start:
            t += 1
        out.append(t if t < len(tokens) and tokens[t].start <= u.start < tokens[t].end else -1)
    return out
