"""Versioned schema of the embedded store.

Each migration is ``(version, description, statements)``; the store applies
the ones newer than the file's version, each in its own transaction.  Never
edit a released migration: add a new one.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (
        1,
        "articles, full-text index, quarantine",
        [
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                origin TEXT NOT NULL,
                source TEXT,
                url TEXT,
                captions TEXT NOT NULL DEFAULT '[]',
                published TEXT,          -- ISO 8601 with the outlet's own offset
                published_utc TEXT,      -- the same instant in UTC, for ordering and filters
                published_raw TEXT,
                language TEXT,
                author TEXT,
                agency TEXT,
                dateline TEXT,
                external_id TEXT,
                extra TEXT NOT NULL DEFAULT '{}',
                input_hash TEXT NOT NULL,  -- hash of the extracted input; equal hash = nothing to do
                ingested_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published_utc ON articles (published_utc)",
            "CREATE INDEX articles_language ON articles (language, published_utc)",
            "CREATE INDEX articles_source ON articles (source COLLATE NOCASE, published_utc)",
            "CREATE INDEX articles_url ON articles (url)",
            # Pre-segmented text (CJK bigrams), see store/fulltext.py.
            "CREATE VIRTUAL TABLE articles_fts USING fts5 (title, body, tokenize = 'unicode61 remove_diacritics 0')",
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
]
