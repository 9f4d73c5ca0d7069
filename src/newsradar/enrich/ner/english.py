"""English units (CoNLL-style word tokens) and features.

Features a news-trained CRF is known to need: the word and its neighbours,
shape, affixes, whether the sentence is a capitalised headline or dateline
(CoNLL's "SOCCER - JAPAN GET LUCKY WIN" lines), how common the lower-cased
word is in English (a capitalised common word starts a sentence; a rare one
is a name), and whether it is a country or a known alias in the gazetteer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ..tokens import Token
from .units import Features, Unit, shape, window

NEEDS_TOKENS = False

#: CoNLL tokenisation: "U.S." and "Corp." keep their dot, "'s" and punctuation stand alone, "1.5" and "3-1" are one.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.(?=\s+[A-Z0-9])|\d+(?:[.,:/-]\d+)*|"
    r"\w+(?:[-&]\w+|'(?!s\b)\w+|\.(?=\w))*|'s\b|n't\b|[^\w\s]"
)


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(m.start(), m.end()) for m in _TOKEN.finditer(text)]


@cache
def _frequency_band(word: str) -> str:
    from wordfreq import zipf_frequency

    z = zipf_frequency(word, "en")
    return "0" if z == 0 else "1" if z < 2.5 else "2" if z < 3.5 else "3" if z < 4.5 else "4"


@cache
def _gazetteer_kind(folded: str) -> str:
    from ..entities import gazetteer, is_country

    if is_country(folded):
        return "country"
    known = gazetteer().get(folded)
    return known[1] if known else ""


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = ()) -> Features:
    words = [text[u.start : u.end] for u in sentence]
    lower = [w.lower() for w in words]
    shapes = [shape(w) for w in words]
    letters = [w for w in words if w.isalpha()]
    headline = bool(letters) and sum(w.isupper() for w in letters) / len(letters) > 0.6
    out: Features = []
    n = len(words)
    for i, w in enumerate(words):
        low = lower[i]
        f = ["b", "w=" + low, "sh=" + shapes[i], "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:],
             "p2=" + low[:2], "p3=" + low[:3], "fq=" + _frequency_band(low)]
        if w[:1].isupper():
            f.append("cap")
            f.append("capfq=" + _frequency_band(low))
        if w.isupper():
            f.append("up")
        if headline:
            f.append("headline")
            f.append("hw=" + low)
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        if "-" in w:
            f.append("hyph")
        g = _gazetteer_kind(low)
        if g:
            f.append("gz=" + g)
        if i + 1 < n:
            g2 = _gazetteer_kind(low + " " + lower[i + 1])
            if g2:
                f.append("gz2=" + g2)
        for off in (-2, -1, 1, 2):
            f.append(f"w{off}=" + window(lower, i, off, "<s>" if off < 0 else "</s>"))
            f.append(f"sh{off}=" + window(shapes, i, off, "_"))
        f.append("w-1w0=" + window(lower, i, -1, "<s>") + "|" + low)
        f.append("w0w1=" + low + "|" + window(lower, i, 1, "</s>"))
        f.append("sh-1sh0sh1=" + window(shapes, i, -1, "_") + "|" + shapes[i] + "|" + window(shapes, i, 1, "_"))
        out.append(f)
    return out
