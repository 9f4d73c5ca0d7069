"""The reads of the mirror view (one country's outlets on another), in SQL both stores speak.

Mixed into :class:`SQLiteStore` and :class:`PostgresStore`.  A *side* of a
mirror is a set of outlets (stored ``articles.source`` names, matched exactly)
and the country their articles name; :mod:`newsradar.trends.mirror` builds the view
from these counts.

Why these shapes: volume over time is read from ``facet_hours`` (kind
``country`` holds the articles naming a country per hour and outlet, kind
``''`` each outlet's whole output), so a timeline over 100k articles reads
per-hour sums; everything else reads only the side's own articles, found on
the ``article_countries`` code index and kept to the outlets and the period
with the very conditions a trend slice uses (dated articles only in a time
window, undated ones too without one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from ..base import OutletCoverage, TrendFilter
from .common import chunks, slice_clauses
from .dialect import Connection
from .facets import ALL, slice_rows

#: How :meth:`SQLMirrorMixin.outlet_counts` groups: by UTC day or hour (``''``: undated), or by outlet.
OutletKey = Literal["day", "hour", "source"]
_WIDTH = {"day": 10, "hour": 13}


def _marks(values: Sequence[Any]) -> str:
    return ",".join("?" * len(values))


def side_articles(flt: TrendFilter, sources: Sequence[str], country: str) -> tuple[str, list[Any]]:
    """A subquery of the ids of the articles by ``sources`` in the slice that name ``country``."""
    if not sources:
        return "SELECT c.article_id FROM article_countries c WHERE 1 = 0", []
    clauses, params = slice_clauses("a.published_utc", flt.since, flt.until, flt.language, None)
    where = " AND ".join(["c.code = ?", f"a.source IN ({_marks(sources)})", *clauses])
    return (f"SELECT c.article_id FROM article_countries c JOIN articles a ON a.id = c.article_id WHERE {where}",
            [country, *sources, *params])


def _top(counts: Counter[str], limit: int) -> list[tuple[str, int]]:
    """The ``limit`` values counted most, ties by value."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


class SQLMirrorMixin:
    _db: Connection

    def outlet_counts(self, flt: TrendFilter, sources: Sequence[str], country: str | None = None, *,
                      by: OutletKey = "day") -> dict[str, int]:
        wanted = list(dict.fromkeys(sources))
        if not wanted:
            return {}
        kind = ALL if country is None else "country"
        values = None if country is None else [country]
        rows, params = slice_rows(kind, TrendFilter(since=flt.since, until=flt.until, language=flt.language),
                                  values)
        key = "u.source" if by == "source" else f"substr(u.hour, 1, {_WIDTH[by]})"
        # One IN list, however many outlets (a crawl's US sites run to thousands): read in chunks, the
        # slice's rows were scanned once per chunk.
        sql = (f"SELECT {key} AS k, SUM(u.n) FROM ({rows}) u WHERE u.source IN ({_marks(wanted)}) "
               "GROUP BY k")
        return {str(k): int(n) for k, n in self._db.execute(sql, [*params, *wanted]) if n}

    def outlet_coverage(self, flt: TrendFilter, sources: Sequence[str], country: str, *,
                        limit: int = 10) -> OutletCoverage:
        found = OutletCoverage()
        if not sources:
            return found
        side, params = side_articles(flt, sources, country)
        # The side's ids are read once and every count looks them up on its table's key: as a
        # subquery in each count, the join of every article naming the country to its outlet was
        # repeated five times (90 ms of a mirror at 100k articles).
        ids = [str(r[0]) for r in self._db.execute(side, params)]
        stories: Counter[str] = Counter()
        topics: Counter[str] = Counter()
        entities: dict[str, Counter[str]] = {"person": Counter(), "organization": Counter()}
        quotes: Counter[str] = Counter()
        articles: dict[str, set[str]] = {}
        names: dict[str, Counter[str]] = {}
        for chunk in chunks(ids):
            marks = _marks(chunk)
            stories.update({str(s): int(n) for s, n in self._db.execute(
                f"SELECT story_id, COUNT(*) FROM story_articles WHERE article_id IN ({marks}) GROUP BY story_id",
                chunk)})
            topics.update({str(t): int(n) for t, n in self._db.execute(
                f"SELECT topic, COUNT(*) FROM article_topics WHERE article_id IN ({marks}) GROUP BY topic", chunk)})
            # One row per (article, key): a count is the articles naming the entity.
            for key, kind, n in self._db.execute(
                    f"SELECT key, kind, COUNT(*) FROM article_entities WHERE article_id IN ({marks}) "
                    "AND kind IN ('person', 'organization') GROUP BY key, kind", chunk):
                entities[str(kind)][str(key)] += int(n)
            for key, speaker, article_id in self._db.execute(
                    f"SELECT speaker_key, speaker, article_id FROM article_quotes WHERE article_id IN ({marks}) "
                    "AND speaker_key IS NOT NULL AND speaker_key <> ''", chunk):
                quotes[key] += 1
                articles.setdefault(key, set()).add(article_id)
                names.setdefault(key, Counter())[speaker or key] += 1
        found.stories = dict(stories)
        found.topics = _top(topics, limit)
        found.entities = {kind: _top(counts, limit) for kind, counts in entities.items()}
        ranked = sorted(quotes, key=lambda k: (-quotes[k], -len(articles[k]), k))[:limit]
        # The name a speaker is quoted under most often (ties: the first in sort order).
        found.speakers = [(k, min(names[k].items(), key=lambda kv: (-kv[1], kv[0]))[0], quotes[k], len(articles[k]))
                          for k in ranked]
        return found

    def story_presence(self, story_ids: Sequence[str], flt: TrendFilter, sources: Sequence[str], *,
                       first: bool = False) -> list[tuple[str, str, int, str | None]]:
        wanted = list(dict.fromkeys(sources))
        if not story_ids or not wanted:
            return []
        clauses, params = slice_clauses("a.published_utc", flt.since, flt.until, flt.language, None)
        # story_articles keeps each member's outlet (store/sql/story_days.py): members of other outlets are
        # dropped before any article row is read, and with no period, language or first time asked
        # none is (the stories of a mirror at 100k articles hold 8,000 members of its outlets).
        joined = first or bool(clauses)
        select = ("SELECT sa.story_id, sa.source, COUNT(*), MIN(a.published_utc) FROM story_articles sa "
                  "JOIN articles a ON a.id = sa.article_id" if joined else
                  "SELECT sa.story_id, sa.source, COUNT(*), NULL FROM story_articles sa")
        out: list[tuple[str, str, int, str | None]] = []
        for chunk in chunks(list(dict.fromkeys(story_ids))):
            where = " AND ".join([f"sa.story_id IN ({_marks(chunk)})", f"sa.source IN ({_marks(wanted)})",
                                  *clauses])
            sql = f"{select} WHERE {where} GROUP BY sa.story_id, sa.source"
            out += [(str(s), str(src), int(n), str(when) if when else None)
                    for s, src, n, when in self._db.execute(sql, [*chunk, *wanted, *params])]
        return out
