"""pyvi's word segmenter and tagger, with its CRF features built the cheap way.

Why: Vietnamese was half of enrichment's CPU for 6% of the articles, and
three quarters of that went on Python work around pyvi's CRF models, not
on the models: a dict of features per syllable (each ``lower()``/
``istitle()`` called three times over), then converting those dicts to
crfsuite items.  Here each syllable's feature strings are built once per
line, and the items are given to crfsuite as lists of attribute names.
(Memoising them across lines was measured too: 10% faster once warm, for
90 MB per enrichment worker holding the vocabulary of 8,000 articles.)

A boolean feature that is False is left out: crfsuite scores an attribute
as weight x value, so a 0.0 value adds nothing, and the labels are the
same as pyvi's own (``tests/test_vietnamese.py`` checks that on real
text).  pyvi still owns the models, the syllable splitter, its n-gram
lists and the rule that joins syllables into words.
"""

from __future__ import annotations

import string
from typing import Any

_PUNCTUATION = string.punctuation
Strings = tuple[str, ...]
#: A syllable's own features, as the syllable before sees it, as the one after sees it; its lower case.
Syllable = tuple[Strings, Strings, Strings, str]


class VietnameseTagger:
    """Segments a line into pyvi words and tags them; same output as pyvi's ``tokenize``/``postagging``."""

    def __init__(self) -> None:
        from pyvi.ViPosTagger import ViPosTagger
        from pyvi.ViTokenizer import ViTokenizer

        self._pyvi_tokenizer = ViTokenizer
        self._segment = ViTokenizer.model.tagger_
        self._tag = ViPosTagger.model.tagger_
        self._bigrams: set[str] = ViTokenizer.bi_grams
        self._trigrams: set[str] = ViTokenizer.tri_grams
        self._filtered: set[str] = ViPosTagger.filtered_tags

    # -- segmentation --------------------------------------------------------------------------

    @staticmethod
    def _syllable(s: str) -> Syllable:
        """Own features, then the forms a neighbour sees, then the lower-case form (for n-grams)."""
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
        return (tuple(own), tuple(prev), tuple(nxt), low)

    def segment(self, line: str) -> list[str]:
        """pyvi's words of ``line`` (syllables of one word joined by ``_``)."""
        _, syllables = self._pyvi_tokenizer.sylabelize(line)
        if not syllables:
            return line.split(" ")
        feats = [self._syllable(s) for s in syllables]
        lows = [f[3] for f in feats]
        bigrams, trigrams = self._bigrams, self._trigrams
        n = len(syllables)
        items: list[list[str]] = []
        for i in range(n):
            item = list(feats[i][0])
            if i > 0:
                item.extend(feats[i - 1][1])
                if lows[i - 1] + " " + lows[i] in bigrams:
                    item.append("-1:word.bi_gram()")
                if i > 1 and lows[i - 2] + " " + lows[i - 1] + " " + lows[i] in trigrams:
                    item.append("-2:word.tri_gram()")
            if i < n - 1:
                item.extend(feats[i + 1][2])
                if lows[i] + " " + lows[i + 1] in bigrams:
                    item.append("+1:word.bi_gram()")
                if i < n - 2 and lows[i] + " " + lows[i + 1] + " " + lows[i + 2] in trigrams:
                    item.append("+2:word.tri_gram()")
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

    def _word(self, w: str) -> tuple[Strings, ...]:
        """Own features, then as the word before, two before, after, and two after."""
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
        return (tuple(own), tuple(prev1), tuple(prev2), tuple(next1), tuple(next2))

    def tag(self, words: list[str]) -> list[str]:
        """pyvi's part-of-speech tag of each word."""
        feats = [self._word(w) for w in words]
        n = len(words)
        items: list[list[str]] = []
        for i in range(n):
            item = list(feats[i][0])
            if i > 0:
                item.extend(feats[i - 1][1])
                if i > 1:
                    item.extend(feats[i - 2][2])
            else:
                item.append("BOS")
            if i < n - 1:
                item.extend(feats[i + 1][3])
                if i < n - 2:
                    item.extend(feats[i + 2][4])
            else:
                item.append("EOS")
            items.append(item)
        labels: Any = self._tag.tag(items)
        return [str(label) for label in labels]
