"""The embedded store: one SQLite file in WAL mode.

WAL lets a reader (the dashboard, a second CLI) and one writer (an ingest)
work at the same time.  Every batch is one ``BEGIN IMMEDIATE`` transaction,
so a crash mid-batch leaves the file as it was before the batch.  The schema
is versioned by :mod:`newsradar.store.sqlite.schema`; opening an older file
migrates it forward.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ...model import Article
from ..base import Store
from ..fulltext import index_text
from ..sql.articles import SQLArticlesMixin
from ..sql.browse import SQLBrowseMixin
from ..sql.common import MIGRATIONS_TABLE, apply_migration, chunks
from ..sql.dialect import SQLITE, Connection
from ..sql.mirror import SQLMirrorMixin
from ..sql.monitor import SQLMonitorMixin
from ..sql.outlets import SQLOutletsMixin
from ..sql.stories import SQLStoriesMixin
from .schema import MIGRATIONS


class SQLiteStore(SQLArticlesMixin, SQLBrowseMixin, SQLStoriesMixin, SQLMirrorMixin, SQLOutletsMixin,
                  SQLMonitorMixin, Store):
    _db: sqlite3.Connection
    _dialect = SQLITE

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30.0)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA busy_timeout=30000")
        # SQLite's default page cache is 2 MB; a store of 100k articles has B-trees of hundreds of MB,
        # and every batch's random inserts (terms, bands, facet counts) then re-read their pages from
        # the OS.  64 MB of cache keeps the hot pages at hand; fewer WAL checkpoints write a page
        # changed by several batches once.
        self._db.execute("PRAGMA cache_size=-65536")
        self._db.execute("PRAGMA temp_store=MEMORY")
        self._db.execute("PRAGMA wal_autocheckpoint=10000")
        self._migrate()

    # -- schema ---------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _migrate(self) -> None:
        self._db.execute(MIGRATIONS_TABLE)
        current = self.schema_version()
        for version, description, statements in MIGRATIONS:
            if version > current:
                with self._transaction() as db:
                    apply_migration(db, version, description, statements)

    # -- full-text index ------------------------------------------------------------------------

    def _index_articles(self, db: Connection, new: Sequence[Article], changed: Sequence[Article]) -> None:
        rowids: dict[str, int] = {}
        for chunk in chunks([a.id for a in [*new, *changed]]):
            marks = ",".join("?" * len(chunk))
            rowids.update((r[1], r[0]) for r in db.execute(f"SELECT rowid, id FROM articles WHERE id IN ({marks})",
                                                            chunk))
        db.executemany("DELETE FROM articles_fts WHERE rowid = ?", [(rowids[a.id],) for a in changed])
        db.executemany(
            "INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
            [(rowids[a.id], index_text(a.title), index_text(a.body)) for a in [*new, *changed]],
        )

    def _unindex_articles(self, db: Connection, article_ids: Sequence[str]) -> None:
        # FTS5 rows are keyed by the article's rowid, not a foreign key: nothing cascades to them.
        for chunk in chunks(list(dict.fromkeys(article_ids))):
            marks = ",".join("?" * len(chunk))
            db.execute(f"DELETE FROM articles_fts WHERE rowid IN (SELECT rowid FROM articles WHERE id IN ({marks}))",
                       chunk)

    def close(self) -> None:
        self._db.close()
