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
from .units import Features, Unit, char_class

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


#: What a morpheme gives each of its characters (see :func:`_morphemes`).
Described = tuple[str, str, bool, str, str, str, str, str, str, str, str, str, str, str]
#: what :func:`_morphemes` gives a character no token covers
_UNCOVERED: Described = ("_", "", False, "t=_", "tprev=_", "tnext=_", "tn=_|_", "", "", "cl=", "cc=", "cl-1=", "cl+1=",
                         "")


def _morphemes(sentence: list[Unit], tokens: Sequence[Token]) -> tuple[list[Described], list[str]]:
    """Per character, what its morpheme gives: the morpheme's tag, form (for nouns) and whether the form is
    a place, then the feature strings of the morpheme: tag, previous and next tags, tag with next tag,
    the noun right before it and the particle or ending right after it (the cue words: "장관|김도현",
    "서초구|에서"), and the clusters of the morpheme and its neighbours (fine, coarse, previous, next; then
    the fine one bare, which goes with the position).  Made once per morpheme and shared by its characters.
    And per character its position in the morpheme (B/I/E/S).

    Why the strings are made here: a morpheme has one to three characters, and its strings were made
    again for each of them; and no tuple is made per character (the positions go in a list of their own).
    Which token covers a character is ``units.covering``'s answer, found in the same walk."""
    clusters = word_clusters("ko")
    get = clusters.get
    blank = ("", "")
    described: list[Described] = []
    positions: list[str] = []
    count = len(tokens)
    t = 0
    d: Described = _UNCOVERED
    made = -1  # the token ``d`` describes
    for u in sentence:
        start = u.start
        while t < count and tokens[t].end <= start:  # the token this character's start falls in (units.covering)
            t += 1
        if t >= count or tokens[t].start > start:
            described.append(_UNCOVERED)
            positions.append("S")
            continue
        tok = tokens[t]
        if made != t:
            made = t
            prev = tokens[t - 1] if t > 0 else None
            nxt = tokens[t + 1] if t + 1 < count else None
            tag = tok.tag
            fine, coarse = get(tok.text.lower(), blank)
            form = tok.text if tag in ("NNP", "NNG", "SL", "SH") else ""
            ptag = prev.tag if prev else "<s>"
            ntag = nxt.tag if nxt else "</s>"
            after = nxt.text if nxt and nxt.tag.startswith(("J", "XS")) else ""
            before = prev.text if prev and prev.tag in ("NNG", "NNP", "NNB") else ""
            d = (tag, form, bool(form) and _is_place(form), "t=" + tag, "tprev=" + ptag, "tnext=" + ntag,
                 f"tn={tag}|{ntag}", "mb=" + before if before else "", "ma=" + after if after else "",
                 "cl=" + fine, "cc=" + coarse, "cl-1=" + (get(prev.text.lower(), blank)[0] if prev else "<s>"),
                 "cl+1=" + (get(nxt.text.lower(), blank)[0] if nxt else "</s>"), fine)
        described.append(d)
        if tok.end - tok.start == 1:
            positions.append("S")
        elif start == tok.start:
            positions.append("B")
        elif u.end == tok.end:
            positions.append("E")
        else:
            positions.append("I")
    return described, positions


@lru_cache(maxsize=100_000)
def _is_place(form: str) -> bool:
    return is_country(form) or form in _place_names()


#: "wpos=<characters before>|<characters after>" within the eojeol, both capped at 3, built once
_WPOS = tuple(tuple(f"wpos={before}|{after}" for after in range(4)) for before in range(4))


def _wpos(length: int) -> tuple[str, ...]:
    return tuple(_WPOS[min(i, 3)][min(length - 1 - i, 3)] for i in range(length))


#: the "wpos" features of each character of an eojeol of a given length (longer ones are made when met)
_WPOS_BY_LENGTH = tuple(_wpos(length) for length in range(33))


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



#: hangul syllables: their character class is "H" (``units.char_class``)
_HANGUL_FIRST, _HANGUL_LAST = "\uac00", "\ud7a3"
_SKIPPED_TAGS = frozenset(("XSN", "VCP", "SF", "SP", "SS", "SO", "SW"))


@cache
def _cue_parts() -> tuple[frozenset[str], frozenset[str]]:
    """First characters of the titles and last characters of the two-character organisation suffixes: a
    character that is neither cannot start a title or end such a suffix, so no pair need be made for it."""
    titles, org_suffixes, _ = _cues()
    return frozenset(t[:1] for t in titles), frozenset(s[-1:] for s in org_suffixes)


def features(text: str, sentence: list[Unit], tokens: Sequence[Token] = (), names: Names | None = None) -> Features:
    """One list of attributes per character, the same strings in the same order for training and tagging.

    Built word (eojeol) by word: what a whole word gives its characters (its form, stem, title ending, the
    "wpos" of each place in it) is made once per word, what a morpheme gives once per morpheme
    (:func:`_morphemes`), and the pairs of characters that could start a title or end an organisation
    suffix are only made where the character could (``_cue_parts``).  The features are those of the
    per-character code this replaced (``tests/test_ner_feature_speed.py`` keeps it and compares), in
    about two thirds of its time; the CRF's labels cannot change.
    """
    titles, org_suffixes, place_suffixes = _cues()
    title_starts, org_ends = _cue_parts()
    listed = marks(text, sentence, shipped("ko") if names is None else names)
    chars = [text[u.start] for u in sentence]
    classes = [("H" if _HANGUL_FIRST <= c <= _HANGUL_LAST else _char_class(c)) for c in chars]
    size = len(text)
    space_before = [u.start == 0 or text[u.start - 1].isspace() for u in sentence]
    space_after = [u.end >= size or text[u.end].isspace() for u in sentence]
    morph, positions = _morphemes(sentence, tokens)
    tags = [m[0] for m in morph]
    out: Features = []
    n = len(chars)
    # the eojeols (space-delimited words): first and last character, and the last one of the stem (the
    # word without its trailing particles/endings, kiwi's J*/E*/X*S tags)
    spans: list[tuple[int, int, int]] = []
    i = 0
    while i < n:
        j = i
        while j + 1 < n and not space_after[j]:
            j += 1
        k = j
        while k > i and (tags[k].startswith(("J", "E")) or tags[k] in _SKIPPED_TAGS):
            k -= 1
        spans.append((i, j, k))
        i = j + 1
    bare = ["".join(chars[s0 : k0 + 1]) for s0, _, k0 in spans]  # each eojeol without its particles
    cp = ["<s>", "<s>", *chars, "</s>", "</s>"]  # padded: character i is cp[i + 2]
    kp = ["<", *classes, ">"]
    tp = ["_", *tags, "_"]
    lp = ["<", *listed, ">"]
    last = len(spans) - 1
    for w, (s0, e0, k0) in enumerate(spans):
        length = e0 - s0 + 1
        word = "".join(chars[s0 : e0 + 1])
        shared = _eojeol_features(bare[w], word, bare[w - 1] if w else "<s>", bare[w + 1] if w < last else "</s>",
                                  length)
        whole: list[str] = ["wd=" + word] if length <= 6 else []  # features every character of the word has
        if k0 < e0:
            stem = bare[w]
            if len(stem) <= 8:
                whole.extend(("stem=" + stem, "stemlen=" + str(min(len(stem), 5))))
            ending = ("instem", "stem_end", "stem_end_josa=" + word[k0 - s0 + 1 :])
        else:
            k0 = -1
        titled = [*whole]  # at a character after a space: the word may end with a title
        for j in (1, 2, 3):  # does the word end with a title/suffix j characters long after the name?
            if length > j and word[-j:] in titles:
                titled.append("title_end")
        first = "wp=" + word[0] + "|"
        wpos = _WPOS_BY_LENGTH[length] if length < len(_WPOS_BY_LENGTH) else _wpos(length)
        for i in range(s0, e0 + 1):
            c = chars[i]
            tag, form, place, t, tprev, tnext, tn, mb, ma, cl, cc, cl_1, cl1, fine = morph[i]
            pos = positions[i]
            a, b, d, e = cp[i], cp[i + 1], cp[i + 3], cp[i + 4]
            cls = classes[i]
            f = ["b", "c=" + c, "k=" + cls, t, f"tp={tag}{pos}", tprev, tnext, f"k-1k0k1={kp[i]}{cls}{kp[i + 2]}",
                 "c-2=" + a, "c-1=" + b, "c1=" + d, "c2=" + e, "t-1=" + tp[i], "t1=" + tp[i + 2], f"c-1c0={b}{c}",
                 f"c0c1={c}{d}", f"c-1c0c1={b}{c}{d}", f"c-2c-1c0={a}{b}{c}", f"c0c1c2={c}{d}{e}",
                 f"nl-1nl1={lp[i]}|{lp[i + 2]}", cl, cc, cl_1, cl1, f"clp={fine}{pos}"]
            if space_before[i]:
                f.append("sb")
                f.append("wfirst")
                if c in KOREAN_SURNAMES:
                    f.append("surname")
            else:
                f.append(first + c)
            if space_after[i]:
                f.append("sa")
            if form:
                f.append("m=" + form)
                if place:
                    f.append("gz=place")
            if pos == "B" or pos == "S":
                f.append(tn)
                if mb:
                    f.append(mb)
            if ma and (pos == "E" or pos == "S"):
                f.append(ma)
            if listed[i]:
                f.append("nl=" + listed[i])
            if c in COMPOUND and (b == "·" or d == "·"):
                f.append("compound_country")
            f.extend(titled if space_before[i] else whole)
            if c in place_suffixes:
                f.append("place_suffix")
            if c in org_suffixes or (c in org_ends and b + c in org_suffixes):
                f.append("org_suffix")
            if d in title_starts and "".join(chars[i + 1 : i + 3]) in titles:
                f.append("before_title")
            f.append(wpos[i - s0])
            f.extend(shared)
            if k0 >= 0:  # the eojeol ends in a particle or ending
                if i < k0:
                    f.append("instem")
                elif i == k0:
                    f.extend(ending)
                else:
                    f.append("injosa")
            f.append(f"c-2c-1={a}{b}")
            f.append(f"c1c2={d}{e}")
            out.append(f)
    return out
