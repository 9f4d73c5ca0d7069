"""Stories and trends in SQL both stores speak (mixed into :class:`SQLiteStore` and :class:`PostgresStore`).

Trend counts are sums over ``facet_hours`` (articles per hour, facet value,
language and outlet, see :mod:`newsradar.store.sql.facets`), bucketed by the
first 10 (day) or 13 (hour) characters of the article's UTC time, so a count
over 100k articles reads per-hour sums instead of every article.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from ...model import Article, Story, utcnow
from ..base import Bucket, FacetKind, StoryFilter, StoryRecord, TrendFilter
from . import json_codec
from .common import chunks, slice_clauses, utc_text
from .data_version import bump
from .dialect import Connection
from .facets import ALL, FACETS, slice_rows

_TIME = "COALESCE(a.published_utc, a.ingested_at)"
_BUCKET_CHARS = {"hour": 13, "day": 10, "month": 7}
_FACETS = FACETS


#: Enriched articles in no story yet, oldest first: what the clusterer takes next.
_UNCLUSTERED = ("FROM articles a JOIN enrichments e ON e.article_id = a.id "
                "WHERE NOT EXISTS (SELECT 1 FROM story_articles s WHERE s.article_id = a.id) "
                f"ORDER BY {_TIME}, a.id")
#: Above this many stories, :meth:`SQLStoriesMixin.story_activity` scans the period instead of listing ids.
_ACTIVITY_BY_TIME = 2_000


class SQLStoriesMixin:
    _db: Connection

    def _transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _article(self, row: Any) -> Article:
        raise NotImplementedError

    # -- stories -------------------------------------------------------------------------------

    def articles_to_cluster(self, limit: int | None = None) -> list[Article]:
        sql = f"SELECT a.*, e.data AS enrichment {_UNCLUSTERED}"
        params: list[Any] = []
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return [self._article(r) for r in self._db.execute(sql, params)]

    def ids_to_cluster(self) -> list[str]:
        return [str(row[0]) for row in self._db.execute(f"SELECT a.id {_UNCLUSTERED}")]

    def live_stories(self, since: datetime) -> list[StoryRecord]:
        rows = self._db.execute(
            "SELECT * FROM stories WHERE merged_into IS NULL AND last_seen >= ? AND state IS NOT NULL",
            (utc_text(since),),
        )
        return [StoryRecord(self._story(r), json_codec.loads(r["state"])) for r in rows]

    def save_stories(self, records: Sequence[StoryRecord], assignments: Sequence[tuple[str, str, float, datetime]],
                     merged: Mapping[str, str]) -> None:
        now = utcnow().isoformat()
        with self._transaction() as db:
            for record in records:
                s = record.story
                db.execute(
                    "INSERT INTO stories (id, title, title_article, first_seen, last_seen, articles, outlets, "
                    "languages, sources, countries, state, merged_into, updated_at, continues) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "title = excluded.title, title_article = excluded.title_article, "
                    "first_seen = excluded.first_seen, last_seen = excluded.last_seen, "
                    "articles = excluded.articles, outlets = excluded.outlets, languages = excluded.languages, "
                    "sources = excluded.sources, countries = excluded.countries, state = excluded.state, "
                    "merged_into = NULL, updated_at = excluded.updated_at, continues = excluded.continues",
                    (s.id, s.title, s.title_article, utc_text(s.first_seen), utc_text(s.last_seen), s.articles,
                     s.outlets, json.dumps(s.languages, ensure_ascii=False),
                     json.dumps(s.sources, ensure_ascii=False), json.dumps(s.countries),
                     json_codec.dumps(record.state) if record.state is not None else None, now,
                     s.continues or None),
                )
                db.execute("DELETE FROM story_languages WHERE story_id = ?", (s.id,))
                db.executemany("INSERT INTO story_languages VALUES (?, ?, ?)",
                               [(s.id, lang, n) for lang, n in s.languages.items()])
            # The outlet rides along for the per-day counts (story_days.py), read from the article's row.
            db.executemany(
                "INSERT INTO story_articles (article_id, story_id, similarity, time_utc, source) "
                "VALUES (?, ?, ?, ?, (SELECT COALESCE(a.source, '') FROM articles a WHERE a.id = ?)) "
                "ON CONFLICT (article_id) DO UPDATE SET story_id = excluded.story_id, "
                "similarity = excluded.similarity, time_utc = excluded.time_utc, source = excluded.source",
                [(a, s, sim, utc_text(t), a) for a, s, sim, t in assignments],
            )
            for old, new in merged.items():
                db.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (new, old))
                db.execute("UPDATE stories SET merged_into = ?, state = NULL WHERE id = ? OR merged_into = ?",
                           (new, old, old))
                db.execute(
                    "INSERT INTO stories (id, title, first_seen, last_seen, articles, outlets, languages, sources, "
                    "countries, state, merged_into, updated_at) VALUES (?, '', ?, ?, 0, 0, '{}', '{}', '{}', NULL, "
                    "?, ?) ON CONFLICT (id) DO NOTHING",
                    (old, now, now, new, now),
                )
                db.execute("DELETE FROM story_languages WHERE story_id = ?", (old,))
            bump(db)

    def reset_stories(self, since: datetime | None = None) -> int:
        with self._transaction() as db:
            if since is None:
                freed = db.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0]
                for table in ("story_articles", "story_days", "story_languages", "stories"):
                    db.execute(f"DELETE FROM {table}")
                bump(db)
                return int(freed)
            cut = utc_text(since)
            ids = [r[0] for r in db.execute(
                "SELECT id FROM stories WHERE merged_into IS NULL AND last_seen >= ?", (cut,))]
            freed = 0
            for chunk in chunks(ids):
                marks = ",".join("?" * len(chunk))
                freed += db.execute(f"DELETE FROM story_articles WHERE story_id IN ({marks})", chunk).rowcount
                db.execute(f"DELETE FROM story_languages WHERE story_id IN ({marks})", chunk)
                db.execute(f"DELETE FROM stories WHERE id IN ({marks}) OR merged_into IN ({marks})",
                           [*chunk, *chunk])
            bump(db)
            return freed

    def _story(self, row: Any) -> Story:
        return Story(
            id=row["id"], title=row["title"], first_seen=datetime.fromisoformat(row["first_seen"]),
            last_seen=datetime.fromisoformat(row["last_seen"]), articles=row["articles"], outlets=row["outlets"],
            languages=json.loads(row["languages"]), sources=json.loads(row["sources"]),
            countries=json.loads(row["countries"]), title_article=row["title_article"] or "",
            continues=row["continues"] or "",
        )

    def _story_where(self, flt: StoryFilter) -> tuple[str, list[Any]]:
        where = ["s.merged_into IS NULL", "s.articles >= ?"]
        params: list[Any] = [flt.min_articles]
        if flt.since:
            where.append("s.last_seen >= ?")
            params.append(utc_text(flt.since))
        if flt.until:
            where.append("s.first_seen < ?")
            params.append(utc_text(flt.until))
        if flt.language:
            where.append("EXISTS (SELECT 1 FROM story_languages l WHERE l.story_id = s.id AND l.language = ?)")
            params.append(flt.language)
        return " AND ".join(where), params

    def list_stories(self, flt: StoryFilter) -> list[Story]:
        where, params = self._story_where(flt)
        sql = f"SELECT s.* FROM stories s WHERE {where} ORDER BY s.last_seen DESC, s.articles DESC, s.id"
        if flt.limit:
            sql += " LIMIT ? OFFSET ?"
            params += [flt.limit, flt.offset]
        return [self._story(r) for r in self._db.execute(sql, params)]

    def story_breadth(self, flt: StoryFilter) -> dict[str, tuple[int, int]]:
        where, params = self._story_where(flt)
        # The languages counted from story_languages' key: decoding 9,500 JSON objects took as long as the rest.
        rows = self._db.execute(
            "SELECT s.id, (SELECT COUNT(*) FROM story_languages l WHERE l.story_id = s.id), s.outlets "
            f"FROM stories s WHERE {where}", params)
        return {str(story_id): (int(languages), int(outlets)) for story_id, languages, outlets in rows}

    def count_stories(self, flt: StoryFilter) -> int:
        where, params = self._story_where(flt)
        return int(self._db.execute(f"SELECT COUNT(*) FROM stories s WHERE {where}", params).fetchone()[0])

    def get_story(self, story_id: str) -> Story | None:
        row = self._db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None and story_id:
            rows = self._db.execute("SELECT * FROM stories WHERE id LIKE ? LIMIT 2",
                                    (story_id.replace("%", "") + "%",)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        seen = set()
        while row is not None and row["merged_into"] and row["id"] not in seen:
            seen.add(row["id"])
            row = self._db.execute("SELECT * FROM stories WHERE id = ?", (row["merged_into"],)).fetchone()
        return self._story(row) if row is not None else None

    def continuations(self, story_id: str) -> list[Story]:
        rows = self._db.execute("SELECT * FROM stories WHERE continues = ? AND merged_into IS NULL "
                                "ORDER BY first_seen, id", (story_id,))
        return [self._story(r) for r in rows]

    def story_members(self, story_id: str) -> list[tuple[Article, float]]:
        rows = self._db.execute(
            "SELECT a.*, e.data AS enrichment, s.similarity AS story_similarity FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id LEFT JOIN enrichments e ON e.article_id = a.id "
            "WHERE s.story_id = ? ORDER BY s.time_utc, a.id", (story_id,))
        return [(self._article(r), float(r["story_similarity"])) for r in rows]

    def story_of(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def story_activity(self, story_ids: Sequence[str], bucket: Bucket,
                       since: datetime | None = None) -> dict[str, dict[str, tuple[int, int]]]:
        width = _BUCKET_CHARS[bucket]
        if bucket != "hour" and (since is None or utc_text(since).endswith("T00:00:00Z")):
            return self._story_days(story_ids, width, since)
        # Hours, or a period starting within a day: each member's row, joined to its article for the outlet.
        select = (f"SELECT s.story_id, substr(s.time_utc, 1, {width}) AS b, COUNT(*), "
                  "COUNT(DISTINCT COALESCE(a.source, '')) FROM story_articles s ")
        joined = "JOIN articles a ON a.id = s.article_id "
        out: dict[str, dict[str, tuple[int, int]]] = {}
        if since and len(story_ids) > _ACTIVITY_BY_TIME:
            # Thousands of stories (a day's ranking): one scan of the period on the time index beats
            # dozens of IN lists; the stories not asked for are dropped here.
            wanted = set(story_ids)
            sql = f"{select}{joined}WHERE s.time_utc >= ? GROUP BY s.story_id, b"
            for story_id, key, n, m in self._db.execute(sql, [utc_text(since)]):
                if story_id in wanted:
                    out.setdefault(story_id, {})[key] = (int(n), int(m))
            return out
        for chunk in chunks(story_ids):
            marks = ",".join("?" * len(chunk))
            params: list[Any] = [*chunk]
            sql = f"{select}{joined}WHERE s.story_id IN ({marks})"
            if since:
                sql += " AND s.time_utc >= ?"
                params.append(utc_text(since))
            for story_id, key, n, m in self._db.execute(sql + " GROUP BY s.story_id, b", params):
                out.setdefault(story_id, {})[key] = (int(n), int(m))
        return out

    def _story_days(self, story_ids: Sequence[str], width: int,
                    since: datetime | None) -> dict[str, dict[str, tuple[int, int]]]:
        """``story_activity`` by whole days or months, from the counts kept in ``story_days``."""
        select = (f"SELECT d.story_id, substr(d.day, 1, {width}) AS b, SUM(d.articles), COUNT(DISTINCT d.source) "
                  "FROM story_days d WHERE d.articles > 0")
        day = utc_text(since)[:10] if since else None
        out: dict[str, dict[str, tuple[int, int]]] = {}
        if day and len(story_ids) > _ACTIVITY_BY_TIME:
            wanted = set(story_ids)
            for story_id, key, n, m in self._db.execute(f"{select} AND d.day >= ? GROUP BY d.story_id, b", [day]):
                if story_id in wanted:
                    out.setdefault(story_id, {})[key] = (int(n), int(m))
            return out
        for chunk in chunks(story_ids):
            params: list[Any] = [*chunk]
            sql = f"{select} AND d.story_id IN ({','.join('?' * len(chunk))})"
            if day:
                sql += " AND d.day >= ?"
                params.append(day)
            for story_id, key, n, m in self._db.execute(sql + " GROUP BY d.story_id, b", params):
                out.setdefault(story_id, {})[key] = (int(n), int(m))
        return out

    # -- trends --------------------------------------------------------------------------------

    def _slice(self, flt: TrendFilter) -> tuple[str, list[Any]]:
        where, params = slice_clauses(_TIME, flt.since, flt.until, flt.language, flt.source)
        return " AND ".join(["1 = 1", *where]), params

    def facet_counts(self, kind: FacetKind, bucket: Bucket, flt: TrendFilter,
                     values: Sequence[str] | None = None) -> list[tuple[str, str, int]]:
        if values is not None and not values:
            return []
        rows, params = slice_rows(kind, flt, values, dated=True)
        sql = (f"SELECT substr(u.hour, 1, {_BUCKET_CHARS[bucket]}) AS b, u.value, SUM(u.n) FROM ({rows}) u "
               "GROUP BY b, u.value")
        return [(str(b), str(v), int(n)) for b, v, n in self._db.execute(sql, params)]

    def facets_in_bucket(self, kind: FacetKind, bucket: Bucket, flt: TrendFilter, key: str,
                         at_least: int) -> list[tuple[str, int, int]]:
        rows, params = slice_rows(kind, flt, dated=True)
        sql = (f"SELECT u.value, SUM(CASE WHEN substr(u.hour, 1, {_BUCKET_CHARS[bucket]}) = ? THEN u.n ELSE 0 END) "
               f"AS c, SUM(u.n) FROM ({rows}) u GROUP BY u.value "
               f"HAVING SUM(CASE WHEN substr(u.hour, 1, {_BUCKET_CHARS[bucket]}) = ? THEN u.n ELSE 0 END) >= ?")
        return [(str(v), int(c), int(n)) for v, c, n in self._db.execute(sql, [key, *params, key, at_least])]

    def top_facets(self, kind: FacetKind, flt: TrendFilter, limit: int) -> list[str]:
        # Ranked in SQL: fetching every (day, value) pair to keep ten cost seconds at 10k articles.
        rows, params = slice_rows(kind, flt, dated=True)  # the values a chart by time shows
        sql = f"SELECT u.value, SUM(u.n) AS c FROM ({rows}) u GROUP BY u.value ORDER BY c DESC, u.value LIMIT ?"
        return [str(v) for v, _ in self._db.execute(sql, [*params, limit])]

    def bucket_totals(self, bucket: Bucket, flt: TrendFilter) -> dict[str, int]:
        rows, params = slice_rows(ALL, flt, dated=True)
        sql = f"SELECT substr(u.hour, 1, {_BUCKET_CHARS[bucket]}) AS b, SUM(u.n) FROM ({rows}) u GROUP BY b"
        return {str(b): int(n) for b, n in self._db.execute(sql, params)}

    def facet_labels(self, kind: FacetKind, values: Sequence[str]) -> dict[str, str]:
        labels = {v: v for v in values}
        if kind != "entity":
            return labels
        for chunk in chunks(values):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, name, COUNT(*) AS n FROM article_entities WHERE key IN ({marks}) "
                "GROUP BY key, name ORDER BY key, n DESC", chunk)
            seen: set[str] = set()
            for key, name, _ in rows:
                if key not in seen:
                    seen.add(key)
                    labels[key] = name
        return labels

    def articles_with(self, kind: FacetKind, value: str, flt: TrendFilter, limit: int = 5000) -> list[str]:
        table, column = _FACETS[kind]
        where, params = self._slice(flt)
        # One row per (article, value) in every facet table: no DISTINCT needed (PostgreSQL would
        # refuse DISTINCT with an ORDER BY on a column it does not select).
        sql = (f"SELECT a.id FROM {table} f JOIN articles a ON a.id = f.article_id "
               f"WHERE f.{column} = ? AND {where} ORDER BY {_TIME} DESC LIMIT ?")
        return [r[0] for r in self._db.execute(sql, [value, *params, limit])]

    def facets_of(self, article_ids: Sequence[str],
                  kinds: Sequence[FacetKind] = ("keyword", "entity")) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for chunk in chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            for kind in kinds:
                table, column = _FACETS[kind]
                out += [(a, kind, v) for a, v in self._db.execute(
                    f"SELECT article_id, {column} FROM {table} WHERE article_id IN ({marks})", chunk)]
        return out

    def article_briefs(self, article_ids: Sequence[str]) -> list[tuple[str, str | None, str | None, str]]:
        out: list[tuple[str, str | None, str | None, str]] = []
        for chunk in chunks(article_ids):
            marks = ",".join("?" * len(chunk))
            out += [(r[0], r[1], r[2], r[3]) for r in self._db.execute(
                f"SELECT a.id, a.source, a.language, {_TIME} FROM articles a WHERE a.id IN ({marks})", chunk)]
        return out

    def facet_document_counts(self, kind: FacetKind, values: Sequence[str], flt: TrendFilter) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in chunks(values, 200):  # each value is sent once per part of the slice
            rows, params = slice_rows(kind, flt, chunk)
            sql = f"SELECT u.value, SUM(u.n) FROM ({rows}) u GROUP BY u.value"
            out.update({str(v): int(n) for v, n in self._db.execute(sql, params) if n})
        return out

    def count_in(self, flt: TrendFilter) -> int:
        rows, params = slice_rows(ALL, flt)
        return int(self._db.execute(f"SELECT COALESCE(SUM(u.n), 0) FROM ({rows}) u", params).fetchone()[0])
