"""The PostgreSQL store: the embedded store's interface on a shared server (psycopg 3 + a connection pool).

Selected by a ``postgresql://`` database URL.  It runs the same SQL as the
embedded store (the mixins of :mod:`newsradar.store.sql`: :mod:`~newsradar.store.sql.articles`,
:mod:`~newsradar.store.sql.browse`, :mod:`~newsradar.store.sql.stories` and the others);
this module only supplies what differs: connections from a pool
(:mod:`newsradar.store.postgres.pool`), transactions, versioned migrations
(:mod:`newsradar.store.postgres.schema`) and the ``tsvector`` full-text index.

Every batch is one transaction, so a crash mid-batch leaves the database as it
was before it.  Several processes may open the same database at once: the
migrations run under an advisory lock, so only the first applies them.

A URL may set the search path (``?options=-csearch_path%3Dnews``) to keep
newsradar's tables in their own schema; the pool size comes from
``pool_min``/``pool_max`` query parameters (defaults 1 and 8), which are read
here and not passed to the server.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from ...errors import ConfigError
from ...model import Article
from ..base import Store
from ..fulltext import tsvector_literal
from ..sql.articles import SQLArticlesMixin
from ..sql.browse import SQLBrowseMixin
from ..sql.common import MIGRATIONS_TABLE, apply_migration
from ..sql.dialect import POSTGRES, Connection
from ..sql.mirror import SQLMirrorMixin
from ..sql.monitor import SQLMonitorMixin
from ..sql.outlets import SQLOutletsMixin
from ..sql.stories import SQLStoriesMixin
from .pool import PooledConnection
from .schema import MIGRATIONS

#: Seconds to wait for a connection (at start: for the server to answer).
CONNECT_TIMEOUT = 15.0


def pool_settings(url: str) -> tuple[str, int, int]:
    """``(libpq URL, pool_min, pool_max)``: the pool sizes taken out of the URL's query."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    sizes = {"pool_min": 1, "pool_max": 8}
    kept = []
    for key, value in query:
        if key in sizes:
            if not value.isdigit() or int(value) < 1:
                raise ConfigError(f"{key} in the database URL must be a positive whole number, not {value!r}")
            sizes[key] = int(value)
        else:
            kept.append((key, value))
    if sizes["pool_min"] > sizes["pool_max"]:
        raise ConfigError("pool_min in the database URL is larger than pool_max")
    conninfo = urlunsplit(parts._replace(scheme="postgresql", query=urlencode(kept)))
    return conninfo, sizes["pool_min"], sizes["pool_max"]


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresStore(SQLArticlesMixin, SQLBrowseMixin, SQLStoriesMixin, SQLMirrorMixin, SQLOutletsMixin,
                    SQLMonitorMixin, Store):
    _db: PooledConnection
    _dialect = POSTGRES
    thread_safe = True  # every statement or transaction borrows its own pooled connection

    def __init__(self, url: str) -> None:
        self.url = url
        conninfo, low, high = pool_settings(url)
        try:  # one plain connection first: a wrong host, password or database fails now, with the server's words
            psycopg.connect(conninfo, connect_timeout=int(CONNECT_TIMEOUT)).close()
        except psycopg.Error as exc:
            reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
            raise ConfigError(f"cannot connect to the PostgreSQL database {redacted(url)}: {reason}") from exc
        pool = ConnectionPool(conninfo, min_size=low, max_size=high, kwargs={"autocommit": True},
                              timeout=CONNECT_TIMEOUT, name="newsradar", open=False)
        try:
            pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except PoolTimeout as exc:
            pool.close()
            raise ConfigError(f"cannot connect to the PostgreSQL database {redacted(url)}: "
                              f"no connection within {CONNECT_TIMEOUT:.0f} s ({exc})") from exc
        self._db = PooledConnection(pool)
        try:
            self._migrate()
        except BaseException:
            pool.close()
            raise

    # -- schema ---------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with self._db.transaction() as db:
            yield db

    def _migrate(self) -> None:
        with self._transaction() as db:
            # One migrator at a time per schema; the others wait here, then find nothing to do.
            db.execute("SELECT pg_advisory_xact_lock(hashtext('newsradar:' || current_schema()))")
            db.execute(MIGRATIONS_TABLE)
            current = self.schema_version()
            for version, description, statements in MIGRATIONS:
                if version > current:
                    apply_migration(db, version, description, statements)

    # -- full-text index ------------------------------------------------------------------------

    def _index_articles(self, db: Connection, new: Sequence[Article], changed: Sequence[Article]) -> None:
        db.executemany(
            "INSERT INTO article_search (article_id, terms) VALUES (?, ?::tsvector) "
            "ON CONFLICT (article_id) DO UPDATE SET terms = excluded.terms",
            [(a.id, tsvector_literal(a.title, a.body)) for a in [*new, *changed]],
        )

    def close(self) -> None:
        self._db.pool.close()
