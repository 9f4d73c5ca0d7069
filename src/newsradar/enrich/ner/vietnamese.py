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


#: Syllable forms whose strings are kept by :func:`_syllable` (a bounded memory: Vietnamese has few syllables).
SYLLABLES_KEPT = 50_000
_S_M2, _S_M1, _S1, _S2 = "s-2=<s>", "s-1=<s>", "s1=</s>", "s2=</s>"


@lru_cache(maxsize=SYLLABLES_KEPT)
def _syllable(s: str) -> tuple[str, str, str, str, str, str, str, str, bool, bool]:
    """A syllable's strings that depend on it alone: its lower case and case class, "s=" and "sh=", the forms
    the syllables two before, one before, one after and two after see, all capitals, a surname.

    Why: :func:`features` made them again for every syllable of every sentence (a sixth of Vietnamese
    enrichment went on that function); news repeats its syllables, so they are made once per form.
    """
    low = s.lower()
    c = "T" if s[:1].isupper() else "d" if s[:1].isdigit() else "x"
    return (low, c, "s=" + low, "sh=" + shape(s), "s-2=" + low, "s-1=" + low, "s1=" + low, "s2=" + low,
            len(s) > 1 and s.isupper(), low in _cues()[0])


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = (), names: object = None,
             known: frozenset[str] | None = None) -> Features:
    """One list of attributes per syllable.  With ``known`` (the model's attributes: the tagger's fast path,
    see ``crfsuite_models.model_attributes``) the syllable pairs the model never saw are left out, and the model
    sees the same attributes in the same order; without it, all of them (training)."""
    _, titles, heads, place_cues = _cues()
    info = [_syllable(text[u.start : u.end]) for u in sentence]
    words = _word_info(sentence, tokens)
    n = len(info)
    lp = ["<s>", "<s>", *(x[0] for x in info), "</s>", "</s>"]  # padded: syllable i is lp[i + 2]
    bare = ["", "", *(x[0] for x in info), "", ""]
    cp = ["<", "<", *(x[1] for x in info), ">", ">"]
    tp = ["_", *(w[1] for w in words), "_"]
    # what syllable i sees two before, one before, one after and two after, at index i
    m2 = [_S_M2, _S_M2, *(x[4] for x in info)]
    m1 = [_S_M1, *(x[5] for x in info)]
    p1 = [*(x[6] for x in info[1:]), _S1]
    p2 = [*(x[7] for x in info[2:]), _S2, _S2]
    out: Features = []
    for i, (low, c, s_own, sh, _, _, _, _, up, surname) in enumerate(info):
        word, tag, pos, _ = words[i]
        k = i + 2
        f = ["b", s_own, sh, "c=" + c, "t=" + tag, "tp=" + tag + pos, "wd=" + word,
             "c-1c0c1=" + cp[k - 1] + c + cp[k + 1], "c-2c-1c0=" + cp[k - 2] + cp[k - 1] + c,
             "c0c1c2=" + c + cp[k + 1] + cp[k + 2], m2[i], m1[i], p1[i], p2[i], "t-1=" + tp[i], "t1=" + tp[i + 2]]
        add_known(f, known, "s-1s0=" + lp[k - 1] + "|" + low, "s0s1=" + low + "|" + lp[k + 1])
        if up:
            f.append("up")
        if word:
            g = _gazetteer_kind(word)
            if g:
                f.append("gz=" + g)
        if i == 0:
            f.append("first")
        if i + 1 >= n:
            f.append("last")
        if surname:
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
