"""Vietnamese units (syllables) and features.

Labels go on syllables, not on pyvi's words, so a name's boundary never
depends on where pyvi joined syllables; pyvi's word grouping and POS tag
("Np" proper noun) come in as features, with the syllable's case pattern,
its neighbours and the title/place/organisation cue words in ``lang.vi``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from ...lang import require
from ..tokens import Token
from .units import Features, Unit, shape, window

NEEDS_TOKENS = True

_SYLLABLE = re.compile(r"\w+(?:[.,/-]\w+)*|[^\w\s]")


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(m.start(), m.end()) for m in _SYLLABLE.finditer(text)]


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    res = require("vi")
    lower = lambda items: frozenset(x.lower() for x in items)  # noqa: E731
    return (lower(res.SURNAMES), lower(res.PERSON_TITLES), lower(res.ORG_HEADS), lower(res.PLACE_BEFORE))


def _word_info(sentence: list[Unit], tokens: Sequence[Token]) -> list[tuple[str, str, str, int]]:
    """Per syllable: its pyvi word (lower, "_"-joined), the word's tag, position (B/I/S), word index."""
    info: list[tuple[str, str, str, int]] = []
    t = 0
    for u in sentence:
        while t < len(tokens) and tokens[t].end <= u.start:
            t += 1
        if t < len(tokens) and tokens[t].start <= u.start < tokens[t].end:
            tok = tokens[t]
            multi = " " in tok.text
            pos = ("B" if u.start == tok.start else "I") if multi else "S"
            info.append((tok.text.lower().replace(" ", "_"), tok.tag, pos, t))
        else:
            info.append(("", "_", "S", -1))
    return info


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = ()) -> Features:
    surnames, titles, heads, place_cues = _cues()
    syl = [text[u.start : u.end] for u in sentence]
    lower = [s.lower() for s in syl]
    shapes = [shape(s) for s in syl]
    caps = ["T" if s[:1].isupper() else "d" if s[:1].isdigit() else "x" for s in syl]
    words = _word_info(sentence, tokens)
    tags = [w[1] for w in words]
    out: Features = []
    n = len(syl)
    for i, s in enumerate(syl):
        low = lower[i]
        word, tag, pos, _ = words[i]
        f = ["b", "s=" + low, "sh=" + shapes[i], "c=" + caps[i], "t=" + tag, "tp=" + tag + pos,
             "wd=" + word, "c-1c0c1=" + window(caps, i, -1, "<") + caps[i] + window(caps, i, 1, ">"),
             "c-2c-1c0=" + window(caps, i, -2, "<") + window(caps, i, -1, "<") + caps[i],
             "c0c1c2=" + caps[i] + window(caps, i, 1, ">") + window(caps, i, 2, ">")]
        if s.isupper() and len(s) > 1:
            f.append("up")
        if i == 0:
            f.append("first")
        if low in surnames:
            f.append("surname")
        for off in (-2, -1, 1, 2):
            f.append(f"s{off}=" + window(lower, i, off, "<s>" if off < 0 else "</s>"))
        for off in (-1, 1):
            f.append(f"t{off}=" + window(tags, i, off, "_"))
        prev2 = window(lower, i, -2, "") + " " + window(lower, i, -1, "")
        if window(lower, i, -1, "") in titles or prev2.strip() in titles:
            f.append("after_title")
        if window(lower, i, -1, "") in heads or prev2.strip() in heads:
            f.append("after_orghead")
        if window(lower, i, -1, "") in place_cues or prev2.strip() in place_cues:
            f.append("after_placecue")
        f.append("s-1s0=" + window(lower, i, -1, "<s>") + "|" + low)
        f.append("s0s1=" + low + "|" + window(lower, i, 1, "</s>"))
        if i + 1 >= n:
            f.append("last")
        out.append(f)
    return out
