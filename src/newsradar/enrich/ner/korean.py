"""Korean units (characters) and features.

KLUE annotates characters, and a Korean name is often glued to a particle
("서초구에서", "김도현은"), so the CRF labels characters.  Kiwi's morphemes
come in as features (NNP proper noun, the particle that follows), with the
characters around, the space boundaries of the word (eojeol) and the
surname, title and place-suffix lists in ``lang.ko`` / ``lang.names``.

Each character also sees its word (eojeol) as a whole: where it sits in
it, the particle the word ends in and whether the character is the last
one before that particle (a Korean name nearly always ends there), the
end of the word's stem ("…구", "…부", "…은행"), and the stems of the
neighbouring words, so that a title or an organisation word one word on
("김도현 장관은", "삼성 그룹") reaches the name it belongs to.  With them the
model's exact dev F1 went from 0.776 to 0.796 at the old settings (0.800
with the lighter regularisation in ``train.PARAMS``); ORG gained most
(0.676 -> 0.724), the class whose names run to a suffix one word on.
On a second held-out part (every 4th training sentence, trained on the
other three) only ORG gained (0.685 -> 0.708) and the total did not
(0.771 -> 0.769), so the overall gain is smaller than the dev figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from ...lang import require
from ...lang.countries import COMPOUND_CHARS
from ...lang.names import KOREAN_SURNAMES
from ..gazetteer import is_country
from ..tokens import Token
from .clusters import word_clusters
from .names import Names, marks, shipped
from .units import Features, Unit, char_class, covering

_char_class = lru_cache(maxsize=50_000)(char_class)

NEEDS_TOKENS = True
NAME_LIST = True
COMPOUND = frozenset(COMPOUND_CHARS["ko"])


def units(text: str, tokens: Sequence[Token] = ()) -> list[Unit]:
    return [Unit(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]


@cache
def _place_names() -> frozenset[str]:
    return frozenset(require("ko").PLACE_NAMES)


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    res = require("ko")
    return frozenset(res.PERSON_TITLES), frozenset(res.ORG_SUFFIXES), frozenset(res.PLACE_SUFFIXES)


Morph = tuple[str, str, str, str, str, str, str, str, str, str, str]


def _morphemes(sentence: list[Unit], tokens: Sequence[Token]) -> list[Morph]:
    """Per character: its morpheme's tag, position (B/I/E/S), form (for nouns), previous and next tags,
    the particle or ending right after the morpheme and the noun right before it (the cue words:
    "서초구|에서", "장관|김도현"), and the clusters of the morpheme and its neighbours."""
    clusters = word_clusters("ko")
    described: dict[int, tuple[str, str, str, str, str, str, str, str, str]] = {}
    out: list[Morph] = []
    for u, t in zip(sentence, covering(sentence, tokens), strict=True):
        if t >= 0:
            tok = tokens[t]
            d = described.get(t)
            if d is None:
                prev = tokens[t - 1] if t > 0 else None
                nxt = tokens[t + 1] if t + 1 < len(tokens) else None
                here = clusters.get(tok.text.lower(), ("", ""))
                d = (tok.text if tok.tag in ("NNP", "NNG", "SL", "SH") else "",
                     prev.tag if prev else "<s>", nxt.tag if nxt else "</s>",
                     nxt.text if nxt and nxt.tag.startswith(("J", "XS")) else "",
                     prev.text if prev and prev.tag in ("NNG", "NNP", "NNB") else "",
                     here[0], here[1],
                     clusters.get(prev.text.lower(), ("", ""))[0] if prev else "<s>",
                     clusters.get(nxt.text.lower(), ("", ""))[0] if nxt else "</s>")
                described[t] = d
            length = tok.end - tok.start
            pos = "S" if length == 1 else "B" if u.start == tok.start else "E" if u.end == tok.end else "I"
            out.append((tok.tag, pos, *d))
        else:
            out.append(("_", "S", "", "_", "_", "", "", "", "", "", ""))
    return out


@lru_cache(maxsize=100_000)
def _is_place(form: str) -> bool:
    return is_country(form) or form in _place_names()


#: "wpos=<characters before>|<characters after>" within the eojeol, both capped at 3, built once
_WPOS = tuple(tuple(f"wpos={before}|{after}" for after in range(4)) for before in range(4))


#: Eojeol feature lists kept.  The key holds both neighbours, so few repeat: on the bench's Korean
#: articles 8.8% of calls were hits with no bound, 6.4% with 10,000 kept.  At ~1 KB an entry, the
#: 100,000 once kept were ~90 MiB in each enrichment worker, the largest part of its growth at 100k articles.
EOJEOL_FEATURES_KEPT = 10_000


@lru_cache(maxsize=EOJEOL_FEATURES_KEPT)
def _eojeol_features(stem: str, word: str, before: str, after: str, length: int) -> list[str]:
    """Features every character of one eojeol shares: its length, particle, stem ending and first two
    characters, and the stems of the words either side, with whether they are titles or carry an
    organisation or place suffix ("김도현 장관은", "삼성 그룹", "강남 구청").  Cached: a phrase often
    comes back within an article or a day's news.  The caller must not change the list."""
    titles, org_suffixes, place_suffixes = _cues()
    out = ["wlen=" + str(min(length, 8)), "ssuf=" + stem[-1:], "wpre2=" + word[:2]]
    if len(stem) < len(word):
        out.append("josa=" + word[len(stem) :])
    if len(stem) >= 2:
        out.append("ssuf2=" + stem[-2:])
    if len(after) <= 6:
        out.append("nw=" + after)
    if len(before) <= 6:
        out.append("pw=" + before)
    if after in titles:
        out.append("next_title")
    if before in titles:
        out.append("prev_title")
    if after[-1:] in org_suffixes or after[-2:] in org_suffixes:
        out.append("next_org_suffix")
    if after[-1:] in place_suffixes:
        out.append("next_place_suffix")
    return out


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = (), names: Names | None = None) -> Features:
    titles, org_suffixes, place_suffixes = _cues()
    listed = marks(text, sentence, shipped("ko") if names is None else names)
    chars = [text[u.start] for u in sentence]
    classes = [_char_class(c) for c in chars]
    space_before = [u.start == 0 or text[u.start - 1].isspace() for u in sentence]
    space_after = [u.end >= len(text) or text[u.end].isspace() for u in sentence]
    morph = _morphemes(sentence, tokens)
    tags = [m[0] for m in morph]
    out: Features = []
    n = len(chars)
    # the eojeol (space-delimited word) each character sits in, and its stem: the word without its
    # trailing particles/endings (kiwi's J*/E*/X*S tags)
    words: list[str] = []
    stems: list[str] = []
    spans: list[tuple[int, int, int]] = []  # per eojeol: first, last character and last one of its stem
    i = 0
    while i < n:
        j = i
        while j + 1 < n and not space_after[j]:
            j += 1
        words.extend(["".join(chars[i : j + 1])] * (j - i + 1))
        k = j
        while k > i and (tags[k].startswith(("J", "E")) or tags[k] in ("XSN", "VCP", "SF", "SP", "SS", "SO", "SW")):
            k -= 1
        stem = "".join(chars[i : k + 1]) if k < j else ""
        stems.extend([stem if len(stem) <= 8 else ""] * (j - i + 1))
        spans.append((i, j, k))
        i = j + 1
    eojeol: list[tuple[int, int, int, list[str]]] = []  # per character: its eojeol's span and shared features
    bare = ["".join(chars[s0 : k0 + 1]) for s0, _, k0 in spans]  # each eojeol without its particles
    for w, (s0, e0, k0) in enumerate(spans):
        shared = _eojeol_features(bare[w], words[s0], bare[w - 1] if w else "<s>",
                                  bare[w + 1] if w + 1 < len(spans) else "</s>", e0 - s0 + 1)
        josa = "".join(chars[k0 + 1 : e0 + 1])
        eojeol.extend([(s0, e0, k0 if josa else -1, shared)] * (e0 - s0 + 1))
    cp = ["<s>", "<s>", *chars, "</s>", "</s>"]  # padded: character i is cp[i + 2]
    kp = ["<", *classes, ">"]
    tp = ["_", *tags, "_"]
    lp = ["<", *listed, ">"]
    for i, c in enumerate(chars):
        tag, pos, form, prev, nxt, after, before, fine, coarse, left, right = morph[i]
        k = i + 2
        a, b, d, e = cp[k - 2], cp[k - 1], cp[k + 1], cp[k + 2]
        f = ["b", "c=" + c, "k=" + classes[i], "t=" + tag, "tp=" + tag + pos, "tprev=" + prev, "tnext=" + nxt,
             "k-1k0k1=" + kp[i] + classes[i] + kp[i + 2], "c-2=" + a, "c-1=" + b, "c1=" + d, "c2=" + e,
             "t-1=" + tp[i], "t1=" + tp[i + 2], "c-1c0=" + b + c, "c0c1=" + c + d, "c-1c0c1=" + b + c + d,
             "c-2c-1c0=" + a + b + c, "c0c1c2=" + c + d + e, "nl-1nl1=" + lp[i] + "|" + lp[i + 2],
             "cl=" + fine, "cc=" + coarse, "cl-1=" + left, "cl+1=" + right, "clp=" + fine + pos]
        if space_before[i]:
            f.append("sb")
            f.append("wfirst")
            if c in KOREAN_SURNAMES:
                f.append("surname")
        else:
            f.append("wp=" + words[i][:1] + "|" + c)
        if space_after[i]:
            f.append("sa")
        if form:
            f.append("m=" + form)
            if _is_place(form):
                f.append("gz=place")
        if pos in ("B", "S"):
            f.append("tn=" + tag + "|" + nxt)
            if before:
                f.append("mb=" + before)
        if pos in ("E", "S") and after:
            f.append("ma=" + after)
        if listed[i]:
            f.append("nl=" + listed[i])
        if c in COMPOUND and (b == "·" or d == "·"):
            f.append("compound_country")
        word = words[i]
        if len(word) <= 6:
            f.append("wd=" + word)
        stem = stems[i]
        if stem:
            f.append("stem=" + stem)
            f.append("stemlen=" + str(min(len(stem), 5)))
        if space_before[i]:
            for j in (1, 2, 3):  # does the word end with a title/suffix j characters long after the name?
                if len(word) > j and word[-j:] in titles:
                    f.append("title_end")
        if c in place_suffixes:
            f.append("place_suffix")
        if c in org_suffixes or b + c in org_suffixes:
            f.append("org_suffix")
        if i + 1 < n and "".join(chars[i + 1 : i + 3]) in titles:
            f.append("before_title")
        s0, e0, k0, shared = eojeol[i]
        f.append(_WPOS[min(i - s0, 3)][min(e0 - i, 3)])
        f.extend(shared)
        if k0 >= 0:  # the eojeol ends in a particle or ending
            if i < k0:
                f.append("instem")
            elif i == k0:
                f.extend(("instem", "stem_end", "stem_end_josa=" + words[i][k0 - s0 + 1 :]))
            else:
                f.append("injosa")
        f.extend(("c-2c-1=" + a + b, "c1c2=" + d + e))
        out.append(f)
    return out
