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
from functools import cache, lru_cache

from ..gazetteer import gazetteer
from ..tokens import Token
from .units import Features, Unit, shape

NAME_LIST = False
NEEDS_TOKENS = False

#: CoNLL tokenisation: "U.S." and "Corp." keep their dot, "'s" and punctuation stand alone, "1.5" and "3-1" are one.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|[A-Z][a-z]{0,3}\.(?=\s+[A-Z0-9])|\d+(?:[.,:/-]\d+)*|"
    r"\w+(?:[-&]\w+|'(?!s\b)\w+|\.(?=\w))*|'s\b|n't\b|[^\w\s]"
)


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=200_000)
def _frequency_band(word: str) -> str:
    from wordfreq import zipf_frequency

    z = zipf_frequency(word, "en")
    return "0" if z == 0 else "1" if z < 2.5 else "2" if z < 3.5 else "3" if z < 4.5 else "4"


@cache
def _gazetteer() -> dict[str, str]:
    """Lower-cased country names and gazetteer forms -> kind (one dict lookup per word or word pair)."""
    from ...lang.countries import country_names

    table = {folded: kind for folded, (_key, kind) in gazetteer().items()}
    table.update((name.lower(), "country") for name in country_names())
    return table


@cache
def _surnames() -> frozenset[str]:
    """East Asian surnames as English news romanises them: a capitalised one is a name's first word."""
    from pypinyin import lazy_pinyin

    from ...lang import require
    from ...lang.names import CHINESE_SURNAMES
    from ..folding import fold

    forms = {s.lower() for s in require("en").KOREAN_SURNAMES_LATIN}
    forms |= {fold(s) for s in require("vi").SURNAMES}
    forms |= {"".join(lazy_pinyin(s)) for s in CHINESE_SURNAMES}
    return frozenset(forms)


def _gazetteer_kind(text: str) -> str:
    return _gazetteer().get(text, "")


_shape = lru_cache(maxsize=200_000)(shape)


#: Words whose features are kept, in each enrichment worker: on the bench's English articles 95.2% of
#: calls are hits with 20,000 kept, 96.5% with no bound; an entry is ~650 bytes, and the 59,000 once kept
#: at 100k articles were ~37 MiB per worker.
WORD_FEATURES_KEPT = 20_000


@lru_cache(maxsize=WORD_FEATURES_KEPT)
def _word_features(w: str) -> tuple[str, ...]:
    """What a word says on its own, whatever its neighbours (computed once per distinct word, mostly)."""
    low = w.lower()
    f = ["b", "w=" + low, "sh=" + _shape(w), "s2=" + low[-2:], "s3=" + low[-3:], "s4=" + low[-4:],
         "p2=" + low[:2], "p3=" + low[:3], "fq=" + _frequency_band(low)]
    if w[:1].isupper():
        f.append("cap")
        f.append("capfq=" + _frequency_band(low))
    if w.isupper():
        f.append("up")
    if "-" in w:
        f.append("hyph")
    g = _gazetteer_kind(low)
    if g:
        f.append("gz=" + g)
    if w[:1].isupper() and low in _surnames():
        f.append("asian_surname")
    return tuple(f)


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = (), names: object = None,
             known: frozenset[str] | None = None) -> Features:
    """One list of attributes per word.  With ``known`` (the model's attributes: the tagger's fast path,
    see ``crfsuite_models.model_attributes``) the word pairs the model never saw are left out, and the model
    sees the same attributes in the same order; without it, all of them (training)."""
    words = [text[u.start : u.end] for u in sentence]
    lower = [w.lower() for w in words]
    letters = [w for w in words if w.isalpha()]
    headline = bool(letters) and sum(w.isupper() for w in letters) / len(letters) > 0.6
    n = len(words)
    lp = ["<s>", "<s>", *lower, "</s>", "</s>"]  # padded: position i is lp[i + 2]
    sp = ["_", "_", *map(_shape, words), "_", "_"]
    out: Features = []
    for i, w in enumerate(words):
        low = lower[i]
        k = i + 2
        f = [*_word_features(w)]
        if headline:
            f.append("headline")
            f.append("hw=" + low)
        if i == 0:
            f.append("first")
        if i == n - 1:
            f.append("last")
        if i + 1 < n and w[:1].isupper():
            g2 = _gazetteer_kind(low + " " + lower[i + 1])
            if g2:
                f.append("gz2=" + g2)
        before, after = lp[k - 1], lp[k + 1]
        shape_before, shape_here, shape_after = sp[k - 1], sp[k], sp[k + 1]
        f += ("w-2=" + lp[k - 2], "sh-2=" + sp[k - 2], "w-1=" + before, "sh-1=" + shape_before,
              "w1=" + after, "sh1=" + shape_after, "w2=" + lp[k + 2], "sh2=" + sp[k + 2])
        pair = f"w-1w0={before}|{low}"
        if known is None or pair in known:  # as ``units.add_known`` does, without a call per word
            f.append(pair)
        pair = f"w0w1={low}|{after}"
        if known is None or pair in known:  # as ``units.add_known`` does, without a call per word
            f.append(pair)
        f.append(f"sh-1sh0sh1={shape_before}|{shape_here}|{shape_after}")
        out.append(f)
    return out
