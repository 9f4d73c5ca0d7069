"""Keywords per article: TF-IDF of its content terms against the store's own corpus.

Document frequencies are kept per language in the store and updated as
articles are enriched, so "keyword" means "frequent here, rare elsewhere in
what this newsroom has read", which is what an editor scanning a day wants.
Title terms count double: a headline states what the story is about.

A multi-word name is one keyword: "Da Nang", not "da" and "nang" side by side
in the list (:func:`join_phrases`, from the article's own entities).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

#: "a.m", "p.m", "u.s": initials are no keyword (the time of day is noise; countries have their own facet).
_INITIALS = re.compile(r"^(\w\.){1,3}\w?\.?$")


def name_phrases(names: Iterable[str], terms: Iterable[str]) -> dict[tuple[str, ...], str]:
    """Multi-word names by their run of content terms: "Bank of Korea" is ("bank", "korea") when "of" is no
    term, and is keyed as "bank of korea"."""
    known = set(terms)
    phrases: dict[tuple[str, ...], str] = {}
    for name in names:
        spelled = [w.strip(".,'\"()") for w in name.lower().split()]
        words = tuple(w for w in spelled if w in known)
        if len(words) >= 2:
            phrases.setdefault(words, " ".join(w for w in spelled if w))
    return phrases


def join_phrases(terms: list[str], phrases: dict[tuple[str, ...], str]) -> list[str]:
    """``terms`` with each run of a phrase's words replaced by the phrase as one term, longest first."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(phrases, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(words)
    joined: list[str] = []
    at = 0
    while at < len(terms):
        for words in by_first.get(terms[at], ()):
            if tuple(terms[at:at + len(words)]) == words:
                joined.append(phrases[words])
                at += len(words)
                break
        else:
            joined.append(terms[at])
            at += 1
    return joined


def phrase_frequencies(phrases: dict[tuple[str, ...], str], df: dict[str, int]) -> dict[str, int]:
    """A phrase is in at most as many documents as its rarest word: that bound stands in for its count."""
    return {phrase: min(df.get(w, 0) for w in words) for words, phrase in phrases.items()}


def keywords(title_terms: list[str], body_terms: list[str], df: dict[str, int], docs: int,
             limit: int = 10) -> list[tuple[str, float]]:
    counts = Counter(t for t in body_terms if not _INITIALS.match(t))
    for term in title_terms:
        if not _INITIALS.match(term):
            counts[term] += 2
    if not counts:
        return []
    total = sum(counts.values())
    scored = []
    for term, count in counts.items():
        idf = math.log((1 + docs) / (1 + df.get(term, 0))) + 1.0
        scored.append((term, round(count / total * idf, 4)))
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored[:limit]
