"""Articles per hour, per facet value, language and outlet, kept in ``facet_hours`` (both stores).

Why: a trend, an entity listing or a pair timeline counted the enrichment query
tables joined to ``articles`` row by row, so every query read every article of
the period (seconds at 100k articles).  ``facet_hours`` holds those counts
already summed per hour ``(kind, value, hour, language, source) -> articles``;
``kind = ''`` (value ``''``) counts every article, enriched or not, which is the
denominator of a share.

The table is written in the transaction that changes what it counts: an ingest
(new or changed articles), an enrichment (facets replaced, language set) and a
deletion each subtract the articles' old contribution and add the new one
(:func:`shift_facets`, which the writers call next to :func:`.outlets.shift_outlets`), so it
cannot drift from the query tables.

A period that does not start or end on an hour (``since=7d``) is read as the
whole hours inside it from ``facet_hours`` plus its first and last hour counted
exactly from the articles, with the very conditions the row-by-row query used,
so answers are identical to it (:func:`slice_rows`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ..base import TrendFilter
from .common import chunks, slice_clauses, utc_text
from .dialect import Connection

#: The time of an article for listings: published, else arrived.
TIME = "COALESCE(a.published_utc, a.ingested_at)"
#: Its hour key, the form ``facet_hours.hour`` holds (and the expression the ``articles_hour`` index is on).
#: An article without a publication date is kept under the hour ``''``: it counts in totals over all
#: time (an entity's articles) but in no time window, no chart and no trend baseline, where its ingest
#: time would pile a whole archive onto the day it was read.
HOUR = "COALESCE(substr(a.published_utc, 1, 13), '')"
#: The hour of an undated article.
UNDATED = "''"
#: kind -> (query table, value column); kind ``''`` is every article.
FACETS: dict[str, tuple[str, str]] = {
    "keyword": ("article_keywords", "term"),
    "entity": ("article_entities", "key"),
    "topic": ("article_topics", "topic"),
    "country": ("article_countries", "code"),
    "pair": ("article_pairs", "pair"),
}
ALL = ""

_DIMS = f"{HOUR}, COALESCE(a.language, ''), COALESCE(a.source, '')"
_INSERT = "INSERT INTO facet_hours (kind, value, hour, language, source, articles) "
_UPSERT = (" ON CONFLICT (kind, value, hour, language, source) "
           "DO UPDATE SET articles = facet_hours.articles + excluded.articles")


def _select(kind: str, count: str, where: str) -> str:
    """``(kind, value, hour, language, source, articles)`` rows of one kind, summed over ``articles a``."""
    if kind == ALL:
        return f"SELECT '', '', {_DIMS}, {count} FROM articles a{where} GROUP BY 3, 4, 5"
    table, column = FACETS[kind]
    return (f"SELECT '{kind}', f.{column}, {_DIMS}, {count} FROM {table} f JOIN articles a ON a.id = f.article_id"
            f"{where} GROUP BY 2, 3, 4, 5")


def recount_queries() -> list[str]:
    """SELECTs of what ``facet_hours`` should hold, counted afresh from the articles and query tables."""
    return [_select(kind, "COUNT(*)", "") for kind in (ALL, *FACETS)]


def backfill_statements() -> list[str]:
    """SQL (the same on both stores) filling ``facet_hours`` from the articles and query tables as they are."""
    return [_INSERT + query for query in recount_queries()]


def shift_facets(db: Connection, article_ids: Sequence[str], sign: int) -> None:
    """Add (``sign=1``) or remove (``-1``) the articles' contribution, as they are now, to ``facet_hours``.

    Called inside the writer's transaction, with ``-1`` before it changes the articles (or their facets)
    and ``+1`` after, so the table follows every change.  Rows that fall to 0 stay (readers skip them).
    """
    ids = list(dict.fromkeys(article_ids))
    count = f"{int(sign)} * COUNT(*)"
    for chunk in chunks(ids):
        where = f" WHERE a.id IN ({','.join('?' * len(chunk))})"
        for kind in (ALL, *FACETS):
            db.execute(_INSERT + _select(kind, count, where) + _UPSERT, chunk)


def _on_the_hour(when: datetime) -> bool:
    """Whether the stored form of ``when`` (what the exact clauses compare with) starts an hour."""
    return utc_text(when).endswith(":00:00Z")


def slice_rows(kind: str, flt: TrendFilter, values: Sequence[str] | None = None, *,
               dated: bool = False) -> tuple[str, list[Any]]:
    """A subquery of ``(hour, value, language, source, n)`` rows whose sums are the articles of the slice.

    Undated articles count only in a slice over all time, and not even there with ``dated`` (a series
    by time).

    Whole hours of the period come from ``facet_hours``; the hour holding ``since`` and the hour holding
    ``until`` (when given) are counted from the articles with the slice's own conditions.  Summing ``n``
    by hour, value, language or outlet gives exactly what counting distinct articles of the slice gave.
    """
    params: list[Any] = [kind]
    where = ["h.kind = ?", "h.articles > 0"]
    if flt.since or flt.until or dated:  # a time window, or a series by time: undated articles are in neither
        where.append(f"h.hour <> {UNDATED}")
    first = utc_text(flt.since)[:13] if flt.since else None
    last = utc_text(flt.until)[:13] if flt.until else None
    # A bound on the hour needs no exact count: ``since`` keeps its whole first hour, ``until`` none of its own.
    first_exact = flt.since is not None and not _on_the_hour(flt.since)
    last_exact = flt.until is not None and not _on_the_hour(flt.until)
    edges = [e for e, exact in ((first, first_exact), (last, last_exact)) if e and exact]
    if first:
        where.append("h.hour > ?" if first_exact else "h.hour >= ?")
        params.append(first)
    if last:
        where.append("h.hour < ?")
        params.append(last)
    if flt.language:
        where.append("h.language = ?")
        params.append(flt.language)
    if flt.source:
        where.append("h.source = ? COLLATE NOCASE")
        params.append(flt.source)
    marks = ",".join("?" * len(values)) if values is not None else ""
    if values is not None:
        where.append(f"h.value IN ({marks})")
        params += list(values)
    parts = [f"SELECT h.hour AS hour, h.value AS value, h.language AS language, h.source AS source, "
             f"h.articles AS n FROM facet_hours h WHERE {' AND '.join(where)}"]
    for edge in dict.fromkeys(edges):
        clauses, slice_params = slice_clauses("a.published_utc", flt.since, flt.until, flt.language, flt.source)
        clauses.insert(0, f"{HOUR} = ?")
        slice_params.insert(0, edge)
        if kind == ALL:
            source = "articles a"
            value = "''"
        else:
            table, column = FACETS[kind]
            source = f"{table} f JOIN articles a ON a.id = f.article_id"
            value = f"f.{column}"
            if values is not None:
                clauses.append(f"f.{column} IN ({marks})")
                slice_params += list(values)
        parts.append(f"SELECT {HOUR} AS hour, {value} AS value, COALESCE(a.language, '') AS language, "
                     f"COALESCE(a.source, '') AS source, 1 AS n FROM {source} WHERE {' AND '.join(clauses)}")
        params += slice_params
    return " UNION ALL ".join(parts), params
