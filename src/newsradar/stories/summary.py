"""Extractive story summaries: the most central sentences of the members' leads.

Centrality is the sum of a sentence's word overlap with every other
sentence (degree centrality, the idea behind LexRank without the random
walk): what many outlets say is what the story is.  Near-identical sentences
(wire copies) are picked once.
"""

from __future__ import annotations

import itertools
import math
import re

import numpy as np

from ..model import Article

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff]")
LEAD_SENTENCES = 3
MAX_SENTENCES = 240


def _units(sentence: str) -> set[str]:
    """Words, or character bigrams for Chinese (no spaces to split on)."""
    words = {w.lower() for w in _WORD.findall(sentence)}
    if _CJK.search(sentence):
        chars = [c for c in sentence if _CJK.match(c)]
        words |= {a + b for a, b in itertools.pairwise(chars)}
    return {w for w in words if len(w) > 1}


#: Words whose full stop ends an abbreviation, not a sentence ("SEOUL, Nov. 17 (Yonhap)", "Mr. Kim", "U.S. chips").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Rep|Sen|Gov|"
    r"St|No|Co|Corp|Inc|Ltd|Jr|Sr|vs|approx|est|ca)|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])\.$")


def split_sentences(text: str) -> list[str]:
    """Sentences of a text, not cut after abbreviations such as month names or initials."""
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return pieces


def lead_sentences(article: Article) -> list[str]:
    sentences = [s for s in split_sentences(article.body) if len(s) >= 20]
    return sentences[:LEAD_SENTENCES] or ([article.title.strip()] if article.title.strip() else [])


def _centrality(units: list[set[str]]) -> list[float]:
    """Each sentence's summed cosine with every other sentence (as sets of words).

    Why a matrix: 240 sentences are 57,000 set intersections in Python, a
    tenth of a second on every story page; as one product of a sentence x
    word matrix with its transpose it takes about a millisecond.
    """
    vocabulary: dict[str, int] = {}
    rows = [[vocabulary.setdefault(w, len(vocabulary)) for w in mine] for mine in units]
    matrix = np.zeros((len(units), max(len(vocabulary), 1)), dtype=np.float64)
    for i, columns in enumerate(rows):
        if columns:
            matrix[i, columns] = 1.0 / math.sqrt(len(columns))
    cosines = matrix @ matrix.T
    np.fill_diagonal(cosines, 0.0)
    return [float(x) for x in cosines.sum(axis=1)]


def summarize(members: list[Article], limit: int = 3, language: str | None = None) -> list[str]:
    """Up to ``limit`` sentences, in ``language`` when given (the story's main language)."""
    pool: list[str] = []
    for article in members:
        if language and article.language and article.language != language:
            continue
        pool.extend(lead_sentences(article))
        if len(pool) >= MAX_SENTENCES:
            break
    if not pool:
        return []
    units = [_units(s) for s in pool]
    scores = _centrality(units)
    chosen: list[int] = []
    for i in sorted(range(len(pool)), key=lambda k: (-scores[k], k)):
        if any(units[i] and len(units[i] & units[j]) / len(units[i] | units[j]) > 0.6 for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == limit:
            break
    return [pool[i] for i in chosen]
