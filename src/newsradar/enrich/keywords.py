"""Keywords per article: TF-IDF of its content terms against the store's own corpus.

Document frequencies are kept per language in the store and updated as
articles are enriched, so "keyword" means "frequent here, rare elsewhere in
what this newsroom has read", which is what an editor scanning a day wants.
Title terms count double: a headline states what the story is about.
"""

from __future__ import annotations

import math
from collections import Counter


def keywords(title_terms: list[str], body_terms: list[str], df: dict[str, int], docs: int,
             limit: int = 10) -> list[tuple[str, float]]:
    counts = Counter(body_terms)
    for term in title_terms:
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
