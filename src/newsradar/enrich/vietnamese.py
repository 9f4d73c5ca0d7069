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
text).  pyvi still owns the models, the syllable splitter, its n-gram
lists and the rule that joins syllables into words.

Why the memories and the pruning (issue 18, Vietnamese at 53 articles/s
against 450-730 for the other languages): a syllable's or word's feature
strings depend on it alone, so they are kept (a bounded memory: the
syllables of Vietnamese are a small set, news repeats its words), and
kept without the strings pyvi's models have no weight for (one in ten,
read from the model files by :func:`.crfsuite_models.model_attributes`, as for
our own models): crfsuite skips such an attribute after converting it, so
leaving it out cannot change a label.  A whole line seen before (copies of
one wire story) gets its words and tags back from a memory of recent lines.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from .crfsuite_models import model_attributes

_PUNCTUATION = string.punctuation
_T = TypeVar("_T")
#: Feature strings as UTF-8 bytes: python-crfsuite copies bytes as they are, and encodes a ``str`` on every call.
Strings = tuple[bytes, ...]
#: A syllable's own features, as the syllable before sees it, as the one after sees it; its lower case.
Syllable = tuple[Strings, Strings, Strings, str]
#: A word's own features, then as the word before, two before, after, and two after.
Word = tuple[Strings, Strings, Strings, Strings, Strings]

#: Syllables and words whose feature strings are kept (each about half a kilobyte); beyond, the memory starts afresh.
FORMS_KEPT = 30_000
#: Lines whose words and tags are kept (copies of a wire story repeat them); beyond, the memory starts afresh.
LINES_KEPT = 2_000


def _model_attributes(model: Any) -> frozenset[str] | None:
    """The attributes a pyvi model (an sklearn-crfsuite ``CRF``) has weights for, from its model file."""
    name = getattr(getattr(model, "modelfile", None), "name", None)
    try:
        return model_attributes(Path(name).read_bytes()) if name else None
    except OSError:
        return None


def _kept(strings: Iterable[str], known: frozenset[str] | None) -> Strings:
    """The ``strings`` the model knows, in their order (all of them when ``known`` is None), encoded."""
    return tuple(s.encode() for s in strings if known is None or s in known)


class VietnameseTagger:
    """Segments a line into pyvi words and tags them; same output as pyvi's ``tokenize``/``postagging``."""

    def __init__(self, *, prune: bool = True, remember: bool = True) -> None:
        """``prune``: leave out the strings pyvi's models never saw; ``remember``: keep the feature strings
        of syllables, words and lines already seen.  Both only save time (the test compares them off and on)."""
        from pyvi.ViPosTagger import ViPosTagger
        from pyvi.ViTokenizer import ViTokenizer

        self._pyvi_tokenizer = ViTokenizer
        self._segment = ViTokenizer.model.tagger_
        self._tag = ViPosTagger.model.tagger_
        self._bigrams: set[str] = ViTokenizer.bi_grams
        self._trigrams: set[str] = ViTokenizer.tri_grams
        self._filtered: set[str] = ViPosTagger.filtered_tags
        self._segment_known = _model_attributes(ViTokenizer.model) if prune else None
        self._tag_known = _model_attributes(ViPosTagger.model) if prune else None
        self._remember = remember
        self._syllables: dict[str, Syllable] = {}
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

    def _syllable(self, s: str) -> Syllable:
        """Own features, then the forms a neighbour sees, then the lower-case form (for n-grams)."""
        found = self._syllables.get(s)
        return found if found is not None else self._keep(self._syllables, s, self._syllable_features(s), FORMS_KEPT)

    def _syllable_features(self, s: str) -> Syllable:
        known = self._segment_known
        low, title, upper = s.lower(), s.istitle(), s.isupper()
        own = ["bias", "word.lower():" + low]
        if upper:
            own.append("word.isupper()")
        if title:
            own.append("word.istitle()")
        if s.isdigit():
            own.append("word.isdigit()")
        prev = ["-1:word.lower():" + low]
        if title:
            prev.append("-1:word.istitle()")
        if upper:
            prev.append("-1:word.isupper()")
        nxt = ["+1:word.lower():" + low]
        if title:
            nxt.append("+1:word.istitle()")
        if upper:
            nxt.append("+1:word.isupper()")
        return (_kept(own, known), _kept(prev, known), _kept(nxt, known), low)

    def segment(self, line: str) -> list[str]:
        """pyvi's words of ``line`` (syllables of one word joined by ``_``)."""
        _, syllables = self._pyvi_tokenizer.sylabelize(line)
        if not syllables:
            return line.split(" ")
        feats = [self._syllable(s) for s in syllables]
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
        labels = self._segment.tag(items)
        words = [syllables[0]]
        for i in range(1, n):
            cur, before = syllables[i], syllables[i - 1]
            if (labels[i] == "I_W" and cur not in _PUNCTUATION and before not in _PUNCTUATION
                    and not cur[0].isdigit() and not before[0].isdigit()
                    and not (cur[0].istitle() and not before[0].istitle())):
                words[-1] += "_" + cur
            else:
                words.append(cur)
        return words

    # -- part of speech ------------------------------------------------------------------------

    def _word(self, w: str) -> Word:
        """Own features, then as the word before, two before, after, and two after."""
        found = self._words.get(w)
        return found if found is not None else self._keep(self._words, w, self._word_features(w), FORMS_KEPT)

    def _word_features(self, w: str) -> Word:
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
        feats = [self._word(w) for w in words]
        n = len(words)
        items: list[list[bytes]] = []
        for i in range(n):
            item = list(feats[i][0])
            if i > 0:
                item.extend(feats[i - 1][1])
                if i > 1:
                    item.extend(feats[i - 2][2])
            else:
                item.append(b"BOS")
            if i < n - 1:
                item.extend(feats[i + 1][3])
                if i < n - 2:
                    item.extend(feats[i + 2][4])
            else:
                item.append(b"EOS")
            items.append(item)
        labels: Any = self._tag.tag(items)
        return [str(label) for label in labels]
