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


# -- Search-result snippets: the body around the first match, matched terms marked ----------------


def _normalised_with_spans(text: str) -> tuple[str, list[tuple[int, int]] | None]:
    """``text`` NFKC-normalised and lower-cased as :func:`index_terms` sees it, with, for each of its
    characters, the span of ``text`` it came from (``None`` when each character stays itself).

    A base character and the combining marks after it (a decomposed Vietnamese ``ệ``, or conjoining
    Hangul jamo) are normalised together, so a decomposed text maps onto the same terms as a composed one.
    """
    lower = text.lower()
    if len(lower) == len(text) and unicodedata.is_normalized("NFKC", text):
        return lower, None  # nearly every text: no character changes length
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n:
        end = start + 1
        while end < n and (unicodedata.combining(text[end]) or "\u1160" <= text[end] <= "\u11ff"):
            end += 1
        piece = unicodedata.normalize("NFKC", text[start:end]).lower()
        out.append(piece)
        spans.extend([(start, end)] * len(piece))
        start = end
    return "".join(out), spans


def _terms_with_spans(text: str) -> list[tuple[str, int, int]]:
    """The terms of :func:`index_terms`, each with the span ``[start, end)`` of ``text`` it stands for."""
    norm, spans = _normalised_with_spans(text)
    found: list[tuple[str, int, int]] = []

    def add(term: str, a: int, b: int) -> None:  # a, b: offsets in ``norm``
        found.append((term, a, b) if spans is None else (term, spans[a][0], spans[b - 1][1]))

    def add_run(run_start: int, run: str) -> None:
        if len(run) == 1:
            add(run, run_start, run_start + 1)
        for i in range(len(run) - 1):
            add(run[i : i + 2], run_start + i, run_start + i + 2)

    for match in _TOKEN.finditer(norm):
        token, base = match.group(), match.start()
        pos = 0
        for run in _CJK_RUN.finditer(token):
            if run.start() > pos:
                add(token[pos : run.start()], base + pos, base + run.start())
            add_run(base + run.start(), run.group())
            pos = run.end()
        if pos < len(token):
            add(token[pos:], base + pos, base + len(token))
    return found


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's required words occur in ``text``: sorted, non-overlapping ``[start, end)`` spans.

    A word matches as the search does (the same terms, a CJK word as consecutive bigrams), so the
    spans are exactly what made the article a hit; excluded (``-word``) words are never marked.
    """
    required, _ = _query_phrases(query)
    if not required or not text:
        return []
    terms = _terms_with_spans(text)
    words = [t for t, _, _ in terms]
    spans: list[tuple[int, int]] = []
    for phrase in required:
        size = len(phrase)
        for i in range(len(words) - size + 1):
            if words[i : i + size] == phrase:
                spans.append((terms[i][1], terms[i + size - 1][2]))
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):  # overlapping or only space apart ("Hàn Quốc"): one mark
        if merged and (a <= merged[-1][1] or text[merged[-1][1] : a].isspace()):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


_SPACE = re.compile(r"\s+")


def snippet(text: str, query: str, width: int = 180) -> tuple[str, list[tuple[int, int]]]:
    """About ``width`` characters of ``text`` around the first match of ``query``, whitespace collapsed.

    Returns ``(snippet, highlights)``: the plain text (an ellipsis ``…`` marks a cut) and the
    ``[start, end)`` offsets, in characters (code points) of the snippet, of every matched word in it.
    With no match in ``text`` (the hit was in the title) it is the start of the text, with no highlight.
    """
    spans = match_spans(text, query)
    first = spans[0][0] if spans else 0
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    # Cut at a space when there is one near (spaced scripts); CJK text is cut anywhere.
    if start > 0:
        space = text.find(" ", start, min(first, start + 20))
        if space != -1:
            start = space + 1
    if end < len(text):
        last = max(first, spans[0][1] if spans else 0)
        space = text.rfind(" ", max(last, end - 20), end)
        if space != -1:
            end = space
    pieces: list[tuple[str, bool]] = []
    pos = start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        pieces += [(text[pos:a], False), (text[a:b], True)]
        pos = b
    pieces.append((text[pos:end], False))
    out = "…" if start > 0 else ""
    marks: list[tuple[int, int]] = []
    for piece, marked in pieces:
        piece = _SPACE.sub(" ", piece)
        if not out or out.endswith(" ") or out == "…":
            piece = piece.lstrip() if not marked else piece
        if marked:
            marks.append((len(out), len(out) + len(piece)))
        out += piece
    out = out.rstrip()
    if end < len(text):
        out += "…"
    return out, marks


def snippet_html(text: str, highlights: list[tuple[int, int]]) -> str:
    """A snippet as HTML: every character escaped, each highlight wrapped in ``<mark>`` (the only markup)."""
    from html import escape

    out: list[str] = []
    pos = 0
    for a, b in highlights:
        out += [escape(text[pos:a]), "<mark>", escape(text[a:b]), "</mark>"]
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)
