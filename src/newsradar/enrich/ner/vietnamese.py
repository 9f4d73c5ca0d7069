"""Vietnamese units (syllables) and features.

Labels go on syllables, not on pyvi's words, so a name's boundary never
depends on where pyvi joined syllables; pyvi's word grouping and POS tag
("Np" proper noun) come in as features, with the syllable's case pattern,
its neighbours and the title/place/organisation cue words in ``lang.vi``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from ...lang import require
from ..folding import fold
from ..gazetteer import gazetteer, is_country
from ..tokens import Token
from .units import Features, Unit, add_known, covering, shape

_shape = lru_cache(maxsize=100_000)(shape)

NAME_LIST = False
NEEDS_TOKENS = True

#: A syllable, a number ("3.000", "30-4"), an abbreviation with its dot ("TP.", "Nh.", "T.Ư"), or a sign.
_SYLLABLE = re.compile(r"[A-ZĐ][bcdfghklmnpqrstvxzđBCDFGHKLMNPQRSTVXZĐ]{0,2}\.(?=\s)|\w+(?:[.,/-]\w+)*|[^\w\s]")


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(m.start(), m.end()) for m in _SYLLABLE.finditer(text)]


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    res = require("vi")
    lower = lambda items: frozenset(x.lower() for x in items)  # noqa: E731
    return (lower(res.SURNAMES), lower(res.PERSON_TITLES), lower(res.ORG_HEADS), lower(res.PLACE_BEFORE))


@lru_cache(maxsize=100_000)
def _gazetteer_kind(word: str) -> str:
    """"country", "place" or "organization" for a pyvi word the country list or the gazetteer knows."""
    surface = word.replace("_", " ")
    if is_country(surface):
        return "country"
    known = gazetteer().get(fold(surface))
    return known[1] if known else ""


def _word_info(sentence: list[Unit], tokens: Sequence[Token]) -> list[tuple[str, str, str, int]]:
    """Per syllable: its pyvi word (lower, "_"-joined), the word's tag, position (B/I/S), word index."""
    info: list[tuple[str, str, str, int]] = []
    for u, t in zip(sentence, covering(sentence, tokens), strict=True):
        if t >= 0:
            tok = tokens[t]
            multi = " " in tok.text
            pos = ("B" if u.start == tok.start else "I") if multi else "S"
            info.append((tok.text.lower().replace(" ", "_"), tok.tag, pos, t))
        else:
            info.append(("", "_", "S", -1))
    return info


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = (), names: object = None,
             known: frozenset[str] | None = None) -> Features:
    """One list of attributes per syllable.  With ``known`` (the model's attributes: the tagger's fast path,
    see ``tagger.model_attributes``) the syllable pairs the model never saw are left out, and the model
    sees the same attributes in the same order; without it, all of them (training)."""
    surnames, titles, heads, place_cues = _cues()
    syl = [text[u.start : u.end] for u in sentence]
    lower = [s.lower() for s in syl]
    caps = ["T" if s[:1].isupper() else "d" if s[:1].isdigit() else "x" for s in syl]
    words = _word_info(sentence, tokens)
    n = len(syl)
    lp = ["<s>", "<s>", *lower, "</s>", "</s>"]  # padded: syllable i is lp[i + 2]
    bare = ["", "", *lower, "", ""]
    cp = ["<", "<", *caps, ">", ">"]
    tp = ["_", *(w[1] for w in words), "_"]
    out: Features = []
    for i, s in enumerate(syl):
        low = lower[i]
        word, tag, pos, _ = words[i]
        k = i + 2
        c = caps[i]
        f = ["b", "s=" + low, "sh=" + _shape(s), "c=" + c, "t=" + tag, "tp=" + tag + pos, "wd=" + word,
             "c-1c0c1=" + cp[k - 1] + c + cp[k + 1], "c-2c-1c0=" + cp[k - 2] + cp[k - 1] + c,
             "c0c1c2=" + c + cp[k + 1] + cp[k + 2], "s-2=" + lp[k - 2], "s-1=" + lp[k - 1], "s1=" + lp[k + 1],
             "s2=" + lp[k + 2], "t-1=" + tp[i], "t1=" + tp[i + 2]]
        add_known(f, known, "s-1s0=" + lp[k - 1] + "|" + low, "s0s1=" + low + "|" + lp[k + 1])
        if len(s) > 1 and s.isupper():
            f.append("up")
        if word:
            g = _gazetteer_kind(word)
            if g:
                f.append("gz=" + g)
        if i == 0:
            f.append("first")
        if i + 1 >= n:
            f.append("last")
        if low in surnames:
            f.append("surname")
        one, two = bare[k - 1], (bare[k - 2] + " " + bare[k - 1]).strip()
        if one in titles or two in titles:
            f.append("after_title")
        if one in heads or two in heads:
            f.append("after_orghead")
        if one in place_cues or two in place_cues:
            f.append("after_placecue")
        out.append(f)
    return out
