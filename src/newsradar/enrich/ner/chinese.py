"""Chinese units (characters) and features.

MSRA annotates characters, and a Chinese name is often cut wrongly by a
word segmenter ("中美" is two places, "习近平主席" a name and a title), so
the CRF labels characters.  jieba's words come in as features (their
``nr``/``ns``/``nt`` tags and boundaries), with the characters around and
the surname, title and suffix lists in ``lang.zh`` / ``lang.names``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...lang import require
from ...lang.names import CHINESE_SURNAMES
from ..tokens import Token
from .units import Features, Unit, char_class, window

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
    t = 0
    for u in sentence:
        while t < len(tokens) and tokens[t].end <= u.start:
            t += 1
        if t < len(tokens) and tokens[t].start <= u.start < tokens[t].end:
            tok = tokens[t]
            length = tok.end - tok.start
            pos = "S" if length == 1 else "B" if u.start == tok.start else "E" if u.end == tok.end else "M"
            prev = tokens[t - 1].tag if t > 0 else "<s>"
            nxt = tokens[t + 1].tag if t + 1 < len(tokens) else "</s>"
            out.append((tok.tag, pos, tok.text, prev, nxt))
        else:
            out.append(("_", "S", "", "_", "_"))
    return out


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = ()) -> Features:
    titles, org_suffixes, place_suffixes = _cues()
    chars = [text[u.start] for u in sentence]
    classes = [char_class(c) for c in chars]
    words = _words(sentence, tokens)
    tags = [w[0] for w in words]
    out: Features = []
    for i, c in enumerate(chars):
        tag, pos, word, prev, nxt = words[i]
        f = ["b", "c=" + c, "k=" + classes[i], "t=" + tag, "tp=" + tag + pos, "tprev=" + prev, "tnext=" + nxt,
             "k-1k0k1=" + window(classes, i, -1, "<") + classes[i] + window(classes, i, 1, ">")]
        if 1 < len(word) <= 4:
            f.append("wd=" + word)
            f.append("wdp=" + word + pos)
        for off in (-2, -1, 1, 2):
            f.append(f"c{off}=" + window(chars, i, off, "<s>" if off < 0 else "</s>"))
        for off in (-1, 1):
            f.append(f"t{off}=" + window(tags, i, off, "_"))
        f.append("c-1c0=" + window(chars, i, -1, "<s>") + c)
        f.append("c0c1=" + c + window(chars, i, 1, "</s>"))
        f.append("c-2c-1=" + window(chars, i, -2, "<s>") + window(chars, i, -1, "<s>"))
        f.append("c1c2=" + window(chars, i, 1, "</s>") + window(chars, i, 2, "</s>"))
        f.append("c-1c1=" + window(chars, i, -1, "<s>") + window(chars, i, 1, "</s>"))
        if c in CHINESE_SURNAMES:
            f.append("surname")
        if c in place_suffixes:
            f.append("place_suffix")
        if c in org_suffixes or window(chars, i, -1, "") + c in org_suffixes:
            f.append("org_suffix")
        nxt2 = "".join(chars[i + 1 : i + 3])
        if nxt2 in titles or "".join(chars[i + 1 : i + 4]) in titles:
            f.append("before_title")
        prev2 = "".join(chars[max(0, i - 2) : i])
        if prev2 in titles:
            f.append("after_title")
        out.append(f)
    return out
