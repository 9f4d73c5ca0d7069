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


def _query_phrases(query: str) -> tuple[list[list[str]], list[list[str]]]:
    """``(required phrases, excluded phrases)`` of a query, each phrase a list of index terms.

    Every whitespace-separated word is one phrase (a CJK word becomes its
    bigrams); a leading ``-`` excludes it; a word with no searchable
    character is dropped.
    """
    required: list[list[str]] = []
    excluded: list[list[str]] = []
    for word in query.split():
        exclude = word.startswith("-") and len(word) > 1
        terms = index_terms(word[1:] if exclude else word)
        if terms:
            (excluded if exclude else required).append(terms)
    return required, excluded


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression: every query word must occur (CJK words as bigram phrases).

    Returns ``None`` when the query holds no searchable word (only punctuation).
    A leading ``-`` excludes a word; quoting keeps user input from being read as
    FTS5 syntax, so no query can raise a syntax error.
    """
    required, excluded = _query_phrases(query)
    if not required:
        return None

    def phrase(terms: list[str]) -> str:
        return '"' + " ".join(t.replace('"', '""') for t in terms) + '"'

    expr = " AND ".join(phrase(terms) for terms in required)
    for terms in excluded:
        expr += f" NOT {phrase(terms)}"
    return expr


# -- PostgreSQL: the same terms as a tsvector / tsquery literal ------------------------------------
#
# PostgreSQL's own parser and dictionaries would split and stem text their own
# way; the store instead hands over literals built from ``index_terms`` (cast with
# ``::tsvector`` / ``::tsquery``, which take lexemes verbatim), so both stores
# index and match exactly the same terms in all four languages.

#: tsvector limits: positions stop at 16383, 256 of them per lexeme, a lexeme is < 2 KiB, and the
#: lexemes with their positions (2 bytes each, plus a count and alignment) fill < 1 MiB.
_MAX_POSITION = 16383
_MAX_POSITIONS_PER_LEXEME = 256
_MAX_LEXEME_BYTES = 2046
_MAX_VECTOR_BYTES = 1_000_000
_LEXEME_OVERHEAD = 4


def _lexeme(term: str) -> str:
    if "'" in term or "\\" in term:  # never in a word of index_terms, but a literal must stay one
        term = term.replace("\\", "\\\\").replace("'", "''")
    return f"'{term}'"


def tsvector_literal(title: str, body: str) -> str:
    """A ``tsvector`` literal of an article's title and body terms with their positions.

    The body starts one position after a gap, so a phrase never spans title and
    body (as in the FTS5 table, where they are two columns).  PostgreSQL keeps
    positions up to 16383 only, so a longer text wraps around: a phrase far into
    a long article still finds its words side by side (a coincidental match
    across the wrap is possible, a miss is not).  Lexemes too long for
    PostgreSQL (> 2 KiB, never a real word) are skipped.  The whole value must
    stay under 1 MiB: distinct terms take up to 3/4 of it (some 60 000 words;
    a text with more, such as a dump of a word list, is indexed by its first
    ones), and when the positions would not fit in the rest, each term keeps
    its first ones, as many as fit.
    """
    positions: dict[str, list[int]] = {}
    lexeme_bytes = 0
    position = 0
    for terms in (index_terms(title), index_terms(body)):
        for term in terms:
            position += 1
            known = positions.get(term)
            if known is None:
                cost = len(term.encode()) + _LEXEME_OVERHEAD
                if cost > _MAX_LEXEME_BYTES or lexeme_bytes + cost > _MAX_VECTOR_BYTES * 3 // 4:
                    continue
                lexeme_bytes += cost
                known = positions[term] = []
            at = (position - 1) % _MAX_POSITION + 1
            if len(known) < _MAX_POSITIONS_PER_LEXEME and at not in known[-1:]:
                known.append(at)
        position += 1
    room = (_MAX_VECTOR_BYTES - lexeme_bytes) // 2
    keep = _MAX_POSITIONS_PER_LEXEME
    if position > room:  # more positions than room: find how many per term fit
        while keep > 1 and sum(min(len(p), keep) for p in positions.values()) > room:
            keep //= 2
    wrapped = position > _MAX_POSITION  # positions out of order or repeated after a wrap
    parts = []
    for term, pos in positions.items():
        kept = sorted(set(pos[:keep])) if wrapped or keep < _MAX_POSITIONS_PER_LEXEME else pos
        parts.append(f"{_lexeme(term)}:{','.join(map(str, kept))}")
    return " ".join(parts)


def tsquery_literal(query: str) -> str | None:
    """A ``tsquery`` literal with the meaning of :func:`match_query`; ``None`` when nothing is searchable."""
    required, excluded = _query_phrases(query)
    if not required:
        return None

    def phrase(terms: list[str]) -> str:
        return "(" + " <-> ".join(_lexeme(t) for t in terms) + ")"

    return " & ".join([*(phrase(t) for t in required), *("!" + phrase(t) for t in excluded)])
