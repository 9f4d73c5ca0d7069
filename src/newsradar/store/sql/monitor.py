"""Live-monitoring state, on both stores (mixed into :class:`SQLiteStore` and :class:`PostgresStore`).

Feed status (conditional-GET validators, errors, next poll), the article URLs
already fetched, watchlists, alerts and webhook delivery attempts.  The SQL is
deliberately plain (``INSERT ... ON CONFLICT``, ``COALESCE``, text times in
UTC) so the PostgreSQL store runs the same statements (``?`` placeholders are
translated by its connection, see :mod:`newsradar.store.sql.dialect`); the one
dialect-specific query, full-text matching of keyword watchlists, asks
``self._dialect``.  The PostgreSQL twin of the migration is in
:mod:`newsradar.store.postgres.schema`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from ...model import utcnow
from ..monitor import Alert, DeliveryAttempt, FeedStatus, FetchRecord, PendingFetch, Watchlist, WatchMatch
from .common import chunks, utc_text
from .dialect import Connection, Dialect

MONITOR_MIGRATION: tuple[int, str, list[str]] = (
    4,
    "live monitoring: feeds, fetched URLs, watchlists, alerts, webhook attempts, markers",
    [
        """CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            title TEXT,
            kind TEXT,
            etag TEXT,
            last_modified TEXT,
            last_polled TEXT,
            last_ok TEXT,
            last_status INTEGER,
            last_error TEXT,
            errors INTEGER NOT NULL DEFAULT 0,
            next_poll TEXT,
            entries INTEGER NOT NULL DEFAULT 0,
            articles INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
        )""",
        """CREATE TABLE fetched_urls (
            url TEXT PRIMARY KEY,
            feed_url TEXT,
            state TEXT NOT NULL,          -- stored | gone | retry
            article_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            last_error TEXT,
            entry TEXT,                   -- JSON feed entry, kept while a retry is pending
            fetched_at TEXT NOT NULL
        )""",
        "CREATE INDEX fetched_urls_state ON fetched_urls (state)",
        """CREATE TABLE watchlists (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            match_key TEXT NOT NULL,
            bursts INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE alerts (
            id TEXT PRIMARY KEY,
            watchlist_id TEXT NOT NULL,
            watchlist TEXT NOT NULL,
            event TEXT NOT NULL,
            subject TEXT NOT NULL,
            title TEXT NOT NULL,
            detail TEXT NOT NULL,
            created_at TEXT NOT NULL,
            delivery TEXT NOT NULL,        -- pending | sent | failed | off
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt TEXT,
            last_error TEXT,
            UNIQUE (watchlist_id, event, subject)
        )""",
        "CREATE INDEX alerts_created ON alerts (created_at)",
        "CREATE INDEX alerts_delivery ON alerts (delivery, next_attempt)",
        """CREATE TABLE webhook_attempts (
            alert_id TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            at TEXT NOT NULL,
            status INTEGER,
            error TEXT,
            PRIMARY KEY (alert_id, attempt)
        )""",
        "CREATE TABLE monitor_markers (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE INDEX enrichments_enriched_at ON enrichments (enriched_at)",
    ],
)

_FEED_COLUMNS = ("url", "title", "kind", "etag", "last_modified", "last_polled", "last_ok", "last_status",
                 "last_error", "errors", "next_poll", "entries", "articles", "added_at")
_FEED_TIMES = ("last_polled", "last_ok", "next_poll", "added_at")
#: SQL condition per watchlist kind; ``?`` is the watchlist's key.
_MATCH_SQL = {
    "entity": "EXISTS (SELECT 1 FROM article_entities x WHERE x.article_id = a.id AND x.key = ?)",
    "country": "EXISTS (SELECT 1 FROM article_countries x WHERE x.article_id = a.id AND x.code = ?)",
    "pair": "EXISTS (SELECT 1 FROM article_pairs x WHERE x.article_id = a.id AND x.pair = ?)",
    "outlet": "LOWER(a.source) = LOWER(?)",
}


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _text(value: datetime | None) -> str | None:
    return utc_text(value) if value else None


class SQLMonitorMixin:
    _db: Connection
    _dialect: Dialect

    def _transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    # -- feeds --------------------------------------------------------------------------------

    def add_feeds(self, feeds: Sequence[tuple[str, str | None]]) -> int:
        now = utc_text(utcnow())
        with self._transaction() as db:
            before = db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0]
            db.executemany(
                "INSERT INTO feeds (url, title, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET title = COALESCE(feeds.title, excluded.title)",
                [(url, title, now) for url, title in feeds],
            )
            after = db.execute("SELECT COUNT(*) FROM feeds").fetchone()[0]
        return int(after - before)

    def remove_feed(self, url: str) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def _feed(self, row: Any) -> FeedStatus:
        values: dict[str, Any] = {c: row[c] for c in _FEED_COLUMNS}
        for name in _FEED_TIMES:
            values[name] = _time(values[name])
        return FeedStatus(**values)

    def list_feeds(self) -> list[FeedStatus]:
        return [self._feed(r) for r in self._db.execute("SELECT * FROM feeds ORDER BY url")]

    def get_feed(self, url: str) -> FeedStatus | None:
        row = self._db.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        return self._feed(row) if row else None

    def save_feed_status(self, status: FeedStatus) -> None:
        values: dict[str, Any] = {c: getattr(status, c) for c in _FEED_COLUMNS}
        for name in _FEED_TIMES:
            values[name] = _text(values[name])
        values["added_at"] = values["added_at"] or utc_text(utcnow())
        # ``articles`` is a counter record_fetches keeps; a status read before a batch must not reset it
        sets = ", ".join(f"{c} = excluded.{c}" for c in _FEED_COLUMNS if c not in ("url", "added_at", "articles"))
        with self._transaction() as db:
            db.execute(
                f"INSERT INTO feeds ({', '.join(_FEED_COLUMNS)}) VALUES ({', '.join('?' * len(_FEED_COLUMNS))}) "
                f"ON CONFLICT (url) DO UPDATE SET {sets}",
                [values[c] for c in _FEED_COLUMNS],
            )

    # -- fetched URLs ---------------------------------------------------------------------------

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        found: set[str] = set()
        unique = list(dict.fromkeys(urls))
        for chunk in chunks(unique):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._db.execute(
                f"SELECT url FROM fetched_urls WHERE state != 'retry' AND url IN ({marks})", chunk))
            found.update(r[0] for r in self._db.execute(f"SELECT url FROM articles WHERE url IN ({marks})", chunk))
        return found

    def fetch_attempts(self, urls: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in chunks(list(dict.fromkeys(urls))):
            marks = ",".join("?" * len(chunk))
            found.update((r[0], int(r[1])) for r in self._db.execute(
                f"SELECT url, attempts FROM fetched_urls WHERE url IN ({marks})", chunk))
        return found

    def record_fetches(self, records: Sequence[FetchRecord]) -> None:
        if not records:
            return
        with self._transaction() as db:
            self._record_fetches(db, records)

    def _record_fetches(self, db: Connection, records: Sequence[FetchRecord]) -> None:
        """Write fetch outcomes inside the caller's transaction (``write_batch`` puts them beside the articles)."""
        now = utc_text(utcnow())
        db.executemany(
            "INSERT INTO fetched_urls (url, feed_url, state, article_id, attempts, last_error, entry, fetched_at) "
            "VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "state = excluded.state, article_id = COALESCE(excluded.article_id, fetched_urls.article_id), "
            "attempts = fetched_urls.attempts + 1, last_error = excluded.last_error, "
            "entry = excluded.entry, fetched_at = excluded.fetched_at",
            [(r.url, r.feed_url, r.state, r.article_id, r.error,
              json.dumps(r.entry, ensure_ascii=False, default=str) if r.entry and r.state == "retry" else None,
              now) for r in records],
        )
        counts: dict[str, int] = {}
        for r in records:
            if r.state == "stored" and r.feed_url:
                counts[r.feed_url] = counts.get(r.feed_url, 0) + 1
        db.executemany("UPDATE feeds SET articles = articles + ? WHERE url = ?",
                       [(n, url) for url, n in counts.items()])

    def pending_fetches(self, limit: int = 1000) -> list[PendingFetch]:
        rows = self._db.execute("SELECT url, feed_url, attempts, entry FROM fetched_urls WHERE state = 'retry' "
                                "ORDER BY fetched_at, url LIMIT ?", (limit,))
        return [PendingFetch(r[0], r[1], int(r[2]), json.loads(r[3]) if r[3] else None) for r in rows]

    # -- watchlists -----------------------------------------------------------------------------

    def add_watchlist(self, watchlist: Watchlist) -> Watchlist:
        watchlist.created_at = watchlist.created_at or utcnow()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO watchlists (id, name, kind, value, match_key, bursts, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET id = excluded.id, "
                "kind = excluded.kind, value = excluded.value, match_key = excluded.match_key, "
                "bursts = excluded.bursts",
                (watchlist.id, watchlist.name, watchlist.kind, watchlist.value, watchlist.key,
                 int(watchlist.bursts), utc_text(watchlist.created_at)),
            )
        return watchlist

    def list_watchlists(self) -> list[Watchlist]:
        return [
            Watchlist(name=r["name"], kind=r["kind"], value=r["value"], key=r["match_key"], bursts=bool(r["bursts"]),
                      id=r["id"], created_at=_time(r["created_at"]))
            for r in self._db.execute("SELECT * FROM watchlists ORDER BY name")
        ]

    def remove_watchlist(self, name_or_id: str) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM watchlists WHERE name = ? OR id = ?", (name_or_id, name_or_id)).rowcount > 0

    def watch_matches(self, watchlist: Watchlist, enriched_after: str | None, limit: int = 1000) -> list[WatchMatch]:
        params: list[Any]
        if watchlist.kind == "keyword":
            found = self._dialect.fulltext(watchlist.key)
            if found is None:
                return []
            condition, params = found
        elif watchlist.kind in _MATCH_SQL:
            condition, params = _MATCH_SQL[watchlist.kind], [watchlist.key]
        else:
            return []
        sql = (
            "SELECT a.id, s.story_id, a.title, a.source, a.language, a.url, "
            "COALESCE(a.published_utc, a.ingested_at) AS t FROM articles a "
            "JOIN enrichments e ON e.article_id = a.id "
            "LEFT JOIN story_articles s ON s.article_id = a.id "
            f"WHERE {condition}"
        )
        if enriched_after:
            sql += " AND e.enriched_at > ?"
            params.append(enriched_after)
        sql += " ORDER BY t, a.id LIMIT ?"
        params.append(limit)
        return [WatchMatch(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in self._db.execute(sql, params)]

    def latest_enrichment(self) -> str | None:
        row = self._db.execute("SELECT MAX(enriched_at) FROM enrichments").fetchone()
        return str(row[0]) if row and row[0] else None

    # -- alerts ---------------------------------------------------------------------------------

    def record_alerts(self, alerts: Sequence[Alert]) -> list[Alert]:
        new: list[Alert] = []
        now = utcnow()
        with self._transaction() as db:
            for alert in alerts:
                alert.created_at = alert.created_at or now
                cursor = db.execute(
                    "INSERT INTO alerts (id, watchlist_id, watchlist, event, subject, title, detail, created_at, "
                    "delivery, attempts, next_attempt, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, NULL) "
                    "ON CONFLICT DO NOTHING",
                    (alert.id, alert.watchlist_id, alert.watchlist, alert.event, alert.subject, alert.title,
                     json.dumps(alert.detail, ensure_ascii=False, default=str), utc_text(alert.created_at),
                     alert.delivery, _text(alert.next_attempt)),
                )
                if cursor.rowcount:
                    new.append(alert)
        return new

    def _alert(self, r: Any) -> Alert:
        return Alert(watchlist_id=r["watchlist_id"], watchlist=r["watchlist"], event=r["event"], subject=r["subject"],
                     title=r["title"], detail=json.loads(r["detail"]), id=r["id"], created_at=_time(r["created_at"]),
                     delivery=r["delivery"], attempts=r["attempts"], next_attempt=_time(r["next_attempt"]),
                     last_error=r["last_error"])

    def list_alerts(self, *, limit: int = 50, offset: int = 0, watchlist: str | None = None) -> tuple[int, list[Alert]]:
        where, params = "", []
        if watchlist:
            where, params = " WHERE watchlist = ? OR watchlist_id = ?", [watchlist, watchlist]
        total = int(self._db.execute(f"SELECT COUNT(*) FROM alerts{where}", params).fetchone()[0])
        rows = self._db.execute(f"SELECT * FROM alerts{where} ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                                [*params, limit, offset])
        return total, [self._alert(r) for r in rows]

    def alerts_to_deliver(self, now: datetime, limit: int = 100) -> list[Alert]:
        rows = self._db.execute(
            "SELECT * FROM alerts WHERE delivery = 'pending' AND (next_attempt IS NULL OR next_attempt <= ?) "
            "ORDER BY created_at, id LIMIT ?", (utc_text(now), limit))
        return [self._alert(r) for r in rows]

    def record_delivery(self, attempt: DeliveryAttempt, delivery: str, next_attempt: datetime | None) -> None:
        with self._transaction() as db:
            db.execute("INSERT INTO webhook_attempts (alert_id, attempt, at, status, error) VALUES (?, ?, ?, ?, ?) "
                       "ON CONFLICT DO NOTHING",
                       (attempt.alert_id, attempt.attempt, utc_text(attempt.at), attempt.status, attempt.error))
            db.execute("UPDATE alerts SET delivery = ?, attempts = ?, next_attempt = ?, last_error = ? WHERE id = ?",
                       (delivery, attempt.attempt, _text(next_attempt), attempt.error, attempt.alert_id))

    def delivery_attempts(self, alert_id: str) -> list[DeliveryAttempt]:
        return [DeliveryAttempt(r["alert_id"], r["attempt"], _time(r["at"]) or utcnow(), r["status"], r["error"])
                for r in self._db.execute("SELECT * FROM webhook_attempts WHERE alert_id = ? ORDER BY attempt",
                                          (alert_id,))]

    # -- markers --------------------------------------------------------------------------------

    def get_marker(self, name: str) -> str | None:
        row = self._db.execute("SELECT value FROM monitor_markers WHERE name = ?", (name,)).fetchone()
        return str(row[0]) if row else None

    def set_marker(self, name: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT INTO monitor_markers (name, value) VALUES (?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value", (name, value))
