"""Articles, quarantine, enrichment and wire copies in SQL both stores speak.

Mixed into :class:`SQLiteStore` and :class:`PostgresStore`: the store supplies
the connection (``_db``), its transactions and its full-text index
(:meth:`_index_article`); everything else here is the same SQL on both.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Container, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from ...model import UNKNOWN_OUTLET, Article, Enrichment, QuarantineEntry, utcnow
from ..base import ArticleFilter, StoreSummary, WriteCounts
from ..monitor import FetchRecord
from . import json_codec
from .common import article_clauses, chunks, facet_filters, utc_text
from .data_version import bump
from .dialect import SQLITE, Connection, Dialect
from .facets import shift_facets
from .outlets import refresh_copy_order, shift_outlets

_COLUMNS = (
    "id", "title", "body", "origin", "source", "url", "captions", "published", "published_utc",
    "published_raw", "language", "author", "agency", "dateline", "external_id", "extra",
    "input_hash", "ingested_at", "updated_at",
)
#: Columns a changed input may overwrite; a NULL in the new input keeps the stored value.
_KEEP_IF_NULL = ("source", "url", "published", "published_utc", "published_raw", "language", "author",
                 "agency", "dateline", "external_id")


#: Articles carrying a filter's value above which a listing page walks the articles newest first.
_COMMON_FACET = 2_000
_SELECT = "SELECT a.*, e.data AS enrichment FROM articles a LEFT JOIN enrichments e ON e.article_id = a.id"


def publication_order(article: Article) -> tuple[Any, ...]:
    """Who published first: by time, but a date-only stamp ("2026-11-18") after exact times of that day."""
    if article.published is None:
        return (1, "", 1, "", _iso(article.ingested_at) or "")
    day_only = article.extra.get("published_precision") == "day"
    instant = article.published.astimezone(UTC)
    return (0, instant.date().isoformat(), int(day_only), instant.isoformat(), _iso(article.ingested_at) or "")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _utc(value: datetime | None) -> str | None:
    return utc_text(value) if value else None


def _shift_counts(db: Connection, article_ids: Sequence[str], sign: int) -> None:
    """Move every count kept in the write transactions by these articles' contribution, as they are now:
    ``facet_hours`` (facets.py), then the outlet signals' tables (outlets.py); ``-1`` before a writer changes
    the articles, their facets, quotes or copies, ``+1`` after."""
    shift_facets(db, article_ids, sign)
    shift_outlets(db, article_ids, sign)


class SQLArticlesMixin:
    _db: Connection
    _dialect: Dialect = SQLITE
    # provided by the monitor mixin (an annotation only, so it does not shadow it in the MRO)
    _record_fetches: Callable[[Connection, Sequence[FetchRecord]], None]

    def _transaction(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _index_articles(self, db: Connection, new: Sequence[Article], changed: Sequence[Article]) -> None:
        """Put the titles and bodies of new and changed articles into the store's full-text index."""
        raise NotImplementedError

    def schema_version(self) -> int:
        row = self._db.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    # -- writing --------------------------------------------------------------------------------

    def write_batch(
        self, articles: Sequence[Article], quarantined: Sequence[QuarantineEntry] = (),
        fetches: Sequence[FetchRecord] = (),
    ) -> WriteCounts:
        counts = WriteCounts(quarantined=len(quarantined))
        latest: dict[str, Article] = {a.id: a for a in articles}  # the last copy in a batch wins
        now = utcnow()
        with self._transaction() as db:
            stored = self._stored_hashes(db, list(latest))
            new = [a for a in latest.values() if a.id not in stored]
            changed = [a for a in latest.values() if a.id in stored and stored[a.id] != a.content_hash]
            # A changed input may move an article to another hour, language or outlet: its counts move too.
            _shift_counts(db, [a.id for a in changed], -1)
            self._insert(db, new, now)
            for article in changed:
                self._update(db, article, article.content_hash, now)
            # A story's per-day outlet counts follow a changed outlet (story_days.py); a no-op otherwise.
            db.executemany("UPDATE story_articles SET source = ? WHERE article_id = ? AND COALESCE(source, '') != ?",
                           [(a.source or "", a.id, a.source or "") for a in changed])
            _shift_counts(db, [a.id for a in [*new, *changed]], 1)
            self._index_articles(db, new, changed)
            counts.new, counts.updated = len(new), len(changed)
            counts.unchanged = len(articles) - len(new) - len(changed)
            self._record_quarantine(db, quarantined, now)
            origins = [(a.origin,) for a in latest.values()]
            db.executemany("DELETE FROM quarantine WHERE origin = ?", origins)
            if fetches:
                self._record_fetches(db, fetches)
            if new or changed:
                bump(db)
        return counts

    def delete_articles(self, article_ids: Sequence[str]) -> int:
        """Remove articles with everything derived from them; the trend counts lose them in the same transaction."""
        deleted = 0
        with self._transaction() as db:
            _shift_counts(db, article_ids, -1)
            self._unindex_articles(db, article_ids)
            for chunk in chunks(list(dict.fromkeys(article_ids))):
                marks = ",".join("?" * len(chunk))
                deleted += db.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk).rowcount
            bump(db)
        return deleted

    def _unindex_articles(self, db: Connection, article_ids: Sequence[str]) -> None:
        """Take articles out of the full-text index before they are deleted (a no-op where rows cascade)."""

    def _stored_hashes(self, db: Connection, ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(ids):
            marks = ",".join("?" * len(chunk))
            for row in db.execute(f"SELECT id, input_hash FROM articles WHERE id IN ({marks})", chunk):
                found[row[0]] = row[1]
        return found

    def _row(self, article: Article, digest: str, now: datetime) -> dict[str, Any]:
        """The article's column values, by name (see ``_COLUMNS``)."""
        return {
            "id": article.id,
            "title": article.title,
            "body": article.body,
            "origin": article.origin,
            "source": article.source,
            "url": article.url,
            "captions": json.dumps(article.captions, ensure_ascii=False),
            "published": _iso(article.published),
            "published_utc": _utc(article.published),
            "published_raw": article.published_raw,
            "language": article.language,
            "author": article.author,
            "agency": article.agency,
            "dateline": article.dateline,
            "external_id": article.external_id,
            "extra": json.dumps(article.extra, ensure_ascii=False, default=str),
            "input_hash": digest,
            "ingested_at": _iso(article.ingested_at or now),
            "updated_at": _iso(now),
        }

    def _insert(self, db: Connection, articles: Sequence[Article], now: datetime) -> None:
        rows = [self._row(article, article.content_hash, now) for article in articles]
        db.executemany(f"INSERT INTO articles ({','.join(_COLUMNS)}) VALUES ({','.join('?' * len(_COLUMNS))})",
                       [[row[c] for c in _COLUMNS] for row in rows])

    def _update(self, db: Connection, article: Article, digest: str, now: datetime) -> None:
        row = self._row(article, digest, now)
        replaced = ("title", "body", "origin", "captions", "extra", "input_hash", "updated_at")
        sets = [f"{c} = ?" for c in replaced] + [f"{c} = COALESCE(?, {c})" for c in _KEEP_IF_NULL]
        db.execute(f"UPDATE articles SET {', '.join(sets)} WHERE id = ?",
                   [*(row[c] for c in replaced), *(row[c] for c in _KEEP_IF_NULL), article.id])

    def _record_quarantine(
        self, db: Connection, entries: Sequence[QuarantineEntry], now: datetime
    ) -> None:
        db.executemany(
            """INSERT INTO quarantine (origin, reason, stage, sample, first_seen, last_seen, attempts)
               VALUES (?, ?, ?, ?, ?, ?, 1)
               ON CONFLICT (origin, reason) DO UPDATE SET
                 last_seen = excluded.last_seen, attempts = quarantine.attempts + 1,
                 stage = excluded.stage, sample = excluded.sample""",
            [(e.origin, e.reason, e.stage, e.sample, _iso(now), _iso(now)) for e in entries],
        )

    # -- reading --------------------------------------------------------------------------------

    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        found: dict[str, Article] = {}
        for chunk in chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            found.update((row["id"], self._article(row))
                         for row in self._db.execute(f"{_SELECT} WHERE a.id IN ({marks})", chunk))
        return [found[i] for i in article_ids if i in found]

    def _article(self, row: Any) -> Article:
        return Article(
            id=row["id"],
            title=row["title"],
            body=row["body"],
            origin=row["origin"],
            source=row["source"],
            url=row["url"],
            captions=json.loads(row["captions"]),
            published=datetime.fromisoformat(row["published"]) if row["published"] else None,
            published_raw=row["published_raw"],
            language=row["language"],
            author=row["author"],
            agency=row["agency"],
            dateline=row["dateline"],
            external_id=row["external_id"],
            extra=json.loads(row["extra"]),
            ingested_at=datetime.fromisoformat(row["ingested_at"]),
            updated_at=datetime.fromisoformat(row["updated_at"]),
            enrichment=Enrichment.from_dict(json_codec.loads(row["enrichment"])) if row["enrichment"] else None,
        )

    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute(f"{_SELECT} WHERE a.id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= 4:
            escaped = article_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = self._db.execute(
                f"{_SELECT} WHERE a.id LIKE ? ESCAPE '\\' LIMIT 2", (escaped + "%",)
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return self._article(row) if row else None

    def _where(self, flt: ArticleFilter, common: Container[str] = ()) -> tuple[str, list[Any]]:
        clauses, params = article_clauses(flt, self._dialect, common)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _common_facets(self, flt: ArticleFilter) -> set[str]:
        """The filter's query-table values carried by so many articles that a page should walk the articles.

        Topics are few and broad, so always; the others are counted from their index (a millisecond).
        Above ``_COMMON_FACET`` articles, walking the newest first until the page is full beats
        gathering and sorting every match (a 6,000-article story: 810 → 80 ms; a 3-article one the
        other way, 260 → 2 ms).
        """
        common = set()
        for name, table, column, value in facet_filters(flt):
            if name == "topic" or int(self._db.execute(
                    f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", (value,)).fetchone()[0]) > _COMMON_FACET:
                common.add(name)
        return common

    def list_articles(self, flt: ArticleFilter) -> list[Article]:
        where, params = self._where(flt, self._common_facets(flt) if flt.limit is not None else ())
        sql = (
            f"{_SELECT}{where} "
            "ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.ingested_at DESC, a.id"
        )
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [flt.limit, flt.offset]
        return [self._article(row) for row in self._db.execute(sql, params)]

    def count_articles(self, flt: ArticleFilter) -> int:
        where, params = self._where(flt)
        return int(self._db.execute(f"SELECT COUNT(*) FROM articles a{where}", params).fetchone()[0])

    def list_quarantine(self, limit: int | None = None) -> list[QuarantineEntry]:
        sql = "SELECT * FROM quarantine ORDER BY last_seen DESC, origin"
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [
            QuarantineEntry(
                origin=row["origin"],
                reason=row["reason"],
                stage=row["stage"],
                sample=row["sample"] or "",
                first_seen=datetime.fromisoformat(row["first_seen"]),
                last_seen=datetime.fromisoformat(row["last_seen"]),
                attempts=row["attempts"],
            )
            for row in self._db.execute(sql, params)
        ]

    def summary(self) -> StoreSummary:
        db = self._db
        out = StoreSummary()
        out.articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        out.quarantined = db.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0]
        out.by_language = {
            (r[0] or "unknown"): r[1]
            for r in db.execute("SELECT language, COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC")
        }
        out.by_source = {
            (r[0] or UNKNOWN_OUTLET): r[1]
            for r in db.execute("SELECT source, COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1")
        }
        out.by_day = {
            r[0]: r[1]
            for r in db.execute(
                "SELECT substr(published, 1, 10), COUNT(*) FROM articles "
                "WHERE published IS NOT NULL GROUP BY 1 ORDER BY 1"
            )
        }
        first, last = db.execute(
            "SELECT MIN(published_utc), MAX(published_utc) FROM articles"
        ).fetchone()
        out.first_published = datetime.fromisoformat(first) if first else None
        out.last_published = datetime.fromisoformat(last) if last else None
        out.undated = self.count_undated()
        return out

    def count_undated(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM articles WHERE published_utc IS NULL").fetchone()[0])

    # -- enrichment ------------------------------------------------------------------------------

    def articles_to_enrich(self, version: int, *, everything: bool = False, since: datetime | None = None,
                           limit: int | None = None) -> list[Article]:
        sql, params = self._to_enrich(_SELECT, version, everything, since, limit)
        return [self._article(row) for row in self._db.execute(sql, params)]

    def ids_to_enrich(self, version: int, *, everything: bool = False, since: datetime | None = None) -> list[str]:
        select = "SELECT a.id FROM articles a LEFT JOIN enrichments e ON e.article_id = a.id"
        sql, params = self._to_enrich(select, version, everything, since, None)
        return [str(row[0]) for row in self._db.execute(sql, params)]

    def _to_enrich(self, select: str, version: int, everything: bool, since: datetime | None,
                   limit: int | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if not everything:
            clauses.append("(e.article_id IS NULL OR e.version < ? OR e.input_hash != a.input_hash)")
            params.append(version)
        if since:
            clauses.append("a.published_utc >= ?")
            params.append(_utc(since))
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        sql = f"{select}{where} ORDER BY a.published_utc IS NULL, a.published_utc, a.ingested_at, a.id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return sql, params

    def write_enrichments(self, items: Sequence[tuple[Article, Enrichment]], *,
                          term_documents: Mapping[str, Sequence[set[str]]] | None = None,
                          signatures: Sequence[tuple[str, bytes, Sequence[str], tuple[str, float] | None]] = (),
                          ) -> None:
        now = utcnow()
        with self._transaction() as db:
            # The facets (and maybe the language) of these articles are replaced: so are their counts.
            _shift_counts(db, [article.id for article, _ in items], -1)
            for language, documents in (term_documents or {}).items():
                self._add_term_documents(db, language, documents)
            self._save_signatures(db, signatures)
            # Statements per batch, not per article: a batch of 200 was ~3,000 statements before,
            # most of the enrichment's time in the store.
            ids = list(dict.fromkeys(article.id for article, _ in items))
            hashes: dict[str, str] = {}
            for part in chunks(ids, 500):
                marks = ",".join("?" * len(part))
                hashes.update(db.execute(f"SELECT id, input_hash FROM articles WHERE id IN ({marks})", part))
            stored = [i for i in ids if i in hashes]
            for table in ("article_entities", "article_quotes", "article_countries", "article_pairs",
                          "article_topics", "article_keywords"):
                for part in chunks(stored, 500):
                    db.execute(f"DELETE FROM {table} WHERE article_id IN ({','.join('?' * len(part))})", part)
            rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in (
                "enrichments", "languages", "entities", "quotes", "countries", "pairs", "topics", "keywords")}
            for article, e in items:
                if article.id not in hashes:
                    continue
                e.enriched_at = e.enriched_at or now
                rows["enrichments"].append(
                    (article.id, e.version, hashes[article.id], e.language, e.language_confidence,
                     json_codec.dumps(e.to_dict()), _iso(e.enriched_at)))
                if e.language:  # the language stays None until enrichment identifies it
                    rows["languages"].append((e.language, article.id))
                rows["entities"].extend((article.id, x.key, x.kind, x.name, x.count) for x in e.entities)
                rows["quotes"].extend((article.id, n, q.speaker, q.speaker_key, q.text, q.kind, q.start, q.end)
                                      for n, q in enumerate(e.quotes))
                rows["countries"].extend((article.id, code, n) for code, n in e.countries.items())
                rows["pairs"].extend((article.id, p, e.pair_weights.get(p, 1.0)) for p in e.pairs)
                rows["topics"].extend((article.id, t, sc) for t, sc in e.topics)
                rows["keywords"].extend((article.id, t, sc) for t, sc in e.keywords)
            statements = {
                "enrichments": "INSERT INTO enrichments VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) "
                "DO UPDATE SET version = excluded.version, input_hash = excluded.input_hash, "
                "language = excluded.language, language_confidence = excluded.language_confidence, "
                "data = excluded.data, enriched_at = excluded.enriched_at",
                "languages": "UPDATE articles SET language = ? WHERE id = ? AND language IS NULL",
                "entities": "INSERT INTO article_entities VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, key) "
                "DO UPDATE SET kind = excluded.kind, name = excluded.name, mentions = excluded.mentions",
                "quotes": "INSERT INTO article_quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                "countries": "INSERT INTO article_countries VALUES (?, ?, ?)",
                "pairs": "INSERT INTO article_pairs (article_id, pair, weight) VALUES (?, ?, ?)",
                "topics": "INSERT INTO article_topics VALUES (?, ?, ?)",
                "keywords": "INSERT INTO article_keywords VALUES (?, ?, ?) "
                "ON CONFLICT (article_id, term) DO UPDATE SET score = excluded.score",
            }
            for name, statement in statements.items():
                if rows[name]:
                    db.executemany(statement, rows[name])
            _shift_counts(db, [article.id for article, _ in items], 1)
            if items:
                bump(db)

    def add_term_documents(self, language: str, documents: Sequence[set[str]]) -> None:
        if not documents:
            return
        with self._transaction() as db:
            self._add_term_documents(db, language, documents)

    def _add_term_documents(self, db: Connection, language: str, documents: Sequence[set[str]]) -> None:
        if not documents:
            return
        counts: dict[str, int] = {}
        for terms in documents:
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
        db.execute(
            "INSERT INTO corpus_stats VALUES (?, ?) "
            "ON CONFLICT (language) DO UPDATE SET docs = corpus_stats.docs + excluded.docs",
            (language, len(documents)),
        )
        db.executemany(
            "INSERT INTO term_stats VALUES (?, ?, ?) "
            "ON CONFLICT (language, term) DO UPDATE SET df = term_stats.df + excluded.df",
            [(language, term, n) for term, n in counts.items()],
        )

    def term_frequencies(self, language: str, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        row = self._db.execute("SELECT docs FROM corpus_stats WHERE language = ?", (language,)).fetchone()
        found: dict[str, int] = {}
        unique = list(dict.fromkeys(terms))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for term, df in self._db.execute(
                f"SELECT term, df FROM term_stats WHERE language = ? AND term IN ({marks})", [language, *chunk]
            ):
                found[term] = df
        return (int(row[0]) if row else 0), found

    def near_duplicates_by_band(self, bands: Sequence[str]) -> dict[str, dict[str, bytes]]:
        found: dict[str, dict[str, bytes]] = {}
        for chunk in chunks(list(dict.fromkeys(bands))):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT b.band, m.article_id, m.signature FROM minhash_bands b JOIN minhashes m "
                f"ON m.article_id = b.article_id WHERE b.band IN ({marks})", chunk)
            for band, article_id, signature in rows:
                found.setdefault(band, {})[article_id] = bytes(signature)
        return found

    def save_signature(self, article_id: str, signature: bytes, bands: Sequence[str],
                       group: tuple[str, float] | None) -> None:
        self.save_signatures([(article_id, signature, bands, group)])

    def save_signatures(self, items: Sequence[tuple[str, bytes, Sequence[str], tuple[str, float] | None]]) -> None:
        # One transaction for a whole batch: a commit per article cost more than finding its copies.
        with self._transaction() as db:
            self._save_signatures(db, items)
            refresh_copy_order(db, [item[0] for item in items])  # the outlet signals' copy order (outlets.py)

    def _save_signatures(self, db: Connection,
                         items: Sequence[tuple[str, bytes, Sequence[str], tuple[str, float] | None]]) -> None:
        if not items:
            return
        ids = list(dict.fromkeys(item[0] for item in items))
        for part in chunks(ids, 500):
            marks = ",".join("?" * len(part))
            db.execute(f"DELETE FROM minhash_bands WHERE article_id IN ({marks})", part)
            db.execute(f"DELETE FROM copies WHERE article_id IN ({marks})", part)
        db.executemany("INSERT INTO minhashes VALUES (?, ?) ON CONFLICT (article_id) "
                       "DO UPDATE SET signature = excluded.signature",
                       [(article_id, signature) for article_id, signature, _, _ in items])
        db.executemany("INSERT INTO minhash_bands VALUES (?, ?) ON CONFLICT DO NOTHING",
                       [(band, article_id) for article_id, _, bands, _ in items for band in bands])
        for article_id, _, _, group in items:
            if group:
                # An upsert: an earlier article of the batch may have made this one a group's root.
                db.execute("INSERT INTO copies VALUES (?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET "
                           "group_id = excluded.group_id, similarity = excluded.similarity",
                           (article_id, group[0], group[1]))
                db.execute("INSERT INTO copies VALUES (?, ?, 1.0) ON CONFLICT DO NOTHING", (group[0], group[0]))

    def copy_group_of(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT group_id FROM copies WHERE article_id = ?", (article_id,)).fetchone()
        return str(row[0]) if row else None

    def copy_groups_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for chunk in chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            found.update((str(a), str(g)) for a, g in self._db.execute(
                f"SELECT article_id, group_id FROM copies WHERE article_id IN ({marks})", chunk))
        return found

    def copy_group(self, group_id: str) -> list[tuple[Article, float]]:
        rows = self._db.execute(
            f"{_SELECT} JOIN copies c ON c.article_id = a.id WHERE c.group_id = ? "
            "ORDER BY a.published_utc IS NULL, a.published_utc, a.ingested_at, a.id",
            (group_id,),
        ).fetchall()
        sims = dict(self._db.execute("SELECT article_id, similarity FROM copies WHERE group_id = ?", (group_id,)))
        members = [(self._article(row), float(sims.get(row["id"], 1.0))) for row in rows]
        return sorted(members, key=lambda m: publication_order(m[0]))

