"""The suite against PostgreSQL: ``NEWSRADAR_TEST_DATABASE_URL=postgresql://...`` (see scripts/test-postgres.sh).

Tests open stores the way users do, by a file path or an ``sqlite:///`` URL,
in fixtures, through the CLI and through the API.  In this mode every such
store is a real :class:`PostgresStore` instead, in a schema of its own in the
test database: one schema per path, so reopening a path reopens its data and
two tests never see each other's rows.  ``store.url`` is then the PostgreSQL
URL, so a test handing it to the CLI or the API reaches the same schema.

Tests about the SQLite file itself carry ``@pytest.mark.sqlite_only`` and are
skipped here, with that reason (or the one the marker gives).  Tests that open
no store at all (entity models, language rules, pure functions) carry
``@pytest.mark.store_free``: here they would repeat the SQLite run exactly, so
they are skipped too, and the SQLite run checks the mark (:func:`check_store_free`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

#: The test database (a throwaway one: the schemas made here are dropped at the end).
TEST_DATABASE_URL = os.environ.get("NEWSRADAR_TEST_DATABASE_URL", "")


def with_search_path(url: str, schema: str) -> str:
    """``url`` whose connections use ``schema`` (libpq's ``options=-csearch_path=...``)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


class SchemaPerPath:
    """Maps each SQLite path a test opens to a fresh PostgreSQL schema, and opens a store there."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.schemas: dict[str, str] = {}

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def url_for(self, path: str | Path) -> str:
        return with_search_path(self.url, self.schema_for(path))

    def schema_for(self, path: str | Path) -> str:
        """The schema standing for ``path`` (made, empty, the first time the path is seen)."""
        key = str(path) if str(path) == ":memory:" else str(Path(path).resolve())
        schema = self.schemas.get(key) if key != ":memory:" else None
        if schema is None:
            schema = f"t{os.getpid()}_{len(self.schemas) + 1}"
            self._admin(f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}")
            self.schemas[f"{key}#{schema}" if key == ":memory:" else key] = schema
        return schema

    def open(self, path: str | Path) -> object:
        from newsradar.store.postgres.store import PostgresStore

        return PostgresStore(self.url_for(path))

    def copy(self, source: str | Path, target: str | Path) -> None:
        """Make ``target`` a copy of the store at ``source`` (tables, indexes, rows and triggers; not foreign
        keys)."""
        import psycopg

        origin = self.schemas[str(Path(source).resolve())]
        copy = self.schema_for(target)
        with psycopg.connect(self.url, autocommit=True) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                "AND table_type = 'BASE TABLE'", (origin,))]
            # The schema's own objects first: the case-insensitive collation the queries name.
            conn.execute(f"CREATE COLLATION {copy}.nocase FROM {origin}.nocase")
            for table in tables:
                conn.execute(f"CREATE TABLE {copy}.{table} (LIKE {origin}.{table} INCLUDING ALL)")
                conn.execute(f"INSERT INTO {copy}.{table} SELECT * FROM {origin}.{table}")
            # Triggers and their functions too (story_days is kept by one): a copy writes like its origin.
            functions = [r[0] for r in conn.execute(
                "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                "WHERE n.nspname = %s", (origin,))]
            triggers = [r[0] for r in conn.execute(
                "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal",
                (origin,))]
            for definition in [*functions, *triggers]:
                conn.execute(definition.replace(f"{origin}.", f"{copy}."))

    def drop_all(self) -> None:
        if self.schemas:
            self._admin(*(f"DROP SCHEMA IF EXISTS {s} CASCADE" for s in self.schemas.values()))
        self.schemas.clear()


_active: list[SchemaPerPath] = []


def store_url(path: Path) -> str:
    """The URL of the store a test opens by ``path``: for a subprocess, which this module cannot redirect."""
    return _active[-1].url_for(path) if _active else f"sqlite:///{path}"


def copy_store(source: Path, target: Path) -> None:
    """A writable copy of a store opened by path: the file, or on PostgreSQL its schema."""
    if _active:
        _active[-1].copy(source, target)
    else:
        shutil.copy(source, target)


@contextmanager
def stores_on_postgres() -> Iterator[SchemaPerPath | None]:
    """While active, opening an SQLite store opens a PostgreSQL one (when the suite runs on PostgreSQL)."""
    if not TEST_DATABASE_URL:
        yield None
        return
    import newsradar.cli._common
    import newsradar.store.sqlite.store

    schemas = SchemaPerPath(TEST_DATABASE_URL)
    original_missing = newsradar.cli._common.missing_store

    def missing_store(url: str) -> Path | None:
        """A path stands for a store when its schema was made: the file the CLI checks is never written."""
        path = original_missing(url)
        return None if path is not None and str(path.resolve()) in schemas.schemas else path

    with pytest.MonkeyPatch.context() as patch:
        # open_store() looks the class up at each call, so every store it opens comes here.
        patch.setattr(newsradar.store.sqlite.store, "SQLiteStore", schemas.open)
        # check_store() (in cli._common, which every command calls) looks missing_store up there at each call.
        patch.setattr(newsradar.cli._common, "missing_store", missing_store)
        _active.append(schemas)
        try:
            yield schemas
        finally:
            _active.remove(schemas)
            schemas.drop_all()


def skip_on_postgres(items: list[pytest.Item]) -> None:
    """On PostgreSQL, skip the tests about the SQLite file and those that open no store at all."""
    if not TEST_DATABASE_URL:
        return
    store_free = pytest.mark.skip(reason="opens no store (checked in the SQLite run): here it would repeat "
                                         "that run exactly")
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.kwargs.get("reason", "about the SQLite file itself")
            item.add_marker(pytest.mark.skip(reason=f"{reason}; this run is against PostgreSQL"))
        elif item.get_closest_marker("store_free"):
            item.add_marker(store_free)


@contextmanager
def check_store_free(item: pytest.Item) -> Iterator[None]:
    """Fail a test marked ``store_free`` that opens a store (SQLite run only; PostgreSQL skips them).

    Why: the PostgreSQL run skips those tests as repeats, which is only true
    while they never touch a store; a test that starts to would otherwise lose
    its PostgreSQL run without anyone noticing.  Every SQLite store this
    process opens is counted, however it is reached (``open_store``, the CLI
    or the API in-process, a direct import); a store a child process opens is
    not, and is not redirected to PostgreSQL either (see ``store_url``).
    """
    if TEST_DATABASE_URL or item.get_closest_marker("store_free") is None:
        yield
        return
    from newsradar.store.sqlite.store import SQLiteStore

    opened: list[str] = []
    original = SQLiteStore.__init__

    def counting(self: SQLiteStore, *args: object, **kwargs: object) -> None:
        opened.append(repr(args[0]) if args else "a store")
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SQLiteStore, "__init__", counting)
        yield
    assert not opened, f"{item.nodeid} is marked store_free but opened a store ({opened[0]}): remove the mark"


def report_header() -> str:
    if not TEST_DATABASE_URL:
        return "store: SQLite (set NEWSRADAR_TEST_DATABASE_URL=postgresql://... to run on PostgreSQL)"
    parts = urlsplit(TEST_DATABASE_URL)
    return f"store: PostgreSQL at {parts.hostname}:{parts.port or 5432}{parts.path} (a schema per store)"
