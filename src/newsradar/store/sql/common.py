"""Small pieces the SQL stores share: UTC time text, id chunks, slice filters."""

from __future__ import annotations

from collections.abc import Container, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from ..base import ArticleFilter
from .dialect import SQLITE, Connection, Dialect

#: SQLite caps bound parameters; lists of ids are sent in chunks of this size.
CHUNK = 500


def utc_text(value: datetime) -> str:
    """The stored form of an instant: UTC, second precision, ``Z`` suffix (sorts as text)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


#: Where both stores record the migrations they applied (``schema_version`` is its highest version).
MIGRATIONS_TABLE = ("CREATE TABLE IF NOT EXISTS schema_migrations "
                    "(version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)")


def apply_migration(db: Connection, version: int, description: str, statements: Sequence[str]) -> None:
    """Run one migration's statements and record it, inside the caller's transaction."""
    for statement in statements:
        db.execute(statement)
    db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
               (version, description, datetime.now(UTC).isoformat()))


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield list(items[start:start + size])


def slice_clauses(time_column: str, since: datetime | None, until: datetime | None, language: str | None,
                  source: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles a`` for a period (on ``time_column``), a language and an outlet."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append(f"{time_column} >= ?")
        params.append(utc_text(since))
    if until:
        clauses.append(f"{time_column} < ?")
        params.append(utc_text(until))
    if language:
        clauses.append("a.language = ?")
        params.append(language)
    if source:
        clauses.append("a.source = ? COLLATE NOCASE")
        params.append(source)
    return clauses, params


#: ArticleFilter field -> the query table that must hold a row for the article.
_FACET_FILTERS = (
    ("topic", "article_topics", "topic"),
    ("country", "article_countries", "code"),
    ("entity", "article_entities", "key"),
    ("pair", "article_pairs", "pair"),
    ("story", "story_articles", "story_id"),
)


def facet_filters(flt: ArticleFilter) -> list[tuple[str, str, str, str]]:
    """``(field, table, column, value)`` of each query-table condition the filter sets."""
    return [(name, table, column, value) for name, table, column in _FACET_FILTERS
            if (value := getattr(flt, name))]


def article_clauses(flt: ArticleFilter, dialect: Dialect = SQLITE,
                    common: Container[str] = ()) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles a`` for every field of an :class:`ArticleFilter`.

    A query-table condition (a story, an entity...) is written as ``a.id IN
    (its articles)``, which the database answers from the table's index: a
    story of 3 articles is found without reading the 100k others.  For the
    fields named in ``common`` it is written as a per-article ``EXISTS``
    instead: a newest-first page of a value carried by thousands of articles
    is then read by walking the articles in order and stopping at the page's
    end, rather than gathering and sorting all of them.
    """
    clauses, params = slice_clauses("a.published_utc", flt.since, flt.until, flt.language, flt.source)
    if flt.query:
        search = dialect.fulltext(flt.query)
        if search is None:
            clauses.append("1 = 0")
        else:
            clauses.append(search[0])
            params += search[1]
    for name, table, column, value in facet_filters(flt):
        if name in common:
            clauses.append(f"EXISTS (SELECT 1 FROM {table} x WHERE x.article_id = a.id AND x.{column} = ?)")
        else:
            clauses.append(f"a.id IN (SELECT x.article_id FROM {table} x WHERE x.{column} = ?)")
        params.append(value)
    return clauses, params
