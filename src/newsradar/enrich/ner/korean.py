"""Korean units (characters) and features.

KLUE annotates characters, and a Korean name is often glued to a particle
("서초구에서", "김도현은"), so the CRF labels characters.  Kiwi's morphemes
come in as features (NNP proper noun, the particle that follows), with the
characters around, the space boundaries of the word (eojeol) and the
surname, title and place-suffix lists in ``lang.ko`` / ``lang.names``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ...lang import require
from ...lang.names import KOREAN_SURNAMES
from ..tokens import Token
from .units import Features, Unit, char_class, window

NEEDS_TOKENS = True


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    res = require("ko")
    return frozenset(res.PERSON_TITLES), frozenset(res.ORG_SUFFIXES), frozenset(res.PLACE_SUFFIXES)


def _morphemes(sentence: list[Unit], tokens: Sequence[Token]) -> list[tuple[str, str, str, str, str]]:
    """Per character: its morpheme's tag, position (B/I/E/S), form (for nouns), previous and next tags."""
    out: list[tuple[str, str, str, str, str]] = []
    t = 0
    for u in sentence:
        while t < len(tokens) and tokens[t].end <= u.start:
            t += 1
        if t < len(tokens) and tokens[t].start <= u.start < tokens[t].end:
            tok = tokens[t]
            length = tok.end - tok.start
            pos = "S" if length == 1 else "B" if u.start == tok.start else "E" if u.end == tok.end else "I"
            form = tok.text if tok.tag in ("NNP", "NNG", "SL", "SH") else ""
            prev = tokens[t - 1].tag if t > 0 else "<s>"
            nxt = tokens[t + 1].tag if t + 1 < len(tokens) else "</s>"
            out.append((tok.tag, pos, form, prev, nxt))
        else:
            out.append(("_", "S", "", "_", "_"))
    return out


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = ()) -> Features:
    titles, org_suffixes, place_suffixes = _cues()
    chars = [text[u.start] for u in sentence]
    classes = [char_class(c) for c in chars]
    space_before = [u.start == 0 or text[u.start - 1].isspace() for u in sentence]
    space_after = [u.end >= len(text) or text[u.end].isspace() for u in sentence]
    morph = _morphemes(sentence, tokens)
    tags = [m[0] for m in morph]
    out: Features = []
    n = len(chars)
    # the eojeol (space-delimited word) each character sits in
    words: list[str] = []
    i = 0
    while i < n:
        j = i
        while j + 1 < n and not space_after[j]:
            j += 1
        word = "".join(chars[i : j + 1])
        words.extend([word] * (j - i + 1))
        i = j + 1
    for i, c in enumerate(chars):
        tag, pos, form, prev, nxt = morph[i]
        f = ["b", "c=" + c, "k=" + classes[i], "t=" + tag, "tp=" + tag + pos, "tprev=" + prev, "tnext=" + nxt,
             "k-1k0k1=" + window(classes, i, -1, "<") + classes[i] + window(classes, i, 1, ">")]
        if space_before[i]:
            f.append("sb")
        if space_after[i]:
            f.append("sa")
        if form:
            f.append("m=" + form)
        if pos in ("B", "S"):
            f.append("tn=" + tag + "|" + nxt)
        for off in (-2, -1, 1, 2):
            f.append(f"c{off}=" + window(chars, i, off, "<s>" if off < 0 else "</s>"))
        for off in (-1, 1):
            f.append(f"t{off}=" + window(tags, i, off, "_"))
        f.append("c-1c0=" + window(chars, i, -1, "<s>") + c)
        f.append("c0c1=" + c + window(chars, i, 1, "</s>"))
        f.append("c-1c0c1=" + window(chars, i, -1, "<s>") + c + window(chars, i, 1, "</s>"))
        if space_before[i] and c in KOREAN_SURNAMES:
            f.append("surname")
        word = words[i]
        if len(word) <= 6:
            f.append("wd=" + word)
        if space_before[i]:
            rest = word
            for k in (1, 2, 3):  # does the word end with a title/suffix k characters long after the name?
                if len(rest) > k and rest[-k:] in titles:
                    f.append("title_end")
        if c in place_suffixes:
            f.append("place_suffix")
        if c in org_suffixes or window(chars, i, -1, "") + c in org_suffixes:
            f.append("org_suffix")
        if i + 1 < n and "".join(chars[i + 1 : i + 3]) in titles:
            f.append("before_title")
        out.append(f)
    return out
