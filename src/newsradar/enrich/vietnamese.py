"""pyvi's word segmenter and tagger, with its CRF features built the cheap way.

Why: Vietnamese was half of enrichment's CPU for 6% of the articles, and
three quarters of that went on Python work around pyvi's CRF models, not
on the models: a dict of features per syllable (each ``lower()``/
``istitle()`` called three times over), then converting those dicts to
crfsuite items.  Here each syllable's feature strings are built once per
line, and the items are given to crfsuite as lists of attribute names.
(An unbounded memory of them across lines was measured at 90 MB per
enrichment worker for 8,000 articles; the bounded memories below held
about 10-20 MB over 1,500 Vietnamese news articles.)

A boolean feature that is False is left out: crfsuite scores an attribute
as weight x value, so a 0.0 value adds nothing, and the labels are the
same as pyvi's own (``tests/test_vietnamese.py`` checks that on real
text).  pyvi still owns the models and its n-gram lists; its syllable
splitter's pattern is compiled here once, and its rule that joins
syllables into words is read off a small code per syllable.

Why the memories and the pruning (issue 18, Vietnamese at 53 articles/s
against 450-730 for the other languages): a syllable's or word's feature
strings depend on it alone, so they are kept (a bounded memory: the
syllables of Vietnamese are a small set, news repeats its words), and
kept without the strings pyvi's models have no weight for (one in ten,
read from the model files by :func:`.crfsuite_models.model_attributes`, as for
our own models): crfsuite skips such an attribute after converting it, so
leaving it out cannot change a label.  A whole line seen before (copies of
one wire story) gets its words and tags back from a memory of recent lines.

Why the segmentation model is scored here (issue 18 again, Vietnamese at
49 articles/s against a bar of 70): after all that, python-crfsuite's
call was still 40% of segmentation, converting about four strings per
syllable.  The model has two labels, so :class:`SegmentScorer` does its
arithmetic (the same sums in the same order, the same Viterbi) from the
model file's weights, in half the time.  The part-of-speech model has 19
labels: its Viterbi in Python or numpy cost as much as python-crfsuite's
whole call, and its weights would take megabytes more, so it stays there.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .crfsuite_models import Weights, model_attributes, model_weights

_PUNCTUATION = string.punctuation
_T = TypeVar("_T")
#: pyvi's ``ViTokenizer.sylabelize`` pattern, compiled once, its groups made non-capturing (same matches).
_SYLLABLE = re.compile(
    r"[A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w+://[^\s]+"
    r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+")
#: Feature strings as UTF-8 bytes: python-crfsuite copies bytes as they are, and encodes a ``str`` on every call.
Strings = tuple[bytes, ...]
#: A syllable's own features, as the syllable before sees it, as the one after sees it; its lower case.
Syllable = tuple[Strings, Strings, Strings, str]
#: A syllable's numbers for the segmenter's scorer (:class:`SegmentScorer`), packed doubles; its lower case;
#: its :func:`_joining` code.
SyllableRow = tuple[bytes, str, int]
#: A word's own features, then as the word before, two before, after, and two after.
Word = tuple[Strings, Strings, Strings, Strings, Strings]

#: Syllables and words whose features are kept (a few hundred bytes each); beyond, the memory starts afresh.
FORMS_KEPT = 30_000
#: Lines whose words and tags are kept (copies of a wire story repeat them); beyond, the memory starts afresh.
LINES_KEPT = 2_000


def _joining(s: str) -> int:
    """What pyvi's rule for joining syllables into a word needs of a syllable, as bits: 1 when it is neither
    punctuation nor starts with a digit (else it never joins or is joined), 2 when it starts with a capital."""
    return (s not in _PUNCTUATION and not s[0].isdigit()) | s[0].istitle() << 1


#: Whether a syllable labelled ``I_W`` joins the one before, by their codes (``4 * before + current``): pyvi's
#: rule (``ViTokenizer.tokenize``), which also keeps a capitalised syllable from joining one that is not.
_JOINS = tuple(bool(b & 1 and c & 1 and not (c & 2 and not b & 2)) for b in range(4) for c in range(4))


def _model_file(model: Any) -> bytes | None:
    """The bytes of a pyvi model's (an sklearn-crfsuite ``CRF``) crfsuite model file."""
    name = getattr(getattr(model, "modelfile", None), "name", None)
    try:
        return Path(name).read_bytes() if name else None
    except OSError:
        return None


def _model_attributes(model: Any) -> frozenset[str] | None:
    """The attributes a pyvi model has weights for, from its model file."""
    data = _model_file(model)
    return model_attributes(data) if data is not None else None


def _kept(strings: Iterable[str], known: frozenset[str] | None) -> Strings:
    """The ``strings`` the model knows, in their order (all of them when ``known`` is None), encoded."""
    return tuple(s.encode() for s in strings if known is None or s in known)


def _syllable_attributes(s: str) -> tuple[list[str], list[str], list[str], str]:
    """pyvi's segmentation attributes of one syllable: its own, those the syllable after it gets (``-1:``),
    those the one before it gets (``+1:``), each in pyvi's order; and its lower case (for n-grams).
    Both ways of running the model (:class:`SegmentScorer` and python-crfsuite) start from these."""
    low, title, upper = s.lower(), s.istitle(), s.isupper()
    own = ["bias", "word.lower():" + low]
    if upper:
        own.append("word.isupper()")
    if title:
        own.append("word.istitle()")
    if s.isdigit():
        own.append("word.isdigit()")
    sides = []
    for side in ("-1:", "+1:"):
        names = [side + "word.lower():" + low]
        if title:
            names.append(side + "word.istitle()")
        if upper:
            names.append(side + "word.isupper()")
        sides.append(names)
    return own, sides[0], sides[1], low


class SegmentScorer:
    """pyvi's segmentation CRF run here: crfsuite's state sums and Viterbi, from the model file's weights.

    Why: with the feature strings built the cheap way, python-crfsuite's
    call was still 40% of segmentation, most of it converting ~4 strings per
    syllable to C++ and looking them up; the model has two labels (``B_W``,
    ``I_W``), so the same arithmetic in numpy and a two-label Viterbi loop
    cost less.  The labels are crfsuite's exactly, not nearly: crfsuite sums
    an item's weights one attribute at a time in the item's order, starting
    from 0.0, and so does this (the syllable's own attributes are summed once
    per syllable, as that prefix of the sum is always the same; a neighbour's
    attributes and the n-gram flags are then added column by column, in the
    item's order, where an absent one adds 0.0, which changes no sum); its
    Viterbi keeps crfsuite's order of additions and its choice among equal
    scores (the lower label).
    """

    #: Columns of a syllable's row: its own sum, then the ``-1:`` attributes
    #: (lower, istitle, isupper) the next syllable adds, then the ``+1:`` ones the previous adds; two labels each.
    COLUMNS = 14

    def __init__(self, weights: Weights, bigrams: set[str], trigrams: set[str]) -> None:
        labels, state, transitions = weights
        if labels != ["B_W", "I_W"]:
            raise ValueError(f"not pyvi's segmentation labels: {labels}")
        self._state = state
        (self._t00, self._t01), (self._t10, self._t11) = transitions
        self._bigrams, self._trigrams = bigrams, trigrams
        #: The first two syllables of each trigram: a pair not among them needs no trigram looked up.
        self._trigram_prefixes = frozenset(t.rsplit(" ", 1)[0] for t in trigrams)
        zero = (0.0, 0.0)
        self._zero = zero
        self._bigram_before, self._trigram_before, self._bigram_after, self._trigram_after = (
            np.array(state.get(name, zero), dtype=np.float64) for name in (
                "-1:word.bi_gram()", "-2:word.tri_gram()", "+1:word.bi_gram()", "+2:word.tri_gram()"))

    def syllable(self, s: str) -> SyllableRow:
        """The numbers ``s`` brings to its own item and its neighbours' (see :attr:`COLUMNS`), and its lower case."""
        state, zero = self._state, self._zero
        own, before, after, low = _syllable_attributes(s)
        b_w = i_w = 0.0
        for name in own:  # crfsuite's order and sums; an attribute it does not know adds nothing
            weight = state.get(name)
            if weight is not None:
                b_w += weight[0]
                i_w += weight[1]
        row = [b_w, i_w]
        for side in (before, after):  # lower, then istitle and isupper where they hold: three columns a side
            for name in side:
                row += state.get(name, zero)
            row += zero * (3 - len(side))  # an absent attribute adds 0.0, which changes no sum
        return np.array(row, dtype=np.float64).tobytes(), low, _joining(s)

    def inside(self, rows: list[SyllableRow]) -> list[bool]:
        """Whether each syllable (given by its :meth:`syllable` row) is labelled ``I_W``."""
        n = len(rows)
        table = np.frombuffer(b"".join([r[0] for r in rows]), dtype=np.float64).reshape(n, self.COLUMNS)
        lows = [r[1] for r in rows]
        pairs = [a + " " + b for a, b in itertools.pairwise(lows)]
        bigrams, trigrams, prefixes = self._bigrams, self._trigrams, self._trigram_prefixes
        bi = np.array([pair in bigrams for pair in pairs], dtype=np.float64).reshape(-1, 1)
        tri = np.array([pair in prefixes and pair + " " + c in trigrams
                        for pair, c in zip(pairs, lows[2:], strict=False)], dtype=np.float64).reshape(-1, 1)
        # Each item's sum in the order of its attributes: own; the previous syllable's -1: attributes,
        # -1:bi_gram, -2:tri_gram; the next syllable's +1: attributes, +1:bi_gram, +2:tri_gram.
        score = table[:, 0:2].copy()
        after_first, before_last = score[1:], score[:-1]
        after_first += table[:-1, 2:4]
        after_first += table[:-1, 4:6]
        after_first += table[:-1, 6:8]
        after_first += bi * self._bigram_before
        score[2:] += tri * self._trigram_before
        before_last += table[1:, 8:10]
        before_last += table[1:, 10:12]
        before_last += table[1:, 12:14]
        before_last += bi * self._bigram_after
        score[:-2] += tri * self._trigram_after
        b_w, i_w = score.T.tolist()  # two flat lists: a list per row cost more than the rest of the scoring
        return self._viterbi(b_w, i_w)

    def _viterbi(self, b_w: list[float], i_w: list[float]) -> list[bool]:
        """crfsuite's ``crf1dc_viterbi`` for two labels, from each item's score of label 0 (``B_W``) and
        label 1 (``I_W``): True where the best path has label 1."""
        t00, t01, t10, t11 = self._t00, self._t01, self._t10, self._t11
        p0, p1 = b_w[0], i_w[0]
        from1_to0: list[bool] = []
        from1_to1: list[bool] = []
        for s0, s1 in zip(itertools.islice(b_w, 1, None), itertools.islice(i_w, 1, None), strict=True):
            x, y = p0 + t00, p1 + t10
            k0 = y > x  # crfsuite keeps the first of equal scores: label 0
            c0 = (y if k0 else x) + s0
            x, y = p0 + t01, p1 + t11
            k1 = y > x
            p1 = (y if k1 else x) + s1
            p0 = c0
            from1_to0.append(k0)
            from1_to1.append(k1)
        label = p1 > p0
        labels = [label] * len(b_w)
        for t in range(len(b_w) - 2, -1, -1):
            label = from1_to1[t] if label else from1_to0[t]
            labels[t] = label
        return labels


class VietnameseTagger:
    """Segments a line into pyvi words and tags them; same output as pyvi's ``tokenize``/``postagging``."""

    def __init__(self, *, prune: bool = True, remember: bool = True, score: bool = True) -> None:
        """``prune``: leave out the strings pyvi's models never saw; ``remember``: keep the features of
        syllables, words and lines already seen; ``score``: run the segmentation model here
        (:class:`SegmentScorer`) rather than through python-crfsuite.  All only save time (the tests compare
        them off and on)."""
        from pyvi.ViPosTagger import ViPosTagger
        from pyvi.ViTokenizer import ViTokenizer

        self._segment = ViTokenizer.model.tagger_
        self._tag = ViPosTagger.model.tagger_
        self._bigrams: set[str] = ViTokenizer.bi_grams
        self._trigrams: set[str] = ViTokenizer.tri_grams
        self._filtered: set[str] = ViPosTagger.filtered_tags
        weights = model_weights(data) if score and (data := _model_file(ViTokenizer.model)) is not None else None
        self._scorer = (SegmentScorer(weights, self._bigrams, self._trigrams)
                        if weights is not None and weights[0] == ["B_W", "I_W"] else None)
        # python-crfsuite's path needs the attribute names only when the segmenter is not scored here
        self._segment_known = _model_attributes(ViTokenizer.model) if prune and self._scorer is None else None
        self._tag_known = _model_attributes(ViPosTagger.model) if prune else None
        self._remember = remember
        self._syllables: dict[str, SyllableRow] = {}
        self._words: dict[str, Word] = {}
        self._lines: dict[str, tuple[list[str], list[str]]] = {}

    def _keep(self, memory: dict[str, _T], key: str, value: _T, kept: int) -> _T:
        """Remember ``value`` under ``key`` (when remembering); a memory of ``kept`` entries starts afresh.

        Callers look the key up themselves first: a hit then costs one dict lookup, where a shared
        look-up-or-make method measured 5-9% slower on the segmenter's warm path.
        """
        if self._remember:
            if len(memory) >= kept:
                memory.clear()
            memory[key] = value
        return value

    def analyse(self, line: str) -> tuple[list[str], list[str]]:
        """:meth:`segment` and :meth:`tag` of one line; a line seen lately is answered from memory."""
        found = self._lines.get(line)
        if found is None:
            words = self.segment(line)
            found = self._keep(self._lines, line, (words, self.tag(words)), LINES_KEPT)
        return list(found[0]), list(found[1])

    # -- segmentation --------------------------------------------------------------------------

    def segment(self, line: str) -> list[str]:
        """pyvi's words of ``line`` (syllables of one word joined by ``_``)."""
        syllables = _SYLLABLE.findall(unicodedata.normalize("NFC", line))
        if not syllables:
            return line.split(" ")
        if self._scorer is None:
            inside, codes = self._segment_labels(syllables), [_joining(s) for s in syllables]
        else:
            inside, codes = self._scored_labels(syllables)
        words = [syllables[0]]
        append = words.append
        for cur, joins in zip(itertools.islice(syllables, 1, None),
                              [i and _JOINS[4 * b + c] for i, b, c in zip(inside[1:], codes, codes[1:], strict=False)],
                              strict=True):
            if joins:
                words[-1] += "_" + cur
            else:
                append(cur)
        return words

    def _scored_labels(self, syllables: list[str]) -> tuple[list[bool], list[int]]:
        """Whether each syllable is inside a word (pyvi's ``I_W``), scored here with the model's own weights;
        each syllable's :func:`_joining` code."""
        scorer = self._scorer
        assert scorer is not None
        memory = self._syllables
        found = [memory.get(s) for s in syllables]
        rows = [f if f is not None else self._keep(memory, s, scorer.syllable(s), FORMS_KEPT)
                for s, f in zip(syllables, found, strict=True)]
        return scorer.inside(rows), [r[2] for r in rows]

    def _segment_labels(self, syllables: list[str]) -> list[bool]:
        """Whether each syllable is inside a word, from pyvi's model run by python-crfsuite (used when the
        model file cannot be read, and by the tests as the reference)."""
        feats = [self._syllable_features(s) for s in syllables]
        lows = [f[3] for f in feats]
        bigrams, trigrams = self._bigrams, self._trigrams
        n = len(syllables)
        items: list[list[bytes]] = []
        for i in range(n):
            item = list(feats[i][0])
            if i > 0:
                item.extend(feats[i - 1][1])
                if lows[i - 1] + " " + lows[i] in bigrams:
                    item.append(b"-1:word.bi_gram()")
                if i > 1 and lows[i - 2] + " " + lows[i - 1] + " " + lows[i] in trigrams:
                    item.append(b"-2:word.tri_gram()")
            if i < n - 1:
                item.extend(feats[i + 1][2])
                if lows[i] + " " + lows[i + 1] in bigrams:
                    item.append(b"+1:word.bi_gram()")
                if i < n - 2 and lows[i] + " " + lows[i + 1] + " " + lows[i + 2] in trigrams:
                    item.append(b"+2:word.tri_gram()")
            items.append(item)
        return [label == "I_W" for label in self._segment.tag(items)]

    def _syllable_features(self, s: str) -> Syllable:
        """Own features, then the forms a neighbour sees, then the lower-case form (for n-grams)."""
        known = self._segment_known
        own, before, after, low = _syllable_attributes(s)
        return (_kept(own, known), _kept(before, known), _kept(after, known), low)

    # -- part of speech ------------------------------------------------------------------------

    def _word_features(self, w: str) -> Word:
        """Own features, then as the word before, two before, after, and two after."""
        known = self._tag_known
        low, title, upper = w.lower(), w.istitle(), w.isupper()
        digit1, upper3 = w[:1].isdigit(), w[:3].isupper()
        own = ["bias", "word.lower():" + low]
        if title:
            own.append("word.istitle()")
        if w.isdigit():
            own.append("word.isdigit()")
        if digit1:
            own.append("word[:1].isdigit()")
        if upper3:
            own.append("word[:3].isupper()")
        if w in self._filtered:
            own.append("word.isfiltered")
        prev1 = ["-1:word.lower():" + low]
        if title:
            prev1.append("-1:word.istitle()")
        if digit1:
            prev1.append("-1:word[:1].isdigit()")
        if upper3:
            prev1.append("-1:word[:3].isupper()")
        prev2 = ["-2:word.lower():" + low]
        if title:
            prev2.append("-2:word.istitle()")
        if upper:
            prev2.append("-2:word.isupper()")
        next1 = ["+1:word.lower():" + low]
        if title:
            next1.append("+1:word.istitle()")
        if digit1:
            next1.append("+1:word[:1].isdigit()")
        if upper:
            next1.append("+1:word.isupper()")
        next2 = ["+2:word.lower():" + low]
        if title:
            next2.append("+2:word.istitle()")
        if upper:
            next2.append("+2:word.isupper()")
        return (_kept(own, known), _kept(prev1, known), _kept(prev2, known), _kept(next1, known),
                _kept(next2, known))

    def tag(self, words: list[str]) -> list[str]:
        """pyvi's part-of-speech tag of each word."""
        memory = self._words
        found = [memory.get(w) for w in words]
        feats = [f if f is not None else self._keep(memory, w, self._word_features(w), FORMS_KEPT)
                 for w, f in zip(words, found, strict=True)]
        # Each item is its word's own features, then the word before's and two before's (or BOS), then the
        # word after's and two after's (or EOS): pyvi's order, built as tuples (python-crfsuite takes any sequence).
        n = len(feats)
        if n == 1:
            items = [feats[0][0] + (b"BOS", b"EOS")]
        else:
            before = [(b"BOS",), feats[0][1]]
            before += [a[1] + b[2] for a, b in zip(feats[1 : n - 1], feats, strict=False)]
            after = [a[3] + b[4] for a, b in itertools.pairwise(itertools.islice(feats, 1, None))]
            after += (feats[n - 1][3], (b"EOS",))
            items = [f[0] + b + a for f, b, a in zip(feats, before, after, strict=True)]
        labels: Any = self._tag.tag(items)
        return list(labels)  # python-crfsuite gives str labels
