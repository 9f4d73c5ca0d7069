"""Turn an SQLite store file back into what an older release wrote, to test the migrations that follow."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: What undoes each migration the rewinds cross, newest first.
_UNDO: dict[int, list[str]] = {
    13: ["DROP TABLE outlets", "DROP TABLE outlet_days", "DROP TABLE outlet_lengths", "DROP TABLE outlet_copies",
         "DROP TABLE outlet_sites"],
    12: ["ALTER TABLE article_pairs DROP COLUMN weight"],
    11: ["DROP INDEX articles_hour",
         "CREATE INDEX articles_hour ON articles (substr(COALESCE(published_utc, ingested_at), 1, 13))"],
    10: ["ALTER TABLE stories DROP COLUMN continues"],
    9: ["DROP INDEX article_entities_key", "CREATE INDEX article_entities_key ON article_entities (key, kind)"],
    8: ["DROP TRIGGER story_days_insert", "DROP TRIGGER story_days_delete", "DROP TRIGGER story_days_update",
        "DROP TABLE story_days", "ALTER TABLE story_articles DROP COLUMN source"],
    7: ["DROP TABLE facet_hours", "DROP INDEX articles_hour"],
}


def rewind(path: Path, before: int) -> None:
    """Undo every migration from ``before`` on, as if the file was last opened by the release before it."""
    db = sqlite3.connect(path)
    for version in sorted(_UNDO, reverse=True):
        if version >= before:
            for statement in _UNDO[version]:
                db.execute(statement)
    db.execute("DELETE FROM schema_migrations WHERE version >= ?", (before,))
    db.commit()
    db.close()
