"""A pool of PostgreSQL connections that reads like one ``sqlite3.Connection``.

The shared store queries (:mod:`newsradar.store.sql.articles` and friends) call
``self._db.execute(sql, params)`` with ``?`` placeholders and read rows by
position or by column name.  :class:`PooledConnection` gives them exactly that
on top of a :class:`psycopg_pool.ConnectionPool`:

* a statement outside a transaction borrows a connection (autocommit) for just
  that statement, so API threads and a writer never queue behind one
  connection;
* inside :meth:`PooledConnection.transaction` every statement of the thread
  runs on the one connection that holds the transaction;
* results are fetched before the connection goes back to the pool (every
  listing is paged, so they are small).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool


class Row(tuple[Any, ...]):
    """A result row read by position (``row[0]``) or by column name (``row["id"]``), like ``sqlite3.Row``."""

    _names: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    description = cursor.description or []
    names: dict[str, int] = {}
    for i, column in enumerate(description):
        names.setdefault(column.name, i)  # a repeated name reads the first column, as in SQLite

    def make(values: Sequence[Any]) -> Row:
        row = Row(values)
        row._names = names
        return row

    return make


@lru_cache(maxsize=1024)
def to_pyformat(sql: str) -> str:
    """``?`` placeholders as psycopg's ``%s`` (and a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


def without_nul(parameters: Any) -> Any:
    """PostgreSQL text cannot hold NUL (0x00), which SQLite stores as any other character: string
    parameters lose theirs, so a stray NUL in a scraped page or a query never fails a statement."""
    if isinstance(parameters, (list, tuple)) and any(isinstance(p, str) and "\x00" in p for p in parameters):
        return [p.replace("\x00", "") if isinstance(p, str) else p for p in parameters]
    return parameters


class Result:
    """The rows and row count of one statement, already fetched."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self._rowcount = rowcount

    @property
    def rowcount(self) -> int:
        return self._rowcount

    def fetchone(self) -> Any:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[Any]:
        return list(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


class PooledConnection:
    """``execute``/``executemany`` over a connection pool, with per-thread transactions."""

    def __init__(self, pool: ConnectionPool) -> None:
        self.pool = pool
        self._local = threading.local()

    def _pinned(self) -> psycopg.Connection[Any] | None:
        return getattr(self._local, "conn", None)

    @contextmanager
    def transaction(self) -> Iterator[PooledConnection]:
        """One transaction on one pooled connection; committed at the end, rolled back on any error."""
        conn = self._pinned()
        if conn is not None:  # nested: a savepoint inside the thread's transaction
            with conn.transaction():
                yield self
            return
        with self.pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield self
            finally:
                self._local.conn = None

    @staticmethod
    def _run(conn: psycopg.Connection[Any], sql: str, parameters: Any) -> Result:
        with conn.cursor(row_factory=_row_factory) as cursor:
            cursor.execute(to_pyformat(sql), without_nul(parameters))
            rows = cursor.fetchall() if cursor.description else []
            return Result(rows, cursor.rowcount)

    def execute(self, sql: str, parameters: Any = (), /) -> Result:
        conn = self._pinned()
        if conn is not None:
            return self._run(conn, sql, parameters)
        with self.pool.connection() as conn:
            return self._run(conn, sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> None:
        rows = [without_nul(row) for row in parameters]
        if not rows:
            return
        conn = self._pinned()
        if conn is not None:
            with conn.cursor() as cursor:
                cursor.executemany(to_pyformat(sql), rows)
            return
        with self.transaction() as tx:  # all rows or none, as sqlite3's executemany in a transaction
            tx.executemany(sql, rows)
