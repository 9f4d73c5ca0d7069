"""Chinese units (characters) and features.

MSRA annotates characters, and a Chinese name is often cut wrongly by a
word segmenter ("中美" is two places, "习近平主席" a name and a title), so
the CRF labels characters.  jieba's words come in as features (their
``nr``/``ns``/``nt`` tags and boundaries), with the characters around and
the surname, title and suffix lists in ``lang.zh`` / ``lang.names``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from ...lang import require
from ...lang.names import CHINESE_SURNAMES
from ..tokens import Token
from .units import Features, Unit, add_known, char_class, covering

_char_class = lru_cache(maxsize=50_000)(char_class)

NAME_LIST = False
NEEDS_TOKENS = True


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    res = require("zh")
    return frozenset(res.PERSON_TITLES), frozenset(res.ORG_SUFFIXES), frozenset(res.PLACE_SUFFIXES)


def _words(sentence: list[Unit], tokens: Sequence[Token]) -> list[tuple[str, str, str, str, str]]:
    """Per character: its jieba word's tag, position (B/M/E/S), the word, previous and next word tags."""
    out: list[tuple[str, str, str, str, str]] = []
    for u, t in zip(sentence, covering(sentence, tokens), strict=True):
        if t >= 0:
            tok = tokens[t]
            length = tok.end - tok.start
            pos = "S" if length == 1 else "B" if u.start == tok.start else "E" if u.end == tok.end else "M"
            prev = tokens[t - 1].tag if t > 0 else "<s>"
            nxt = tokens[t + 1].tag if t + 1 < len(tokens) else "</s>"
            out.append((tok.tag, pos, tok.text, prev, nxt))
        else:
            out.append(("_", "S", "", "_", "_"))
    return out


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = (), names: object = None,
             known: frozenset[str] | None = None) -> Features:
    """One list of attributes per character.  With ``known`` (the model's attributes: the tagger's fast path,
    see ``crfsuite_models.model_attributes``) the words and character pairs the model never saw are left out (four
    in five are such), and the model sees the same attributes in the same order; without it, all of them
    (training)."""
    titles, org_suffixes, place_suffixes = _cues()
    chars = [text[u.start] for u in sentence]
    classes = [_char_class(c) for c in chars]
    words = _words(sentence, tokens)
    n = len(chars)
    cp = ["<s>", "<s>", *chars, "</s>", "</s>"]  # padded: character i is cp[i + 2]
    kp = ["<", *classes, ">"]
    tp = ["_", *(w[0] for w in words), "_"]
    out: Features = []
    for i, c in enumerate(chars):
        tag, pos, word, prev, nxt = words[i]
        k = i + 2
        a, b, d, e = cp[k - 2], cp[k - 1], cp[k + 1], cp[k + 2]
        f = ["b", "c=" + c, "k=" + classes[i], "t=" + tag, "tp=" + tag + pos, "tprev=" + prev, "tnext=" + nxt,
             "k-1k0k1=" + kp[i] + classes[i] + kp[i + 2]]
        if 1 < len(word) <= 4:
            add_known(f, known, "wd=" + word, "wdp=" + word + pos)
        f += ("c-2=" + a, "c-1=" + b, "c1=" + d, "c2=" + e, "t-1=" + tp[i], "t1=" + tp[i + 2])
        add_known(f, known, "c-1c0=" + b + c, "c0c1=" + c + d, "c-2c-1=" + a + b, "c1c2=" + d + e, "c-1c1=" + b + d)
        if c in CHINESE_SURNAMES:
            f.append("surname")
        if c in place_suffixes:
            f.append("place_suffix")
        if c in org_suffixes or (i > 0 and chars[i - 1] + c in org_suffixes):
            f.append("org_suffix")
        if i + 1 < n and ("".join(chars[i + 1 : i + 3]) in titles or "".join(chars[i + 1 : i + 4]) in titles):
            f.append("before_title")
        if i > 0 and "".join(chars[max(0, i - 2) : i]) in titles:
            f.append("after_title")
        out.append(f)
    return out
