"""Listings for people browsing the store (API, dashboard, exports), in SQL both stores speak.

Mixed into :class:`SQLiteStore` and :class:`PostgresStore`.  Every listing is one aggregate query plus a
page of rows, so a page over 100k articles costs the same as over 100.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from ...enrich.entities import fold
from ...model import UNKNOWN_OUTLET, Article
from ..base import ArticleFilter, CopyGroup, FacetCount, QuoteHit, TrendFilter
from .common import article_clauses, chunks, slice_clauses
from .dialect import SQLITE, Connection, Dialect
from .facets import ALL, slice_rows

_TIME = "COALESCE(a.published_utc, a.ingested_at)"


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere, with LIKE's own wildcards escaped (``ESCAPE '\\'``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _where(clauses: list[str]) -> str:
    return " AND ".join(["1 = 1", *clauses])


class SQLBrowseMixin:
    _db: Connection
    _dialect: Dialect = SQLITE

    if TYPE_CHECKING:  # provided by the classes this is mixed with; stubs here would shadow them
        def copy_group(self, group_id: str) -> list[tuple[Article, float]]: ...

        def facet_labels(self, kind: Any, values: Any) -> dict[str, str]: ...

    def search_quotes(self, flt: ArticleFilter, *, speaker: str | None = None,
                      text: str | None = None) -> tuple[int, list[QuoteHit]]:
        clauses, params = article_clauses(flt, self._dialect)
        like = self._dialect.like
        if speaker and speaker.strip():
            clauses.append(f"(q.speaker_key = ? OR q.speaker {like} ? ESCAPE '\\')")
            params += [fold(speaker), like_pattern(speaker.strip())]
        if text and text.strip():
            clauses.append(f"q.text {like} ? ESCAPE '\\'")
            params.append(like_pattern(text.strip()))
        base = f"FROM article_quotes q JOIN articles a ON a.id = q.article_id WHERE {_where(clauses)}"
        total = int(self._db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0])
        sql = (f"SELECT a.id, a.title, a.source, a.language, a.published, q.speaker, q.speaker_key, q.text, q.kind "
               f"{base} ORDER BY a.published_utc IS NULL, a.published_utc DESC, a.id, q.position")
        page = list(params)
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            page += [flt.limit, flt.offset]
        hits = [QuoteHit(article_id=r[0], title=r[1], source=r[2], language=r[3],
                         published=datetime.fromisoformat(r[4]) if r[4] else None,
                         speaker=r[5], speaker_key=r[6], text=r[7], kind=r[8])
                for r in self._db.execute(sql, page)]
        return total, hits

    def entity_counts(self, flt: TrendFilter, *, kind: str | None = None, query: str | None = None,
                      limit: int = 50, offset: int = 0) -> tuple[int, list[FacetCount]]:
        if not kind and not (query and query.strip()):
            return self._entity_counts_by_hour(flt, limit, offset)
        clauses, params = slice_clauses(_TIME, flt.since, flt.until, flt.language, flt.source)
        if kind:
            clauses.append("f.kind = ?")
            params.append(kind)
        if query and query.strip():
            like = self._dialect.like
            clauses.append(f"(f.name {like} ? ESCAPE '\\' OR f.key {like} ? ESCAPE '\\')")
            params += [like_pattern(query.strip()), like_pattern(fold(query))]
        base = f"FROM article_entities f JOIN articles a ON a.id = f.article_id WHERE {_where(clauses)}"
        total = int(self._db.execute(f"SELECT COUNT(DISTINCT f.key) {base}", params).fetchone()[0])
        rows = self._db.execute(
            f"SELECT f.key, MAX(f.kind), COUNT(DISTINCT a.id) AS n {base} GROUP BY f.key ORDER BY n DESC, f.key "
            "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        labels = self.facet_labels("entity", [r[0] for r in rows])
        return total, [FacetCount(value=r[0], label=labels.get(r[0], r[0]), articles=int(r[2]), kind=r[1])
                       for r in rows]

    def _entity_counts_by_hour(self, flt: TrendFilter, limit: int, offset: int) -> tuple[int, list[FacetCount]]:
        """Every entity of the slice, from the per-hour counts; only the page's kinds are read per article.

        The kind and name filters need the names and kinds of each mention, so they stay on the query table.
        """
        rows, params = slice_rows("entity", flt)
        ranked = f"SELECT u.value AS value, SUM(u.n) AS c FROM ({rows}) u GROUP BY u.value"
        # Every row of the slice counts at least one article, so a value with a row has a positive sum.
        total = int(self._db.execute(f"SELECT COUNT(DISTINCT u.value) FROM ({rows}) u", params).fetchone()[0])
        page = self._db.execute(f"SELECT g.value, g.c FROM ({ranked}) g WHERE g.c > 0 ORDER BY g.c DESC, g.value "
                                "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        keys = [str(r[0]) for r in page]
        kinds: dict[str, str] = {}
        clauses, slice_params = slice_clauses(_TIME, flt.since, flt.until, flt.language, flt.source)
        # Without a slice every mention counts, and joining each to its article (tens of thousands for
        # the top names at 100k articles) cost 40 ms for nothing.
        mentions = ("article_entities f JOIN articles a ON a.id = f.article_id" if clauses
                    else "article_entities f")
        for chunk in chunks(keys):
            marks = ",".join("?" * len(chunk))
            kinds.update((str(k), str(v)) for k, v in self._db.execute(
                f"SELECT f.key, MAX(f.kind) FROM {mentions} "
                f"WHERE f.key IN ({marks}) AND {_where(clauses)} GROUP BY f.key", [*chunk, *slice_params]))
        labels = self.facet_labels("entity", keys)
        return total, [FacetCount(value=k, label=labels.get(k, k), articles=int(n), kind=kinds.get(k, ""))
                       for k, n in zip(keys, (int(r[1]) for r in page), strict=True)]

    def source_counts(self, flt: TrendFilter) -> list[FacetCount]:
        rows, params = slice_rows(ALL, flt)
        counts: dict[str, int] = {}
        languages: dict[str, set[str]] = {}
        for source, language, n in self._db.execute(
                f"SELECT u.source, u.language, SUM(u.n) FROM ({rows}) u GROUP BY u.source, u.language", params):
            if not n:
                continue
            counts[source] = counts.get(source, 0) + int(n)
            if language:
                languages.setdefault(source, set()).add(language)
        return [FacetCount(value=source, label=source or UNKNOWN_OUTLET, articles=n,
                           kind=",".join(sorted(languages.get(source, ()))))
                for source, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]

    def pair_weights(self, flt: TrendFilter, limit: int) -> list[tuple[str, float, int]]:
        clauses, params = slice_clauses("a.published_utc", flt.since, flt.until, flt.language, flt.source)
        # Ordered by the sum to three decimals: float sums of the same weights added in another order may
        # differ in the last bit, and a pair must not win a tie by that.
        rows = self._db.execute(
            "SELECT p.pair, SUM(p.weight) AS w, COUNT(*) AS n "
            f"FROM article_pairs p JOIN articles a ON a.id = p.article_id WHERE {_where(clauses)} "
            "GROUP BY p.pair ORDER BY ROUND(SUM(p.weight) * 1000) DESC, COUNT(*) DESC, p.pair LIMIT ?",
            [*params, limit]).fetchall()
        return [(str(r[0]), round(float(r[1]), 3), int(r[2])) for r in rows]

    def list_copy_groups(self, flt: TrendFilter, *, limit: int = 50,
                         offset: int = 0) -> tuple[int, list[CopyGroup]]:
        clauses, params = slice_clauses(_TIME, flt.since, flt.until, flt.language, flt.source)
        # Groups are counted on the copies' own index first, then each joined once to its first article
        # (which the slice is about): joining every copy to it read 49,000 article rows at 100k.
        base = ("FROM (SELECT group_id, COUNT(*) AS n FROM copies GROUP BY group_id HAVING COUNT(*) > 1) g "
                f"JOIN articles a ON a.id = g.group_id WHERE {_where(clauses)}")
        total = int(self._db.execute(f"SELECT COUNT(*) {base}", params).fetchone()[0])
        rows = self._db.execute(
            f"SELECT g.group_id, g.n {base} ORDER BY g.n DESC, {_TIME} DESC, g.group_id "
            "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        groups = []
        for group_id, n in rows:
            members = self.copy_group(group_id)
            if not members:
                continue
            outlets = list(dict.fromkeys(m.source or UNKNOWN_OUTLET for m, _ in members))
            dates = [m.published for m, _ in members if m.published]
            groups.append(CopyGroup(group_id, members[0][0], int(n), outlets, max(dates) if dates else None))
        return total, groups
