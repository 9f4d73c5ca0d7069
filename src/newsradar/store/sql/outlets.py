"""Outlet records and the per-day counts the outlet signals read, in SQL both stores speak.

Why per-day counts: the outlet signals (articles per day, wire-copy share, quoted share, headline-only
share, median body length) over a period were each a pass over every article of the period; at 100k
articles that is seconds.  Like ``facet_hours`` (see :mod:`.facets`), these tables hold the counts
already summed and are written in the very transaction that changes what they count:

* ``outlet_days``: per UTC day, source, credited agency and language: articles, headline-only
  articles (no body), articles with a quote from a named speaker, and their body characters;
* ``outlet_lengths``: the same rows split by body-length bucket (a median needs the distribution);
* ``outlet_copies``: every member of a wire-copy group that spans more than one source name (or
  credited agency) with its place in the group's publication order (0 = first published), so a read
  decides "copy of another outlet" with the directory of the moment (user aliases, aggregators)
  without re-reading articles.  A group of one source's own reposts can never span two outlets, so it
  is left out: at 100k articles 271 of 19,000 groups are kept;
* ``outlet_sites``: one URL per source name (the directory reads its web domain).

:func:`shift_outlets` is called next to ``shift_facets`` (by the writers of :mod:`.articles`) — with
``-1`` before a writer changes articles, their quotes or their copies, and ``+1`` after — so every
writer that keeps ``facet_hours`` exact keeps these exact too.  The user's and the inputs' outlet
records live in ``outlets``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ...model import Article, Outlet
from ..base import TrendFilter
from .common import chunks
from .data_version import bump
from .dialect import Connection
from .facets import slice_rows

#: Body length -> its bucket (the bucket's lower bound): exact below 100 characters, then 2-5 % wide.
BUCKET = ("CASE WHEN {n} < 100 THEN {n} WHEN {n} < 500 THEN {n} / 5 * 5 WHEN {n} < 1000 THEN {n} / 10 * 10 "
          "WHEN {n} < 5000 THEN {n} / 50 * 50 WHEN {n} < 10000 THEN {n} / 100 * 100 "
          "WHEN {n} < 50000 THEN {n} / 500 * 500 WHEN {n} < 100000 THEN {n} / 1000 * 1000 "
          "ELSE {n} / 10000 * 10000 END").format(n="length(a.body)")
#: The order ``articles.publication_order`` sorts a copy group in: by UTC day, a date-only stamp
#: after the exact times of its day, then by time, arrival and id (undated articles last).
PUBLICATION_ORDER = ("a.published_utc IS NULL, substr(a.published_utc, 1, 10), "
                     "CASE WHEN a.extra LIKE '%\"published_precision\": \"day\"%' THEN 1 ELSE 0 END, "
                     "a.published_utc, a.ingested_at, a.id")
_DAY = "COALESCE(substr(a.published_utc, 1, 10), '')"
_DIMS = f"{_DAY}, COALESCE(a.source, ''), COALESCE(a.agency, ''), COALESCE(a.language, '')"
_QUOTED = ("CASE WHEN EXISTS (SELECT 1 FROM article_quotes q WHERE q.article_id = a.id "
           "AND q.speaker_key IS NOT NULL) THEN 1 ELSE 0 END")
_HEADLINE_ONLY = "CASE WHEN a.body = '' THEN 1 ELSE 0 END"


def _days_select(sign: str, where: str) -> str:
    return (f"SELECT {_DIMS}, {sign}COUNT(*), {sign}SUM({_HEADLINE_ONLY}), {sign}SUM({_QUOTED}), "
            f"{sign}SUM(length(a.body)) FROM articles a{where} GROUP BY 1, 2, 3, 4")


def _lengths_select(sign: str, where: str) -> str:
    return (f"SELECT {_DIMS}, {BUCKET}, {sign}COUNT(*), {sign}SUM(length(a.body)) FROM articles a{where} "
            "GROUP BY 1, 2, 3, 4, 5")


_DAYS_INSERT = "INSERT INTO outlet_days (day, source, credit, language, articles, headline_only, quoted, chars) "
_DAYS_UPSERT = (" ON CONFLICT (day, source, credit, language) DO UPDATE SET "
                "articles = outlet_days.articles + excluded.articles, "
                "headline_only = outlet_days.headline_only + excluded.headline_only, "
                "quoted = outlet_days.quoted + excluded.quoted, chars = outlet_days.chars + excluded.chars")
_LENGTHS_INSERT = "INSERT INTO outlet_lengths (day, source, credit, language, bucket, articles, chars) "
_LENGTHS_UPSERT = (" ON CONFLICT (day, source, credit, language, bucket) DO UPDATE SET "
                   "articles = outlet_lengths.articles + excluded.articles, "
                   "chars = outlet_lengths.chars + excluded.chars")
_SITES = ("INSERT INTO outlet_sites (source, url) SELECT a.source, MIN(a.url) FROM articles a "
          "WHERE a.source IS NOT NULL AND a.source <> '' AND a.url IS NOT NULL AND a.url <> ''{and_where} "
          "GROUP BY a.source ON CONFLICT (source) DO NOTHING")
_COPY_MEMBERS = (f"SELECT c.article_id, c.group_id, {_DIMS} FROM copies c JOIN articles a ON a.id = c.article_id "
                 "WHERE c.group_id IN ({marks}) ORDER BY c.group_id, " + PUBLICATION_ORDER)
_COPIES_SELECT = (
    "SELECT x.article_id, x.group_id, x.seq, x.day, x.source, x.credit, x.language FROM ("
    f"SELECT c.article_id, c.group_id, ROW_NUMBER() OVER (PARTITION BY c.group_id ORDER BY {PUBLICATION_ORDER}) - 1 "
    f"AS seq, {_DAY} AS day, COALESCE(a.source, '') AS source, COALESCE(a.agency, '') AS credit, "
    "COALESCE(a.language, '') AS language FROM copies c JOIN articles a ON a.id = c.article_id "
    "WHERE c.group_id IN (SELECT k.group_id FROM copies k JOIN articles b ON b.id = k.article_id GROUP BY k.group_id "
    "HAVING COUNT(DISTINCT COALESCE(b.source, '') || '|' || COALESCE(b.agency, '')) > 1)) x")
_COPIES_BACKFILL = ("INSERT INTO outlet_copies (article_id, group_id, seq, day, source, credit, language) "
                    + _COPIES_SELECT)


def recount_queries() -> dict[str, str]:
    """Table -> a SELECT of what it should hold, counted afresh (the rows of the incremental tables that are
    not 0 must be exactly these: the tests check it)."""
    return {"outlet_days": _days_select("", ""), "outlet_lengths": _lengths_select("", ""),
            "outlet_copies": _COPIES_SELECT}

DESCRIPTION = "outlets: user and input records, per-day outlet counts, copy-group order, one URL per source"


def _tables(without_rowid: str) -> list[str]:
    return [
        """CREATE TABLE outlets (
            name TEXT NOT NULL,
            country TEXT,                      -- ISO 3166-1 alpha-2
            kind TEXT,                         -- agency, newspaper, broadcaster, portal, aggregator
            languages TEXT NOT NULL DEFAULT '[]',
            domains TEXT NOT NULL DEFAULT '[]',
            aliases TEXT NOT NULL DEFAULT '[]',
            origin TEXT NOT NULL,              -- user | input: one record of each per outlet, the user's wins
            updated_at TEXT NOT NULL,
            PRIMARY KEY (name, origin)
        )""",
        """CREATE TABLE outlet_days (
            day TEXT NOT NULL,                 -- substr(published_utc, 1, 10); '' when undated
            source TEXT NOT NULL,              -- '' when unknown
            credit TEXT NOT NULL,              -- the agency the article credits; '' for none
            language TEXT NOT NULL,
            articles INTEGER NOT NULL,
            headline_only INTEGER NOT NULL,    -- no body text
            quoted INTEGER NOT NULL,           -- at least one quote from a named speaker
            chars BIGINT NOT NULL,             -- body characters
            PRIMARY KEY (day, source, credit, language)
        )""" + without_rowid,
        """CREATE TABLE outlet_lengths (
            day TEXT NOT NULL, source TEXT NOT NULL, credit TEXT NOT NULL, language TEXT NOT NULL,
            bucket INTEGER NOT NULL,           -- body length, rounded down (see sql_outlets.BUCKET)
            articles INTEGER NOT NULL,
            chars BIGINT NOT NULL,
            PRIMARY KEY (day, source, credit, language, bucket)
        )""" + without_rowid,
        """CREATE TABLE outlet_copies (
            article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            group_id TEXT NOT NULL,
            seq INTEGER NOT NULL,              -- place in the group's publication order, 0 = first
            day TEXT NOT NULL, source TEXT NOT NULL, credit TEXT NOT NULL, language TEXT NOT NULL
        )""",
        "CREATE INDEX outlet_copies_group ON outlet_copies (group_id, seq)",
        "CREATE INDEX outlet_copies_day ON outlet_copies (day)",
        "CREATE TABLE outlet_sites (source TEXT PRIMARY KEY, url TEXT NOT NULL)",
        _DAYS_INSERT + _days_select("", ""),
        _LENGTHS_INSERT + _lengths_select("", ""),
        _COPIES_BACKFILL,
        _SITES.format(and_where=""),
    ]


SQLITE_STATEMENTS = _tables(" WITHOUT ROWID")
POSTGRES_STATEMENTS = _tables("")


def shift_outlets(db: Connection, article_ids: Sequence[str], sign: int) -> None:
    """Add (``+1``) or remove (``-1``) these articles' part of the outlet counts, as the articles are now.

    The copy groups they belong to (now, or as last recorded) get their publication order afresh:
    without these articles on ``-1`` (they are about to change or go), with them on ``+1``.
    """
    ids = list(dict.fromkeys(article_ids))
    prefix = "" if sign > 0 else "-"
    for chunk in chunks(ids):
        where = f" WHERE a.id IN ({','.join('?' * len(chunk))})"
        db.execute(_DAYS_INSERT + _days_select(prefix, where) + _DAYS_UPSERT, chunk)
        db.execute(_LENGTHS_INSERT + _lengths_select(prefix, where) + _LENGTHS_UPSERT, chunk)
        if sign > 0:
            db.execute(_SITES.format(and_where=f" AND a.id IN ({','.join('?' * len(chunk))})"), chunk)
    refresh_copy_order(db, ids, leaving=set(ids) if sign < 0 else set())


def refresh_copy_order(db: Connection, article_ids: Sequence[str], leaving: set[str] | None = None) -> None:
    """Recount the publication order of every copy group these articles are in (now or as recorded).

    ``leaving`` articles are left out, as if already gone: the order a deletion or a change leaves.  Only
    groups spanning two ``(source, credit)`` pairs are kept.
    """
    groups: set[str] = set()
    for chunk in chunks(list(dict.fromkeys(article_ids))):
        marks = ",".join("?" * len(chunk))
        for table in ("copies", "outlet_copies"):
            groups.update(str(r[0]) for r in db.execute(
                f"SELECT group_id FROM {table} WHERE article_id IN ({marks})", chunk))
    for chunk in chunks(sorted(groups)):
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM outlet_copies WHERE group_id IN ({marks})", chunk)
        members: dict[str, list[tuple[Any, ...]]] = {}
        for row in db.execute(_COPY_MEMBERS.format(marks=marks), chunk):
            if not leaving or row[0] not in leaving:
                members.setdefault(str(row[1]), []).append(tuple(row))
        db.executemany(
            "INSERT INTO outlet_copies (article_id, group_id, seq, day, source, credit, language) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET group_id = excluded.group_id, "
            "seq = excluded.seq, day = excluded.day, source = excluded.source, credit = excluded.credit, "
            "language = excluded.language",
            [(m[0], group, seq, *m[2:]) for group, rows in members.items() if len({m[3:5] for m in rows}) > 1
             for seq, m in enumerate(rows)])


_ARTICLE_ORDER = "ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.ingested_at DESC, a.id"


def _record(row: Any) -> Outlet:
    return Outlet(name=row[0], country=row[1], kind=row[2], languages=tuple(json.loads(row[3])),
                  domains=tuple(json.loads(row[4])), aliases=tuple(json.loads(row[5])), origin=row[6])


class SQLOutletsMixin:
    """Outlet records and the outlet counts, for :class:`SQLiteStore` and :class:`PostgresStore`."""

    _db: Connection
    _transaction: Callable[[], AbstractContextManager[Connection]]

    if TYPE_CHECKING:  # provided by the articles mixin
        def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]: ...

    # -- records ------------------------------------------------------------------------------------

    def save_outlet(self, outlet: Outlet) -> None:
        with self._transaction() as db:
            self._save_outlet(db, outlet, keep_user=False)
            bump(db)

    def record_input_outlets(self, outlets: Sequence[Outlet]) -> int:
        changed = 0
        with self._transaction() as db:
            for outlet in outlets:
                changed += self._save_outlet(db, outlet, keep_user=True)
            if changed:
                bump(db)
        return changed

    def _save_outlet(self, db: Connection, outlet: Outlet, *, keep_user: bool) -> int:
        """Upsert one record (of its origin); ``keep_user``: an input's, keeping facts earlier inputs gave."""
        row = db.execute("SELECT name, country, kind, languages, domains, aliases, origin FROM outlets "
                         "WHERE name = ? AND origin = ?", (outlet.name, outlet.origin)).fetchone()
        if row is not None and keep_user:
            old = _record(row)
            outlet = Outlet(name=outlet.name, country=outlet.country or old.country, kind=outlet.kind or old.kind,
                            languages=tuple(dict.fromkeys((*old.languages, *outlet.languages))),
                            domains=tuple(dict.fromkeys((*old.domains, *outlet.domains))),
                            aliases=tuple(dict.fromkeys((*old.aliases, *outlet.aliases))), origin=outlet.origin)
            if outlet == old:
                return 0
        values = (outlet.name, outlet.country, outlet.kind, json.dumps(list(outlet.languages), ensure_ascii=False),
                  json.dumps(list(outlet.domains), ensure_ascii=False),
                  json.dumps(list(outlet.aliases), ensure_ascii=False), outlet.origin,
                  datetime.now(UTC).isoformat())
        db.execute("INSERT INTO outlets (name, country, kind, languages, domains, aliases, origin, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, origin) DO UPDATE SET "
                   "country = excluded.country, kind = excluded.kind, languages = excluded.languages, "
                   "domains = excluded.domains, aliases = excluded.aliases, updated_at = excluded.updated_at", values)
        return 1

    def outlet_records(self) -> list[Outlet]:
        return [_record(r) for r in self._db.execute(
            "SELECT name, country, kind, languages, domains, aliases, origin FROM outlets ORDER BY name, origin DESC")]

    def delete_outlet(self, name: str) -> bool:
        with self._transaction() as db:
            gone = db.execute("DELETE FROM outlets WHERE name = ? AND origin = 'user'", (name,)).rowcount > 0
            if gone:
                bump(db)
        return gone

    def outlet_sources(self) -> dict[str, str | None]:
        rows = self._db.execute(
            "SELECT d.source, s.url FROM (SELECT source FROM outlet_days GROUP BY source HAVING SUM(articles) > 0) d "
            "LEFT JOIN outlet_sites s ON s.source = d.source")
        return {str(r[0]): r[1] for r in rows}

    def outlet_languages(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for source, language in self._db.execute(
                "SELECT source, language FROM outlet_days WHERE language <> '' GROUP BY source, language "
                "HAVING SUM(articles) > 0"):
            found.setdefault(str(source), set()).add(str(language))
        return found

    # -- counts -------------------------------------------------------------------------------------

    def outlet_day_counts(self, since: str | None, until: str | None,
                          language: str | None) -> list[tuple[str, str, str, int, int, int, int, int, str, str, int]]:
        where, params = _day_slice(since, until, language)
        return [(str(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4]), int(r[5]), int(r[6]), int(r[7]),
                 str(r[8]), str(r[9]), int(r[10] or 0)) for r in self._db.execute(
            "SELECT source, credit, language, SUM(articles), SUM(headline_only), SUM(quoted), SUM(chars), "
            "COUNT(DISTINCT CASE WHEN day <> '' THEN day END), COALESCE(MIN(NULLIF(day, '')), ''), MAX(day), "
            "SUM(CASE WHEN day <> '' THEN articles ELSE 0 END) "
            f"FROM outlet_days WHERE articles > 0{where} GROUP BY source, credit, language", params).fetchall()]

    def outlet_active_days(self, sources: Sequence[str], since: str | None, until: str | None,
                           language: str | None) -> list[tuple[str, str, str]]:
        where, params = _day_slice(since, until, language)
        found: list[tuple[str, str, str]] = []
        for chunk in chunks(list(dict.fromkeys(sources))):
            found += [(str(r[0]), str(r[1]), str(r[2])) for r in self._db.execute(
                f"SELECT DISTINCT source, credit, day FROM outlet_days WHERE articles > 0 AND day <> '' "
                f"AND source IN ({','.join('?' * len(chunk))}){where}", [*chunk, *params])]
        return found

    def outlet_length_counts(self, since: str | None, until: str | None,
                             language: str | None) -> list[tuple[str, str, int, int, int]]:
        where, params = _day_slice(since, until, language)
        return [(str(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in self._db.execute(
            "SELECT source, credit, bucket, SUM(articles), SUM(chars) FROM outlet_lengths "
            f"WHERE articles > 0{where} GROUP BY source, credit, bucket", params).fetchall()]

    def outlet_topic_counts(self, flt: TrendFilter) -> list[tuple[str, str, int]]:
        rows, params = slice_rows("topic", flt)
        return [(str(r[0]), str(r[1]), int(r[2])) for r in self._db.execute(
            f"SELECT u.source, u.value, SUM(u.n) FROM ({rows}) u GROUP BY u.source, u.value HAVING SUM(u.n) > 0",
            params)]

    def outlet_articles(self, sources: Mapping[str, Sequence[str] | None], since: str | None, until: str | None,
                        language: str | None, *, signal: str = "all", topic: str | None = None,
                        ids: Sequence[str] | None = None, limit: int = 50,
                        offset: int = 0) -> tuple[int, list[Article]]:
        clause, params = _pairs_clause(sources)
        sql = f" FROM articles a WHERE {clause}{SIGNAL_CLAUSES[signal]}"
        if since:
            sql += " AND a.published_utc >= ?"
            params.append(f"{since}T00:00:00Z")
        if until:
            sql += " AND a.published_utc < ?"
            params.append(f"{until}T00:00:00Z")
        if language:
            sql += " AND a.language = ?"
            params.append(language)
        if topic:
            sql += " AND a.id IN (SELECT t.article_id FROM article_topics t WHERE t.topic = ?)"
            params.append(topic)
        if ids is not None:  # the copy figures: their articles, as the signals found them
            chosen = list(dict.fromkeys(ids))
            rows = []
            for chunk in chunks(chosen):
                rows += self._db.execute(f"SELECT a.id, a.published_utc, a.ingested_at {sql} "
                                         f"AND a.id IN ({','.join('?' * len(chunk))})", [*params, *chunk]).fetchall()
            rows.sort(key=lambda r: (r[1] is None, _desc(r[1] or ""), _desc(r[2] or ""), r[0]))
            page = [str(r[0]) for r in rows[offset:offset + limit]]
            return len(rows), self.articles_by_ids(page)
        total = int(self._db.execute(f"SELECT COUNT(*){sql}", params).fetchone()[0])
        page = [str(r[0]) for r in self._db.execute(f"SELECT a.id{sql} {_ARTICLE_ORDER} LIMIT ? OFFSET ?",
                                                     [*params, limit, offset])]
        return total, self.articles_by_ids(page)

    def outlet_copy_members(self, since: str | None, until: str | None,
                            language: str | None) -> list[tuple[str, str, int, str, str, str, str]]:
        where, params = _day_slice(since, until, language, column="i.")
        groups = ("" if not where else
                  f" WHERE m.group_id IN (SELECT i.group_id FROM outlet_copies i WHERE 1 = 1{where})")
        return [(str(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]), str(r[5]), str(r[6]))
                for r in self._db.execute(
                    "SELECT m.article_id, m.group_id, m.seq, m.day, m.source, m.credit, m.language "
                    f"FROM outlet_copies m{groups} ORDER BY m.group_id, m.seq", params)]


def _desc(text: str) -> tuple[int, ...]:
    """A key that sorts texts in reverse order."""
    return tuple(-ord(c) for c in text)


def _pairs_clause(sources: Mapping[str, Sequence[str] | None]) -> tuple[str, list[Any]]:
    """``source`` (with only some credited agencies, when a list is given) as one condition on ``articles a``."""
    parts: list[str] = []
    params: list[Any] = []
    for source, credits in sorted(sources.items()):
        own = "a.source = ? COLLATE NOCASE" if source else "(a.source IS NULL OR a.source = '')"
        params += [source] if source else []
        if credits is None:
            parts.append(own)
        elif credits:
            parts.append(f"({own} AND COALESCE(a.agency, '') IN ({','.join('?' * len(credits))}))")
            params += list(credits)
    return "(" + (" OR ".join(parts) or "1 = 0") + ")", params


#: What an outlet's article list may be narrowed to (the figure it explains).
SIGNAL_CLAUSES = {
    "all": "",
    "quoted": " AND EXISTS (SELECT 1 FROM article_quotes q WHERE q.article_id = a.id AND q.speaker_key IS NOT NULL)",
    "headline_only": " AND a.body = ''",
}


def _day_slice(since: str | None, until: str | None, language: str | None,
               column: str = "") -> tuple[str, list[Any]]:
    """SQL conditions for days ``since <= day < until`` (``YYYY-MM-DD``; undated rows only without bounds)."""
    clauses: list[str] = []
    params: list[Any] = []
    if since or until:
        clauses.append(f"{column}day <> ''")
    if since:
        clauses.append(f"{column}day >= ?")
        params.append(since)
    if until:
        clauses.append(f"{column}day < ?")
        params.append(until)
    if language:
        clauses.append(f"{column}language = ?")
        params.append(language)
    return "".join(f" AND {c}" for c in clauses), params
