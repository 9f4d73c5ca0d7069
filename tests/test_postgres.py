"""The PostgreSQL store's own parts: tsvector/tsquery literals, URL options, pooling, migrations, big texts.

The rest of the store's behaviour is the shared suite, run once more against
PostgreSQL by ``scripts/test-postgres.sh``.  Tests here that need a server skip
without ``NEWSRADAR_TEST_DATABASE_URL``; the others run in both halves.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsradar.errors import ConfigError
from newsradar.model import Article, article_id
from newsradar.store import ArticleFilter, open_store
from newsradar.store.base import TrendFilter
from newsradar.store.fulltext import index_terms, tsquery_literal, tsvector_literal
from newsradar.store.postgres import schema as postgres_schema
from newsradar.store.sqlite import schema as sqlite_schema

from .postgres_mode import TEST_DATABASE_URL, SchemaPerPath, copy_store, store_url

needs_server = pytest.mark.skipif(
    not TEST_DATABASE_URL, reason="needs a PostgreSQL server: NEWSRADAR_TEST_DATABASE_URL (scripts/test-postgres.sh)")


def make(title: str, body: str, minute: int = 0, source: str = "Hanoi Daily") -> Article:
    return Article(id=article_id(url=None, title=title, body=body, source=source), title=title, body=body,
                   origin=f"test://{title}", source=source,
                   published=datetime(2026, 11, 20, 8, 0, tzinfo=UTC) + timedelta(minutes=minute))


# -- no server needed ------------------------------------------------------------------------------


def test_every_sqlite_migration_has_its_postgresql_twin() -> None:
    """A table added to one store and not the other fails here, before any query does."""
    assert [(v, d) for v, d, _ in postgres_schema.MIGRATIONS] == [(v, d) for v, d, _ in sqlite_schema.MIGRATIONS]


def test_tsvector_keeps_positions_and_a_gap_between_title_and_body() -> None:
    vector = tsvector_literal("Hà Nội mưa", "베트남과 한국")
    assert vector == "'hà':1 'nội':2 'mưa':3 '베트':5 '트남':6 '남과':7 '한국':8"


def test_tsquery_means_what_the_fts5_query_means() -> None:
    assert tsquery_literal("베트남 -summit") == "('베트' <-> '트남') & !('summit')"
    assert tsquery_literal("Reuters") == "('reuters')"
    assert tsquery_literal("-only -negations") is None
    assert tsquery_literal("?!") is None
    assert tsquery_literal("it's") == "('it' <-> 's')"  # no quote can break out of a lexeme


def test_a_huge_text_stays_inside_postgresql_limits() -> None:
    words = [f"w{i}x" for i in range(300_000)]  # far past 16383 positions and 1 MiB of lexemes (the first kept)
    vector = tsvector_literal("title", " ".join(words) + " " + "z" * 5000)
    assert "'zzzz" not in vector  # a 5000-byte "word" is not a lexeme PostgreSQL accepts
    # The body starts at position 3; past 16383 positions wrap around instead of being lost.
    assert "'w16380x':16383 " in vector and "'w16381x':1 " in vector


def test_a_long_text_keeps_late_phrases_matchable() -> None:
    body = " ".join(f"w{i % 5000}x" for i in range(40_000)) + " 마지막단어"
    vector = tsvector_literal("t", body)
    last = 40_000 + 3  # the title, the gap, then the body's 40 000 words
    first_bigram = (last - 1) % 16383 + 1
    assert f"'마지':{first_bigram} '지막':{first_bigram + 1} " in vector


def test_pool_options_come_out_of_the_url() -> None:
    from newsradar.store.postgres.store import pool_settings, redacted

    conninfo, low, high = pool_settings("postgres://u:pw@db:5433/news?pool_max=3&sslmode=require")
    assert (conninfo, low, high) == ("postgresql://u:pw@db:5433/news?sslmode=require", 1, 3)
    with pytest.raises(ConfigError, match="pool_max"):
        pool_settings("postgresql://db/news?pool_max=lots")
    with pytest.raises(ConfigError, match="larger than pool_max"):
        pool_settings("postgresql://db/news?pool_min=5&pool_max=2")
    assert redacted("postgresql://u:pw@db/news") == "postgresql://u:***@db/news"


def test_an_unreachable_server_is_a_clear_config_error() -> None:
    with pytest.raises(ConfigError, match=r"cannot connect to the PostgreSQL database postgresql://u:\*\*\*@127"):
        open_store("postgresql://u:secret@127.0.0.1:1/news")


# -- against a server ------------------------------------------------------------------------------


@pytest.fixture
def pg_url(_store_backend: SchemaPerPath | None, tmp_path: Path) -> str:
    assert _store_backend is not None
    return _store_backend.url_for(tmp_path / "own.db")


@needs_server
def test_opening_is_a_postgres_store_with_a_pool(pg_url: str) -> None:
    from newsradar.store.postgres.store import PostgresStore

    with open_store(pg_url + "&pool_max=2") as store:
        assert isinstance(store, PostgresStore)
        assert store._db.pool.max_size == 2
        assert store.schema_version() == postgres_schema.MIGRATIONS[-1][0]


@needs_server
def test_processes_opening_a_new_database_at_once_migrate_it_once(pg_url: str) -> None:
    errors: list[BaseException] = []
    versions: list[int] = []

    def open_one() -> None:
        try:
            with open_store(pg_url) as store:
                versions.append(store.schema_version())
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert versions == [postgres_schema.MIGRATIONS[-1][0]] * 4
    import psycopg

    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
    assert [r[0] for r in rows] == [v for v, _, _ in postgres_schema.MIGRATIONS]


@needs_server
def test_threads_read_while_one_writes_on_one_store(pg_url: str) -> None:
    """API threads and a writer share one store object: each borrows its own pooled connection."""
    with open_store(pg_url) as store:
        seen: list[int] = []
        errors: list[BaseException] = []
        done = threading.Event()

        def read() -> None:
            try:
                while not done.is_set():
                    n = store.count_articles(ArticleFilter())
                    listed = store.list_articles(ArticleFilter(limit=5, query="nội"))
                    assert len(listed) <= 5
                    seen.append(n)
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

        readers = [threading.Thread(target=read) for _ in range(6)]
        for r in readers:
            r.start()
        try:
            for batch in range(10):
                store.write_batch([make(f"Hà Nội {batch}-{i}", f"tin {batch} {i}", minute=batch * 10 + i)
                                   for i in range(10)])
        finally:
            done.set()
            for r in readers:
                r.join()
        assert errors == []
        assert store.count_articles(ArticleFilter()) == 100
        assert seen and all(n % 10 == 0 for n in seen)  # a batch is seen whole or not at all


@needs_server
def test_a_huge_article_is_stored_and_found_by_a_late_word(pg_url: str) -> None:
    body = " ".join(f"w{i % 20000}x" for i in range(250_000)) + " 마지막단어 finale"
    with open_store(pg_url) as store:
        counts = store.write_batch([make("Huge page", body)])
        assert counts.new == 1
        assert store.count_articles(ArticleFilter(query="w19999x")) == 1
        assert store.count_articles(ArticleFilter(query="마지막 finale")) == 1
        assert store.count_articles(ArticleFilter(query="마지막 -huge")) == 0
        # 300 000 distinct words overflow a tsvector (1 MiB): stored all the same, indexed as far as they fit.
        unique = " ".join(f"u{i}x" for i in range(300_000))
        assert store.write_batch([make("Unique words", unique)]).new == 1
        assert store.count_articles(ArticleFilter(query="u1000x unique")) == 1


@needs_server
def test_source_filter_ignores_case_like_sqlite(pg_url: str) -> None:
    with open_store(pg_url) as store:
        store.write_batch([make("a", "x", source="Saigon Times Online"), make("b", "y", source="Other")])
        assert store.count_articles(ArticleFilter(source="saigon times ONLINE")) == 1
        assert [c.value for c in store.source_counts(TrendFilter())] == ["Other", "Saigon Times Online"]


def test_index_terms_are_what_both_stores_index() -> None:
    assert index_terms("5G망 Hà") == ["5g", "망", "hà"]


@needs_server
def test_both_schemas_have_the_same_tables_and_columns(pg_url: str, tmp_path: Path) -> None:
    """The mirrored migrations really are mirrors; only the full-text tables differ by design."""
    import sqlite3

    import psycopg

    lite = sqlite3.connect(tmp_path / "schema.db")
    for _, _, statements in sqlite_schema.MIGRATIONS:
        for statement in statements:
            lite.execute(statement)
    tables = [r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
              if not r[0].startswith("articles_fts")]
    on_sqlite = {t: [c[1] for c in lite.execute(f"PRAGMA table_info({t})")] for t in tables}
    with open_store(pg_url):
        pass
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name NOT IN ('article_search', 'schema_migrations') ORDER BY table_name, ordinal_position"
        ).fetchall()
    on_postgres: dict[str, list[str]] = {}
    for table, column in rows:
        on_postgres.setdefault(table, []).append(column)
    assert on_postgres == on_sqlite


def test_a_separate_process_writes_the_store_a_test_reads(tmp_path: Path) -> None:
    """The CLI in its own process, on the URL of this run's backend (store_url), then read in-process."""
    import json
    import subprocess
    import sys

    records = tmp_path / "in.jsonl"
    records.write_text("\n".join(json.dumps({"title": f"Tin {i}", "text": f"Hà Nội bản tin số {i}.", "lang": "vi",
                                             "published": "2026-11-20T08:00:00+07:00", "source": "VN Daily"},
                                            ensure_ascii=False) for i in range(5)) + "\n", encoding="utf-8")
    db = tmp_path / "proc.db"
    url = store_url(db)
    cli = [sys.executable, "-c", "from newsradar.cli import main; main()"]
    done = subprocess.run([*cli, "ingest", str(records), "--db", url, "-q"], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    with open_store(str(db)) as store:
        assert store.count_articles(ArticleFilter(query="nội")) == 5


def test_a_copied_store_reads_and_writes_like_the_original(tmp_path: Path) -> None:
    """copy_store (used by the API tests for a writable sample) gives a complete store on both backends."""
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    with open_store(str(source)) as store:
        store.write_batch([make("Original", "Hà Nội", source="VN Daily")])
    copy_store(source, target)
    with open_store(str(target)) as copy:
        assert copy.count_articles(ArticleFilter(source="vn daily", query="nội")) == 1
        assert copy.write_batch([make("Second", "Sài Gòn")]).new == 1
    with open_store(str(source)) as store:
        assert store.count_articles(ArticleFilter()) == 1
