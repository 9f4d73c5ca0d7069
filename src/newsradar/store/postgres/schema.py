"""Versioned schema of the PostgreSQL store, version for version the same tables as the embedded store.

Each migration is ``(version, description, statements)`` and mirrors the
SQLite migration of the same number (:mod:`newsradar.store.sqlite.schema`), so
the shared queries (``?`` placeholders, see :mod:`newsradar.store.sql.dialect`)
run unchanged on both.  Never edit a released migration: add a new one, to
both files.

Choices that keep the shared SQL identical:

* times stay ``TEXT`` in the same UTC ``...Z`` form: it sorts as text, and
  ``substr(time, 1, 10)`` buckets a day on both stores;
* ``REAL`` becomes ``DOUBLE PRECISION`` (PostgreSQL's ``REAL`` is 4 bytes) and
  ``BLOB`` becomes ``BYTEA``;
* ``COLLATE NOCASE`` names a case-insensitive ICU collation created here, so
  ``a.source = ? COLLATE NOCASE`` means the same on both stores;
* full-text search is a ``tsvector`` per article in ``article_search`` built
  from the project's own terms (CJK bigrams, see :mod:`newsradar.store.fulltext`)
  with a GIN index: the FTS5 table's counterpart.

Adding a table or a store method: add migration N to ``sqlite/schema.py`` and
its twin N here (same tables and columns; ``tests/test_postgres.py`` compares
them), write the methods once in a mixin that uses only ``self._db``,
``self._transaction()`` and ``self._dialect`` (like ``sql/stories.py``),
and list that mixin in the bases of both ``SQLiteStore`` and ``PostgresStore``.
SQL both accept: ``?`` placeholders, ``INSERT ... ON CONFLICT (...) DO
UPDATE/NOTHING`` (not ``INSERT OR REPLACE``), a table-qualified column on the
right of ``DO UPDATE SET``, an alias on every subquery in ``FROM``, no
``GROUP_CONCAT`` and no ``rowid``; a case-insensitive ``LIKE`` is
``self._dialect.like``.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "articles, full-text index, quarantine",
        [
            "CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                origin TEXT NOT NULL,
                source TEXT,
                url TEXT,
                captions TEXT NOT NULL DEFAULT '[]',
                published TEXT,
                published_utc TEXT,
                published_raw TEXT,
                language TEXT,
                author TEXT,
                agency TEXT,
                dateline TEXT,
                external_id TEXT,
                extra TEXT NOT NULL DEFAULT '{}',
                input_hash TEXT NOT NULL,
                ingested_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published_utc ON articles (published_utc)",
            "CREATE INDEX articles_language ON articles (language, published_utc)",
            "CREATE INDEX articles_source ON articles (source COLLATE nocase, published_utc)",
            "CREATE INDEX articles_url ON articles (url)",
            """CREATE TABLE article_search (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                terms TSVECTOR NOT NULL
            )""",
            "CREATE INDEX article_search_terms ON article_search USING GIN (terms)",
            """CREATE TABLE quarantine (
                origin TEXT NOT NULL,
                reason TEXT NOT NULL,
                stage TEXT NOT NULL,
                sample TEXT,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 1,
                PRIMARY KEY (origin, reason)
            )""",
            "CREATE INDEX quarantine_origin ON quarantine (origin)",
        ],
    ),
    (
        2,
        "enrichments: language, entities, quotes, countries, pairs, topics, keywords, term statistics, wire copies",
        [
            """CREATE TABLE enrichments (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                input_hash TEXT NOT NULL,
                language TEXT,
                language_confidence DOUBLE PRECISION,
                data TEXT NOT NULL,
                enriched_at TEXT NOT NULL
            )""",
            """CREATE TABLE article_entities (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                key TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, mentions INTEGER NOT NULL,
                PRIMARY KEY (article_id, key)
            )""",
            "CREATE INDEX article_entities_key ON article_entities (key, kind)",
            """CREATE TABLE article_quotes (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                position INTEGER NOT NULL, speaker TEXT, speaker_key TEXT, text TEXT NOT NULL, kind TEXT NOT NULL,
                start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                PRIMARY KEY (article_id, position)
            )""",
            "CREATE INDEX article_quotes_speaker ON article_quotes (speaker_key)",
            """CREATE TABLE article_countries (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                code TEXT NOT NULL, mentions INTEGER NOT NULL, PRIMARY KEY (article_id, code)
            )""",
            "CREATE INDEX article_countries_code ON article_countries (code)",
            """CREATE TABLE article_pairs (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                pair TEXT NOT NULL, PRIMARY KEY (article_id, pair)
            )""",
            "CREATE INDEX article_pairs_pair ON article_pairs (pair)",
            """CREATE TABLE article_topics (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                topic TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, PRIMARY KEY (article_id, topic)
            )""",
            """CREATE TABLE article_keywords (
                article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                term TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, PRIMARY KEY (article_id, term)
            )""",
            "CREATE INDEX article_keywords_term ON article_keywords (term)",
            """CREATE TABLE term_stats (
                language TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (language, term)
            )""",
            "CREATE TABLE corpus_stats (language TEXT PRIMARY KEY, docs INTEGER NOT NULL)",
            """CREATE TABLE minhashes (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                signature BYTEA NOT NULL
            )""",
            """CREATE TABLE minhash_bands (
                band TEXT NOT NULL, article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
                PRIMARY KEY (band, article_id)
            )""",
            # Foreign keys are indexed by hand in PostgreSQL: deleting an article must not scan these.
            "CREATE INDEX minhash_bands_article ON minhash_bands (article_id)",
            """CREATE TABLE copies (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                group_id TEXT NOT NULL,
                similarity DOUBLE PRECISION NOT NULL
            )""",
            "CREATE INDEX copies_group ON copies (group_id)",
        ],
    ),
    (
        3,
        "stories: online clustering state, memberships, languages",
        [
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                title_article TEXT,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                articles INTEGER NOT NULL,
                outlets INTEGER NOT NULL,
                languages TEXT NOT NULL,
                sources TEXT NOT NULL,
                countries TEXT NOT NULL,
                state TEXT,
                merged_into TEXT,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX stories_last_seen ON stories (merged_into, last_seen)",
            """CREATE TABLE story_articles (
                article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
                story_id TEXT NOT NULL,
                similarity DOUBLE PRECISION NOT NULL,
                time_utc TEXT NOT NULL
            )""",
            "CREATE INDEX story_articles_story ON story_articles (story_id, time_utc)",
            "CREATE INDEX story_articles_time ON story_articles (time_utc)",
            """CREATE TABLE story_languages (
                story_id TEXT NOT NULL, language TEXT NOT NULL, articles INTEGER NOT NULL,
                PRIMARY KEY (story_id, language)
            )""",
            "CREATE INDEX story_languages_language ON story_languages (language)",
        ],
    ),
]

# Live monitoring (feeds, fetched URLs, watchlists, alerts): plain TEXT/INTEGER tables, so the
# embedded store's statements are the twin as they are.
from ..sql.monitor import MONITOR_MIGRATION  # noqa: E402

MIGRATIONS.append(MONITOR_MIGRATION)

MIGRATIONS.append(
    (
        5,
        "wire copies: index minhash bands by article (re-saving a signature scanned every band)",
        ["CREATE INDEX IF NOT EXISTS minhash_bands_article ON minhash_bands (article_id)"],
    )
)

MIGRATIONS.append(
    (
        6,
        "article listings: indexes in the listing order (newest first), overall and per language",
        [
            # The twin of SQLite's: the same expressions as the listing's ORDER BY (PostgreSQL wants
            # an expression that is not a column or a function call in parentheses).
            "CREATE INDEX IF NOT EXISTS articles_order ON articles "
            "((published_utc IS NULL), published_utc DESC, ingested_at DESC, id)",
            "CREATE INDEX IF NOT EXISTS articles_language_order ON articles "
            "(language, (published_utc IS NULL), published_utc DESC, ingested_at DESC, id)",
        ],
    )
)

from ..sql.facets import backfill_statements  # noqa: E402

MIGRATIONS.append(
    (
        7,
        "trends: articles per hour, facet value, language and outlet (facet_hours), filled from the store",
        [
            """CREATE TABLE facet_hours (
                kind TEXT NOT NULL,
                value TEXT NOT NULL,
                hour TEXT NOT NULL,
                language TEXT NOT NULL,
                source TEXT NOT NULL,
                articles INTEGER NOT NULL,
                PRIMARY KEY (kind, value, hour, language, source)
            )""",
            "CREATE INDEX articles_hour ON articles ((substr(COALESCE(published_utc, ingested_at), 1, 13)))",
            *backfill_statements(),
        ],
    )
)

from ..sql import story_days  # noqa: E402

MIGRATIONS.append((8, story_days.DESCRIPTION, story_days.POSTGRES_STATEMENTS))

MIGRATIONS.append(
    (
        9,
        "entity labels: the name joins the entity index, so a label is read from the index alone",
        [
            # facet_labels counts each name of a key over every mention: 27,000 table reads for the
            # 50 names of an entity page at 100k articles, without the name in the index.
            "DROP INDEX article_entities_key",
            "CREATE INDEX article_entities_key ON article_entities (key, kind, name)",
        ],
    )
)

MIGRATIONS.append(
    (
        10,
        "stories: the earlier story a daily story continues",
        ["ALTER TABLE stories ADD COLUMN continues TEXT"],
    )
)

MIGRATIONS.append(
    (
        11,
        "trends: undated articles out of time windows (their facet_hours hour is '', not the ingest hour)",
        [
            "DROP INDEX articles_hour",
            "CREATE INDEX articles_hour ON articles ((COALESCE(substr(published_utc, 1, 13), '')))",
            "DELETE FROM facet_hours",
            *backfill_statements(),
        ],
    )
)

MIGRATIONS.append(
    (
        12,
        "country pairs: the weight of each pair in its article, which ranks the pairs",
        # 1 for pairs written before: enrichment version 4 writes the real weights
        ["ALTER TABLE article_pairs ADD COLUMN weight DOUBLE PRECISION NOT NULL DEFAULT 1"],
    )
)

from ..sql import outlets  # noqa: E402

MIGRATIONS.append((13, outlets.DESCRIPTION, outlets.POSTGRES_STATEMENTS))
