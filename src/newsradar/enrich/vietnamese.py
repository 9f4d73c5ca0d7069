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
model file's weights, in half the time.

Why the part-of-speech model is scored here too (Vietnamese enrichment at
69.8 articles/s against the bar of 70): its python-crfsuite call was then
60% of tokenising.  It has 19 labels, and a full Viterbi in Python or numpy
cost as much as that call; :class:`TagScorer` sums as crfsuite does and
leaves out the labels that cannot be on the best path, deciding the rest in
small pieces, for the same labels.  Its numpy calls cost about the same per
line whatever its length, so short lines (titles) stay with python-crfsuite
(:data:`SCORED_FROM`).  The weights take 6 MB per process (the model's
38,000 attributes by 19 labels), the remembered words 21 row ids each.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from .crfsuite_models import model_arrays, model_attributes, model_weights
from .vi_crf_scoring import SegmentScorer, SyllableRow, TagScorer, _joining, _syllable_attributes, _word_attributes

_T = TypeVar("_T")
#: pyvi's ``ViTokenizer.sylabelize`` pattern, compiled once, its groups made non-capturing (same matches).
_SYLLABLE = re.compile(
    r"[A-ZĐ]+\.|Tp\.|Mr\.|Mrs\.|Ms\.|Dr\.|ThS\.|==>|->|\.\.\.|>>|\n|\w+://[^\s]+"
    r"|[a-zA-Z0-9_.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z0-9-]+|\d+(?:[\.,_]\d+)+|[^\w\s]|\w+")
#: Feature strings as UTF-8 bytes: python-crfsuite copies bytes as they are, and encodes a ``str`` on every call.
Strings = tuple[bytes, ...]
#: A syllable's own features, as the syllable before sees it, as the one after sees it; its lower case.
Syllable = tuple[Strings, Strings, Strings, str]
#: A word's own features, then as the word before, two before, after, and two after.
Word = tuple[Strings, Strings, Strings, Strings, Strings]

#: Syllables and words whose features are kept (a few hundred bytes each); beyond, the memory starts afresh.
FORMS_KEPT = 30_000
#: Lines of fewer words are tagged by python-crfsuite even where :class:`TagScorer` can be had: the scorer's
#: numpy calls cost about 0.1 ms a line whatever its length (measured on baomoi news against python-crfsuite:
#: lines of 2-15 words 2.5 times as slow, 32-47 a little faster, 200 and more in 40% of the time).
SCORED_FROM = 32
#: Lines whose words and tags are kept (copies of a wire story repeat them); beyond, the memory starts afresh.
LINES_KEPT = 2_000




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


class VietnameseTagger:
    """Segments a line into pyvi words and tags them; same output as pyvi's ``tokenize``/``postagging``."""

    def __init__(self, *, prune: bool = True, remember: bool = True, score: bool = True) -> None:
        """``prune``: leave out the strings pyvi's models never saw; ``remember``: keep the features of
        syllables, words and lines already seen; ``score``: run the segmentation model (:class:`SegmentScorer`)
        and the part-of-speech model on lines of :data:`SCORED_FROM` words or more (:class:`TagScorer`) here
        rather than through python-crfsuite.  All only save time (the tests compare them off and on)."""
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
        arrays = model_arrays(data) if score and (data := _model_file(ViPosTagger.model)) is not None else None
        self._tag_scorer = (TagScorer(arrays, self._filtered)
                            if arrays is not None and arrays[0] == list(self._tag.labels()) else None)
        # python-crfsuite's paths need the attribute names only when their model is not scored here
        self._segment_known = _model_attributes(ViTokenizer.model) if prune and self._scorer is None else None
        self._tag_known = _model_attributes(ViPosTagger.model) if prune and self._tag_scorer is None else None
        self._remember = remember
        self._syllables: dict[str, SyllableRow] = {}
        self._words: dict[str, Word] = {}
        self._word_rows: dict[str, bytes] = {}
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
        own, prev1, prev2, next1, next2 = _word_attributes(w, self._filtered)
        return (_kept(own, known), _kept(prev1, known), _kept(prev2, known), _kept(next1, known),
                _kept(next2, known))

    def tag(self, words: list[str]) -> list[str]:
        """pyvi's part-of-speech tag of each word."""
        scorer = self._tag_scorer
        if scorer is None:
            return self._crfsuite_tags(words)
        memory = self._word_rows
        found = [memory.get(w) for w in words]
        rows = [f if f is not None else self._keep(memory, w, scorer.word(w), FORMS_KEPT)
                for w, f in zip(words, found, strict=True)]
        if len(words) < SCORED_FROM:
            labels: Any = self._tag.tag(scorer.items(rows))
            return list(labels)
        return scorer.tags(rows)

    def _crfsuite_tags(self, words: list[str]) -> list[str]:
        """pyvi's part-of-speech tags from its model run by python-crfsuite (used when the model file cannot be
        read, and by the tests as the reference)."""
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
