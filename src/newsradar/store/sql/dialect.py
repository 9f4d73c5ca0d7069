"""What differs between the SQL of the two stores, so everything else is written once.

The article, browsing, story and trend queries are shared by the SQLite and the
PostgreSQL store (``?`` placeholders; the PostgreSQL connection translates them).
The few places where the two SQL dialects disagree ask a :class:`Dialect`:
how full-text search is written, and which ``LIKE`` ignores case (SQLite's
``LIKE`` does for ASCII, PostgreSQL's needs ``ILIKE``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..fulltext import match_query, tsquery_literal


class Cursor(Protocol):
    """The part of a DB-API cursor the shared queries use (``sqlite3.Cursor`` has it)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """The part of ``sqlite3.Connection`` the shared queries use; rows are read by position and by name."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any: ...


@dataclass(frozen=True, slots=True)
class Dialect:
    name: str
    #: A case-insensitive LIKE (both stores escape wildcards with ``ESCAPE '\\'``).
    like: str
    #: A full-text query -> ``(condition on articles a, parameters)``; ``None`` when nothing is searchable.
    fulltext: Callable[[str], tuple[str, list[Any]] | None]


def _fts5(query: str) -> tuple[str, list[Any]] | None:
    expr = match_query(query)
    if expr is None:
        return None
    return "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)", [expr]


def _tsquery(query: str) -> tuple[str, list[Any]] | None:
    expr = tsquery_literal(query)
    if expr is None:
        return None
    return "a.id IN (SELECT article_id FROM article_search WHERE terms @@ ?::tsquery)", [expr]


SQLITE = Dialect("sqlite", like="LIKE", fulltext=_fts5)
POSTGRES = Dialect("postgresql", like="ILIKE", fulltext=_tsquery)
