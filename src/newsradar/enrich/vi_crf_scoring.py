"""pyvi's two CRF models scored here, from the model files' weights, with crfsuite's labels exactly.

Why a module of their own: :class:`SegmentScorer` (word segmentation, two
labels) and :class:`TagScorer` (parts of speech, 19 labels) redo
crfsuite's arithmetic (its sums in its order, its Viterbi's choices) so that
:class:`~newsradar.enrich.vietnamese.VietnameseTagger` need not convert
every feature string for python-crfsuite; they are the delicate part of
Vietnamese tokenising, and the tagger's module keeps the pyvi plumbing
(pattern, memories, python-crfsuite fallback) readable beside them.  Both
build their attributes with the functions here, which python-crfsuite's
path uses too, so the two paths cannot drift apart.
"""

from __future__ import annotations

import itertools
import string
import struct

import numpy as np

from .crfsuite_models import Arrays, Weights

_PUNCTUATION = string.punctuation


#: A syllable's numbers for the segmenter's scorer (:class:`SegmentScorer`), packed doubles; its lower case;
#: its :func:`_joining` code.
SyllableRow = tuple[bytes, str, int]


#: A word's attribute row ids for :class:`TagScorer` (native int32, as numpy reads them back).
_IDS = struct.Struct("=21i")


#: Fillers for the attributes a word has fewer of than :attr:`TagScorer.WIDTHS`: never a model's attribute
#: (crfsuite keeps its names as C strings, which hold no NUL).
_GAPS = tuple(("\0",) * k for k in range(8))


def _joining(s: str) -> int:
    """What pyvi's rule for joining syllables into a word needs of a syllable, as bits: 1 when it is neither
    punctuation nor starts with a digit (else it never joins or is joined), 2 when it starts with a capital."""
    return (s not in _PUNCTUATION and not s[0].isdigit()) | s[0].istitle() << 1


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


def _word_attributes(w: str, filtered: set[str]) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """pyvi's part-of-speech attributes of one word (``ViPosTagger.word2features``), each in pyvi's order: its
    own, those the word after it gets (``-1:``), two after (``-2:``), before (``+1:``), two before (``+2:``).
    Both ways of running the model (:class:`TagScorer` and python-crfsuite) start from these."""
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
    if w in filtered:
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
    return own, prev1, prev2, next1, next2


def _clear_best(labels: tuple[int, ...], sums: list[float], margin: float) -> int | None:
    """The label with the greatest of ``sums``, or None when another comes within ``margin`` of it."""
    top = max(sums)
    if len(sums) > 1 and top - sorted(sums)[-2] <= margin:
        return None
    return labels[sums.index(top)]


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


class TagScorer:
    """pyvi's part-of-speech CRF run here: crfsuite's state sums, and its Viterbi's labels, from the model file.

    Why: python-crfsuite's call was 60% of Vietnamese tokenising, most of it
    converting ~13 attribute strings per word.  Here a word is remembered as
    the row ids of its attributes in the model's weight matrix (21 int32:
    its own, and what it brings to the items of the words around it; row 0
    is zeros, for an attribute absent or unknown, which adds 0.0 and changes
    no sum), and a line's state scores are those rows gathered item by item
    and added one after another in the item's order, as crfsuite adds them.

    The labels: a plain 19-label Viterbi in numpy or Python cost as much as
    python-crfsuite's whole call, but most labels cannot be on the best path:
    where an item's best label beats label k by more than the transitions
    could ever make up (:meth:`_bounds`), k is off the path.  Most items keep
    one label (their label, whatever else the line holds); the runs of items
    that keep more are decided each between the fixed labels around them
    (:meth:`_decide`), and every choice made must win by far more than
    rounding could change (:meth:`_margin`) or the line goes to a Viterbi
    that adds exactly as crfsuite does (:meth:`_viterbi`).  Either way the
    labels are crfsuite's, checked against python-crfsuite on real news
    (``tests/test_vi_pos_scorer.py``).
    """

    #: How many attributes a word has at most: its own, as the word before an item (``-1:``), two before
    #: (``-2:``), after (``+1:``), two after (``+2:``).
    WIDTHS = (7, 4, 3, 4, 3)
    #: Columns of :meth:`_items`' table: a word's ids, then BOS or EOS.
    COLUMNS = 22
    #: An item's attributes in crfsuite's order, each as (row relative to the item's word, column) in
    #: :meth:`_items`' table: own; BOS; the word before's ``-1:``; two before's ``-2:``; the word after's
    #: ``+1:``; two after's ``+2:``; EOS.
    SLOTS = (*((0, c) for c in range(7)), (-1, 21), *((-1, c) for c in range(7, 11)),
             *((-2, c) for c in range(11, 14)), *((1, c) for c in range(14, 18)), *((2, c) for c in range(18, 21)),
             (1, 21))

    def __init__(self, arrays: Arrays, filtered: set[str]) -> None:
        labels, names, state, transitions = arrays
        self.labels = labels
        size = len(labels)
        if size < 2 or state.shape != (len(names), size) or transitions.shape != (size, size):
            raise ValueError(f"not a crfsuite model's weights: {size} labels, {state.shape}, {transitions.shape}")
        self._size = size
        self._filtered = filtered
        #: False: every line's labels from :meth:`_viterbi`, never :meth:`_decide` (the tests compare both).
        self.decide = True
        #: The model's state weights, row 0 zeros: an attribute's row id is its id + 1.
        self._rows = np.vstack([np.zeros((1, size)), state])
        self._ids = {name: number for number, name in enumerate(names, 1)}
        self._names = ["", *names]  # by row id
        self._bos, self._eos = (self._ids.get(name, 0) for name in ("BOS", "EOS"))
        self._places = self._slot_places(256)
        self._row_starts = size * np.arange(256)
        self._matrix = transitions
        self._steepest = float(np.abs(transitions).max())
        self._transitions: list[list[float]] = transitions.tolist()
        come_from, go_to = self._bounds(transitions)
        self._come, self._go = come_from.max(axis=1), go_to.max(axis=1)
        #: The same per (w, i) and (w, j), flattened to rows ``w * labels + i`` (a ``take`` is cheaper).
        self._come_from, self._go_to = come_from.reshape(size * size, size), go_to.reshape(size * size, size)
        self._powers = np.left_shift(1, np.arange(size, dtype=np.int64))
        # [a][b][k]: T(a, k) + T(k, b), where a or b -1 is no label (the line's edge): the transitions around an
        # item with label k between labels a and b
        edged = np.zeros((size + 1, size + 1))
        edged[:size, :size] = transitions
        self._through: list[list[list[float]]] = (edged[:, None, :size] + edged[:size, :].T[None, :, :]).tolist()
        # [a][k]: T(a, k), and [b][k]: T(k, b); a or b -1 is the line's edge (no transition)
        self._from_edged: list[list[float]] = edged[:, :size].tolist()
        self._to_edged: list[list[float]] = edged[:size, :].T.tolist()
        self._sets: dict[int, tuple[int, ...]] = {}

    @staticmethod
    def _bounds(transitions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """How far the transitions can move two labels' sums apart, coming in and going on (``[w, i, k]``).

        At item t, label k's sum less label w's exceeds the difference of their state scores by at most
        ``max(come_from[w, i, k] = T[i, k] - T[i, w])`` over the labels i that can be k's best predecessor
        (w could take the same one), and none at the first item; k is the best predecessor of some label j at
        item t + 1 only if its sum comes within ``max(go_to[w, j, k] = T[k, j] - T[w, j])`` over those j of
        w's, and the last label only if it is not below w's.  So where an item's best label w beats k by more
        than those bounds, k is off the best path.
        """
        t = transitions
        return t[None, :, :] - t.T[:, :, None], t.T[None, :, :] - t[:, :, None]

    def items(self, words: list[bytes]) -> list[list[str]]:
        """python-crfsuite's items for a line of words given by their :meth:`word` rows: the attribute names
        the model knows, in the item's order (what :meth:`VietnameseTagger._crfsuite_tags` gives it), for the
        short lines python-crfsuite tags faster (:data:`SCORED_FROM`) without a second memory of words."""
        names = self._names
        return [[names[i] for i in item if i] for item in self._items(words).T.tolist()]

    def word(self, w: str) -> bytes:
        """The row ids of ``w``'s attributes, packed (21 int32, what the word memory keeps): its own, then
        those it brings to the items after it (``-1:``, ``-2:``) and before it (``+1:``, ``+2:``), each group
        filled to :attr:`WIDTHS` with row 0, as is an attribute the model does not know."""
        own, prev1, prev2, next1, next2 = _word_attributes(w, self._filtered)
        gaps = _GAPS  # no name: row 0, which adds 0.0 and changes no sum
        names = [*own, *gaps[7 - len(own)], *prev1, *gaps[4 - len(prev1)], *prev2, *gaps[3 - len(prev2)],
                 *next1, *gaps[4 - len(next1)], *next2, *gaps[3 - len(next2)]]
        get = self._ids.get
        return _IDS.pack(*[get(name, 0) for name in names])

    def _items(self, words: list[bytes]) -> np.ndarray:
        """Each item's attribute row ids, in the item's order (:attr:`SLOTS`), from its words' ids.

        The words' ids go in a table with two empty rows either side, and a last column that is empty but
        for BOS (the row before the first word) and EOS (the row after the last): an item's slot ``(row,
        column)`` is a fixed place relative to its word, so one ``take`` builds every item.
        """
        n = len(words)
        table = np.zeros((n + 4, self.COLUMNS), dtype=np.int32)
        table[2 : n + 2, :-1] = np.frombuffer(b"".join(words), dtype=np.int32).reshape(n, -1)
        table[1, -1], table[n + 2, -1] = self._bos, self._eos
        if len(self._places) < n:
            self._places, self._row_starts = self._slot_places(2 * n), self._size * np.arange(2 * n)
        return table.ravel().take(self._places[:n].T)

    @classmethod
    def _slot_places(cls, n: int) -> np.ndarray:
        """Where in :meth:`_items`' table (flattened) each slot of items 0 to n - 1 is."""
        one = np.array([(row + 2) * cls.COLUMNS + column for row, column in cls.SLOTS], dtype=np.intp)
        return one + cls.COLUMNS * np.arange(n, dtype=np.intp)[:, None]

    def _scores(self, words: list[bytes]) -> np.ndarray:
        """Each item's state score per label: its attributes' rows added one after another in the item's order,
        from the first (crfsuite starts from 0.0: the same sums).  ``np.add.reduce`` over the first axis of a
        C-ordered array adds its slices in order, not pairwise (the tests check the sums are crfsuite's)."""
        items = self._items(words)
        used = items.any(axis=1)  # a slot no item of the line has (digits, capitals...) would add only 0.0
        return np.add.reduce(self._rows.take(items if used.all() else items[used], axis=0), axis=0)

    def tags(self, words: list[bytes]) -> list[str]:
        """The labels of a line of words, each given by its :meth:`word` row."""
        n = len(words)
        score = self._scores(words)
        best = score.argmax(axis=1)  # crfsuite's choice among equal scores is the first, as argmax's
        path: list[int] = best.tolist()
        if n > 1:
            top = np.maximum.reduce(score, axis=1)
            margin = self._margin(score, top, n)
            keep = self._kept(score, best, top, n, margin)
            multi = (np.add.reduce(keep, axis=1) > 1).nonzero()[0]
            # else every item has one label left: the path; where some have more, decided apart
            if len(multi) and not (self.decide and self._decide(score, keep, multi, path, margin)):
                path = best.tolist()
                self._viterbi(score, best, keep, multi, path)
        labels = self.labels
        return [labels[k] for k in path]

    def _margin(self, score: np.ndarray, top: np.ndarray, n: int) -> float:
        """A bound far above how much rounding can move crfsuite's sums apart from each other.

        Why: its sums along a line of n items are at most ``n * (max |state| + max |transition|)`` in size,
        and each of their 2n additions can be off by half a unit in the last place of that; two of them are
        off from each other by at most ``4n * 2**-53`` of it, a 128th of this margin.
        """
        largest = max(abs(float(top.max())), abs(float(score.min())))
        return 1e-9 + 2.0**-44 * n * n * (largest + self._steepest)

    def _kept(self, score: np.ndarray, best: np.ndarray, top: np.ndarray, n: int, margin: float) -> np.ndarray:
        """Which labels of each item can be on the best path (see :meth:`_bounds`)."""
        come, go = self._come.take(best, axis=0), self._go.take(best, axis=0)
        come[0] = go[-1] = 0.0  # nothing comes into the first item, nothing goes on from the last
        below = top[:, None] - score
        below -= margin
        # First with every label before and after: those that can be the best predecessor of some label (or
        # the last label), each item's ``slack >= 0``.
        slack = come + go
        slack -= below
        # Then where an item has at most two of those, its best label and ``other`` (maybe less), over only
        # those two before and after.
        flat = slack.reshape(-1)
        starts = self._row_starts[:n]
        flat[starts + best] = -np.inf
        other = slack.argmax(axis=1)
        flat[starts + other] = -np.inf
        fits = (np.maximum.reduce(slack, axis=1) < 0)[:, None]
        size = self._size
        # [w * size + i]: the bounds of label w's item when the item before keeps at most i and its best label
        into, before = best[1:] * size, best[:-1]
        came = np.maximum(self._come_from.take(into + before, axis=0),
                          self._come_from.take(into + other[:-1], axis=0))
        np.copyto(come[1:], came, where=fits[:-1])
        out, after = best[:-1] * size, best[1:]
        gone = np.maximum(self._go_to.take(out + after, axis=0), self._go_to.take(out + other[1:], axis=0))
        np.copyto(go[:-1], gone, where=fits[1:])
        come += go
        return below <= come

    def _decide(self, score: np.ndarray, keep: np.ndarray, multi: np.ndarray, path: list[int],
                margin: float) -> bool:
        """The labels of the items where more than one is kept (``multi``), written into ``path``; False
        (``path`` half written) when some choice was closer than ``margin``, for :meth:`_viterbi` to make.

        Why: an item kept with one label is on the path with it, whatever the sums before it, so the path
        splits there: each run of items with more labels kept is decided between the fixed labels around it,
        by its own small Viterbi from 0.0.  Those sums are not crfsuite's (they start elsewhere), but each
        choice they make beats the others by more than ``margin``, far above what rounding could change in
        crfsuite's (see :meth:`_margin`), so crfsuite makes the same; a closer choice goes to
        :meth:`_viterbi`, which adds as crfsuite does.
        """
        positions = multi.tolist()
        rows = score.take(multi, axis=0).tolist()
        codes = (keep.take(multi, axis=0) @ self._powers).tolist()
        known, through, last = self._sets, self._through, len(path) - 1
        positions.append(-2)  # ends the last run
        start = 0
        for end in range(1, len(positions)):
            p = positions[start]
            if positions[end] == positions[end - 1] + 1:
                continue
            if end - start == 1:  # an item alone, the most of them: T(before, k) + state(k) + T(k, after)
                row, code = rows[start], codes[start]
                around = through[path[p - 1] if p else -1][path[p + 1] if p < last else -1]
                labels = known.get(code) or self._set(code)
                sums = [around[k] + row[k] for k in labels]
                top = max(sums)
                if top - sorted(sums)[-2] <= margin:
                    return False
                path[p] = labels[sums.index(top)]
            elif end - start == 2:  # two items: the best of the pairs of their labels, by a clear margin
                pair = self._decide_pair(p, rows[start], rows[start + 1], codes[start], codes[start + 1], path,
                                         margin)
                if pair is None:
                    return False
                path[p], path[p + 1] = pair
            elif not self._decide_run(p, rows[start:end], codes[start:end], path, margin):
                return False
            start = end
        return True

    def _decide_pair(self, p: int, first: list[float], second: list[float], first_code: int, second_code: int,
                     path: list[int], margin: float) -> tuple[int, int] | None:
        """:meth:`_decide` for items ``p`` and ``p + 1``: the pair of labels whose path between the fixed labels
        around them sums highest, when no other pair comes within ``margin`` of it."""
        transitions, known = self._transitions, self._sets
        into = self._from_edged[path[p - 1] if p else -1]
        out = self._to_edged[path[p + 2] if p + 2 < len(path) else -1]
        ones = [(i, into[i] + first[i]) for i in known.get(first_code) or self._set(first_code)]
        twos = [(j, second[j] + out[j]) for j in known.get(second_code) or self._set(second_code)]
        sums = [(x + transitions[i][j] + y, i, j) for i, x in ones for j, y in twos]
        sums.sort(reverse=True)
        top, i, j = sums[0]
        return (i, j) if top - sums[1][0] > margin else None

    def _decide_run(self, p: int, rows: list[list[float]], codes: list[int], path: list[int],
                    margin: float) -> bool:
        """:meth:`_decide` for the items ``p`` on (one per row of ``rows``), between the labels fixed around."""
        transitions, known = self._transitions, self._sets
        labels = known.get(codes[0]) or self._set(codes[0])
        row = rows[0]
        if p > 0:
            into = transitions[path[p - 1]]
            alpha = [into[k] + row[k] for k in labels]
        else:
            alpha = [row[k] for k in labels]
        steps: list[tuple[tuple[int, ...], list[float]]] = []
        for code, row in zip(itertools.islice(codes, 1, None), itertools.islice(rows, 1, None), strict=True):
            current = known.get(code) or self._set(code)
            steps.append((labels, alpha))
            alpha = [max([x + transitions[i][j] for i, x in zip(labels, alpha, strict=True)]) + row[j]
                     for j in current]
            labels = current
        q = p + len(rows) - 1
        if q < len(path) - 1:
            last = path[q + 1]
            alpha = [x + transitions[i][last] for i, x in zip(labels, alpha, strict=True)]
        label = _clear_best(labels, alpha, margin)
        if label is None:
            return False
        path[q] = label
        for t in range(q, p, -1):
            labels, alpha = steps[t - p - 1]
            label = _clear_best(labels, [x + transitions[i][label] for i, x in zip(labels, alpha, strict=True)],
                                margin)
            if label is None:
                return False
            path[t - 1] = label
        return True

    def _viterbi(self, score: np.ndarray, best: np.ndarray, keep: np.ndarray, multi: np.ndarray,
                 path: list[int]) -> None:
        """crfsuite's ``crf1dc_viterbi`` over the labels kept at each item, correcting ``path`` (each item's
        best label, right where it is the only one kept) where more are kept (``multi``, in order).

        An item with one label kept passes on one sum; a run of them is a chain of additions (the transition,
        then the state score, as crfsuite adds them), and after the last item with more labels kept nothing is
        left to decide.  Among a label's predecessors the first of equal sums wins, as in crfsuite (``max`` and
        ``index`` keep the first; the sums are finite, so crfsuite's start at ``-DBL_MAX`` never wins).
        """
        transitions, known = self._transitions, self._sets
        n, positions = len(path), multi.tolist()
        own = score.max(axis=1).tolist()  # each item's best label's state score
        along = self._matrix[best[:-1], best[1:]].tolist()  # the transition into each item from the one before
        rows = score[multi].tolist()
        codes = (keep[multi] @ self._powers).tolist()
        backs: dict[int, int | dict[int, int]] = {}
        t, alpha = 0, [own[0]]
        labels: tuple[int, ...] = (path[0],)
        for m, row, code in zip(positions, rows, codes, strict=True):
            current = known.get(code) or self._set(code)
            if m == 0:
                labels, alpha = current, [row[j] for j in current]
                continue
            if t < m - 1:  # into the run of items with one label, then along it
                w = path[t + 1]
                if len(labels) == 1:
                    a = alpha[0] + transitions[labels[0]][w] + own[t + 1]
                else:
                    sums = [x + transitions[i][w] for i, x in zip(labels, alpha, strict=True)]
                    top = max(sums)
                    backs[t + 1] = labels[sums.index(top)]
                    a = top + own[t + 1]
                for x, y in zip(along[t + 1 : m - 1], own[t + 2 : m], strict=True):
                    a = a + x + y
                labels, alpha = (path[m - 1],), [a]
            if len(labels) == 1:
                a, into = alpha[0], transitions[labels[0]]
                alpha = [a + into[j] + row[j] for j in current]
            else:
                back: dict[int, int] = {}
                following: list[float] = []
                for j in current:
                    sums = [x + transitions[i][j] for i, x in zip(labels, alpha, strict=True)]
                    top = max(sums)
                    back[j] = labels[sums.index(top)]
                    following.append(top + row[j])
                backs[m], alpha = back, following
            labels, t = current, m
        if t == n - 1:
            top = max(alpha)
            path[t] = labels[alpha.index(top)]
        else:
            sums = [x + transitions[i][path[t + 1]] for i, x in zip(labels, alpha, strict=True)]
            backs[t + 1] = labels[sums.index(max(sums))]
        for m in reversed(positions):
            if m < n - 1:
                step = backs[m + 1]
                path[m] = step if isinstance(step, int) else step[path[m + 1]]

    def _set(self, code: int) -> tuple[int, ...]:
        """The labels of a bit mask, in crfsuite's order (remembered: a few hundred masks occur)."""
        labels = tuple(k for k in range(self._size) if code >> k & 1)
        self._sets[code] = labels
        return labels
