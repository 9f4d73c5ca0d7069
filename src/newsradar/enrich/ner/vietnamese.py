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
from typing import Any

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


#: Syllable forms whose model attributes :class:`ModelItems` keeps (emptied when full: a bounded memory).
FORMS_KEPT = 20_000
_EMPTY: tuple[bytes, ...] = ()
# fields of a form's record (:meth:`ModelItems._form`)
_LOW, _CLASS, _OWN, _SEEN_M2, _SEEN_M1, _SEEN_P1, _SEEN_P2, _LEFT, _RIGHT, _UP, _SURNAME, _RARE, _CUE_END = range(13)


class ModelItems:
    """What the tagger hands crfsuite for a Vietnamese sentence, built for one model: :func:`features` with
    ``known`` as UTF-8 bytes, and only the attributes the model has weights for, in the same order.

    Why: building the attribute strings and handing them to crfsuite were four fifths of Vietnamese entity
    tagging.  Most of a syllable's attributes depend on the syllable alone (its form, its shape, what its
    neighbours see of it), so they are kept once per form, already tested against the model and encoded:
    python-crfsuite copies ``bytes`` as they are but encodes every ``str``, then looks each one up in the
    model, which skips the unknown ones (one in seven here) after that work.  The model sums the weights
    of an item's attributes in the order given, so the order is :func:`features`' own and the labels are
    bit-for-bit the same; tests/test_vietnamese_ner_speed.py holds the two paths to that.
    """

    def __init__(self, known: frozenset[str]) -> None:
        self._known = known
        surnames, titles, heads, place_cues = _cues()
        self._surnames, self._titles, self._heads, self._place_cues = surnames, titles, heads, place_cues
        #: the last syllable of every cue word: only after one of them can an ``after_*`` attribute fire
        self._cue_ends = frozenset(c.rsplit(" ", 1)[-1] for c in titles | heads | place_cues)
        # syllable pairs the model knows, by the syllable the feature sits on: right -> left -> attribute
        # (indexed at every "|" of the pair: a lookup still hits only the exact string, as a "|" may be a syllable)
        self._left: dict[str, dict[str, bytes]] = {}
        self._right: dict[str, dict[str, bytes]] = {}
        for name in known:
            for prefix, index, mine in (("s-1s0=", self._left, 1), ("s0s1=", self._right, 0)):
                if name.startswith(prefix):
                    body = name[len(prefix):]
                    for cut in (i for i, ch in enumerate(body) if ch == "|"):
                        pair = (body[:cut], body[cut + 1:])
                        index.setdefault(pair[mine], {})[pair[1 - mine]] = name.encode()
        self._forms: dict[str, tuple[Any, ...]] = {}
        self._tags: dict[str, tuple[tuple[bytes, ...], ...]] = {}
        self._windows: dict[str, tuple[bytes, ...]] = {}
        self._kinds: dict[str, tuple[bytes, ...]] = {}
        #: one object for what the forms the model does not know share: (b, sh, c) of a shape, and its bytes
        self._shared: dict[Any, Any] = {}
        # what the syllables next to either end of a sentence see
        self._pad_m2, self._pad_m1 = self._one(_S_M2), self._one(_S_M1)
        self._pad_p1, self._pad_p2 = self._one(_S1), self._one(_S2)
        self._first, self._last = self._one("first"), self._one("last")
        self._up, self._surname = self._one("up"), self._one("surname")
        self._cue_names = (self._one("after_title"), self._one("after_orghead"), self._one("after_placecue"))
        self._pad_tag = self._tag("_")  # no word: before the first and after the last syllable, or between words
        self._no_word = self._pad_tag[0] + self._kept("wd=")

    def _one(self, name: str) -> tuple[bytes, ...]:
        """``name`` as a one-item tuple of bytes if the model knows it, else empty."""
        return (name.encode(),) if name in self._known else _EMPTY

    def _kept(self, *names: str) -> tuple[bytes, ...]:
        return tuple(n.encode() for n in names if n in self._known)

    def _form(self, s: str) -> tuple[Any, ...]:
        """Per syllable form: its lower case, class, own attributes (b, s, sh, c), what the syllables two before,
        one before, one after and two after see of it, its known pairs, up, surname, whether it ends a cue."""
        if len(self._forms) >= FORMS_KEPT:
            self._forms.clear()
            self._shared.clear()
        low = s.lower()
        if low == s:
            low = s  # one string kept, not two equal ones
        c = "T" if s[:1].isupper() else "d" if s[:1].isdigit() else "x"
        up = self._up if len(s) > 1 and s.isupper() else _EMPTY
        surname = self._surname if low in self._surnames else _EMPTY
        own = self._kept("b", "s=" + low, "sh=" + shape(s), "c=" + c)
        shared = self._shared
        if all(not a.startswith(b"s=") for a in own):  # the model does not know the form: (b, sh, c) of its shape
            own = shared.setdefault(own, tuple(shared.setdefault(a, a) for a in own))
        record = (low, c, own,
                  self._one("s-2=" + low), self._one("s-1=" + low), self._one("s1=" + low), self._one("s2=" + low),
                  self._left.get(low), self._right.get(low), up, surname, bool(up or surname),
                  low in self._cue_ends)
        self._forms[s] = record
        return record

    def _tag(self, tag: str) -> tuple[tuple[bytes, ...], ...]:
        """A segmenter tag's attributes: t= and tp= for a one-syllable word, a word's first and its other
        syllables, then t-1= and t1= (what the syllables after and before it see)."""
        found = self._tags.get(tag)
        if found is None:
            t = "t=" + tag
            found = self._tags[tag] = (self._kept(t, "tp=" + tag + "S"), self._kept(t, "tp=" + tag + "B"),
                                       self._kept(t, "tp=" + tag + "I"), self._one("t-1=" + tag),
                                       self._one("t1=" + tag))
        return found

    def _window(self, window: str) -> tuple[bytes, ...]:
        """The case classes of five syllables (two before to two after) as the three class trigrams."""
        found = self._windows[window] = self._kept("c-1c0c1=" + window[1:4], "c-2c-1c0=" + window[0:3],
                                                   "c0c1c2=" + window[2:5])
        return found

    def _tail(self, f: list[bytes], r: tuple[Any, ...], g: tuple[bytes, ...], i: int, last: int, cue: bool,
              lows: list[str]) -> None:
        """The attributes few syllables have, in :func:`features`' order: up, gz, first, last, surname, after_*."""
        f += r[_UP]
        f += g
        if i == 0:
            f += self._first
        if i == last:
            f += self._last
        f += r[_SURNAME]
        if cue:
            one = lows[i]
            two = lows[i - 1] + " " + one if i > 1 else one
            for cues, name in zip((self._titles, self._heads, self._place_cues), self._cue_names, strict=True):
                if one in cues or two in cues:
                    f += name

    def syllables(self, text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[tuple[Any, ...]]]:
        """The syllables of ``text[start:end]`` as offsets in ``text``, with their per-form records.

        They are :func:`units` of the slice: the pattern has no anchor, word boundary or look-behind, and its
        look-ahead stops at ``end``, so matching inside ``text`` finds the same ones at their offsets.
        """
        forms = self._forms
        spans: list[tuple[int, int]] = []
        recs: list[tuple[Any, ...]] = []
        for m in _SYLLABLE.finditer(text, start, end):
            s = m.group()
            r = forms.get(s)
            recs.append(r if r is not None else self._form(s))
            spans.append(m.span())
        return spans, recs

    def items(self, spans: list[tuple[int, int]], recs: list[tuple[Any, ...]], tokens: Sequence[Token]
              ) -> list[list[bytes]]:
        """The items crfsuite gets for a sentence's :meth:`syllables`; ``tokens``: the segmenter's, as for
        :func:`features`."""
        # per syllable: its word's t=/tp=/wd= attributes, its word's tag record, its word's gazetteer kind
        known, tags, kinds = self._known, self._tags, self._kinds
        no_word = self._no_word
        pad = self._pad_tag
        words: list[tuple[bytes, ...]] = []
        tag_of = [pad]
        places: list[tuple[bytes, ...]] = []
        t, count = 0, len(tokens)
        current = start_at = -1
        single = begin = inner = gz = _EMPTY
        tag = pad
        for us, _ in spans:
            while t < count and tokens[t].end <= us:
                t += 1
            if t < count and tokens[t].start <= us:
                if t != current:
                    current = t
                    tok = tokens[t]
                    tag = tags.get(tok.tag) or self._tag(tok.tag)
                    word = tok.text.lower().replace(" ", "_")
                    wd = "wd=" + word
                    wd_known = (wd.encode(),) if wd in known else _EMPTY
                    kind = _gazetteer_kind(word) if word else ""
                    gz = _EMPTY
                    if kind:
                        gz = kinds.get(kind) or kinds.setdefault(kind, self._one("gz=" + kind))
                    if " " in tok.text:
                        start_at = tok.start
                        begin, inner = tag[1] + wd_known, tag[2] + wd_known
                    else:
                        start_at = -1
                        single = tag[0] + wd_known
                words.append(single if start_at < 0 else begin if us == start_at else inner)
                tag_of.append(tag)
                places.append(gz)
            else:
                words.append(no_word)
                tag_of.append(pad)
                places.append(_EMPTY)
        tag_of.append(pad)
        classes = "<<" + "".join([r[_CLASS] for r in recs]) + ">>"
        lows = ["<s>", *[r[_LOW] for r in recs], "</s>"]
        m2 = [self._pad_m2, self._pad_m2, *[r[_SEEN_M2] for r in recs]]
        m1 = [self._pad_m1, *[r[_SEEN_M1] for r in recs]]
        p1 = [*[r[_SEEN_P1] for r in recs[1:]], self._pad_p1]
        p2 = [*[r[_SEEN_P2] for r in recs[2:]], self._pad_p2, self._pad_p2]
        windows = self._windows
        items: list[list[bytes]] = []
        last = len(recs) - 1
        cue = False  # whether the syllable before ends a title, organisation head or place cue
        i = -1
        # record fields by number (see _form): a constant index is the cheapest look-up in this loop;
        # m2, m1 and tag_of run past the last syllable (zip stops there)
        for r, w, g, s2, s1, n1, n2, tb, ta in zip(recs, words, places, m2, m1, p1, p2, tag_of, tag_of[2:],
                                                   strict=False):
            i += 1
            window = classes[i : i + 5]
            trigrams = windows.get(window)
            if trigrams is None:
                trigrams = self._window(window)
            f = [*r[2], *w, *trigrams, *s2, *s1, *n1, *n2, *tb[3], *ta[4]]
            if r[7] is not None:
                pair = r[7].get(lows[i])
                if pair is not None:
                    f.append(pair)
            if r[8] is not None:
                pair = r[8].get(lows[i + 2])
                if pair is not None:
                    f.append(pair)
            if r[11] or g or cue or i == 0 or i == last:
                self._tail(f, r, g, i, last, cue, lows)
            cue = r[12]
            items.append(f)
        return items
