"""Full-text indexing that works for Chinese and Korean as well as for spaced scripts.

SQLite's ``unicode61`` tokenizer splits on spaces and punctuation, which leaves a
whole Chinese sentence as one "word" and glues Korean particles to nouns
(``한국과`` never matches ``한국``).  Before the enrichment stage has real
segmenter tokens, every run of Han, Kana or Hangul is indexed as overlapping
character bigrams, the classic CJK indexing scheme (Lucene's CJKAnalyzer): a
query for ``베트남`` becomes the phrase ``베트 트남`` and finds ``베트남과``.
The same function runs on the query, so index and query always agree.
"""

from __future__ import annotations

import re
import unicodedata

_CJK = (
    "\u1100-\u11ff\u3040-\u309f\u30a0-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff"
)
_CJK_RUN = re.compile(f"[{_CJK}]+")
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_]+", re.UNICODE)


def _bigrams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(text: str) -> list[str]:
    """The terms a text is indexed under (lower-cased, NFKC, CJK runs as bigrams)."""
    terms: list[str] = []
    for token in _TOKEN.findall(unicodedata.normalize("NFKC", text).lower()):
        if token.isascii():  # most tokens: no CJK inside, nothing to split (checked in C)
            terms.append(token)
        elif _CJK_RUN.fullmatch(token):
            terms.extend(_bigrams(token))
        else:
            # A token may mix scripts ("5G망"): split CJK runs out of it.
            pos = 0
            for match in _CJK_RUN.finditer(token):
                if match.start() > pos:
                    terms.append(token[pos : match.start()])
                terms.extend(_bigrams(match.group()))
                pos = match.end()
            if pos < len(token):
                terms.append(token[pos:])
    return terms


def index_text(text: str) -> str:
    """The string stored in the FTS table for ``text``."""
    return " ".join(index_terms(text))


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression: every query word must occur (CJK words as bigram phrases).

    Returns ``None`` when the query holds no searchable word (only punctuation).
    A leading ``-`` excludes a word; quoting keeps user input from being read as
    FTS5 syntax, so no query can raise a syntax error.
    """
    clauses: list[str] = []
    negated: list[str] = []
    for word in query.split():
        exclude = word.startswith("-") and len(word) > 1
        terms = index_terms(word[1:] if exclude else word)
        if not terms:
            continue
        phrase = '"' + " ".join(t.replace('"', '""') for t in terms) + '"'
        (negated if exclude else clauses).append(phrase)
    if not clauses:
        return None
    expr = " AND ".join(clauses)
    for phrase in negated:
        expr += f" NOT {phrase}"
    return expr
