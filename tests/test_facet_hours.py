"""Per-hour facet counts (``facet_hours``): the same answers as counting the articles one by one.

The reference functions below are the row-by-row SQL the trend, entity and outlet
queries ran before ``facet_hours`` existed; every answer of the store is compared
with them on periods that start and end inside an hour, on the hour, within one
hour, per language and outlet (any case), after a re-enrichment, an article
update, a deletion and a migration of an older store.  Runs on both stores.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from newsradar.model import Article, Enrichment, Entity, article_id
from newsradar.store import ArticleFilter, Store, open_store
from newsradar.store.base import TrendFilter
from newsradar.store.sql.common import slice_clauses
from newsradar.store.sql.facets import FACETS, recount_queries

from .schema_rewind import rewind

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
_TIME = "COALESCE(a.published_utc, a.ingested_at)"
_PUBLISHED = "a.published_utc"
KINDS = ("keyword", "entity", "topic", "country", "pair")


def _article(n: int, *, version: int = 1, shift: int = 0) -> tuple[Article, Enrichment]:
    """Varied articles: some undated (they count at arrival), some without language or outlet."""
    published = None if n % 5 == 0 else T0 + timedelta(minutes=37 * n + shift)
    source = [None, "Outlet A", "outlet a", "Outlet B"][n % 4]
    lang = [None, "en", "vi", "ko"][n % 3 + (1 if n % 7 == 0 else 0)]
    a = Article(id=article_id(url=None, title=f"t{n}", body="", source=source, external_id=str(n)),
                title=f"title {n}", body=f"body {n} economy", origin=f"test#{n}", source=source, language=lang,
                published=published)
    words = ["rain", "port", "trade", "vote"]
    keywords = [(words[(n + i) % 4] + ("" if version == 1 else "2"), 1.0) for i in range(1 + n % 3)]
    pairs = ["KR-VN"] if n % 2 else ["CN-VN", "KR-VN"]
    e = Enrichment(language=lang or "en", keywords=keywords, version=version,
                   entities=[Entity(name=f"Person {n % 6}", kind="person" if n % 4 else "organization",
                                    key=f"person {n % 6}")],
                   countries={c: 1 for p in pairs for c in p.split("-")}, pairs=pairs,
                   topics=[("economy", 1.0)] if n % 3 else [("politics", 0.5)])
    return a, e


def _fill(store: Store, count: int = 60) -> list[Article]:
    items = [_article(n) for n in range(count)]
    store.write_batch([a for a, _ in items])
    store.write_enrichments(items)
    return [a for a, _ in items]


def _filters() -> list[TrendFilter]:
    inside = T0 + timedelta(hours=3, minutes=17, seconds=5)
    return [
        TrendFilter(),
        TrendFilter(since=inside),
        TrendFilter(until=inside + timedelta(hours=9)),
        TrendFilter(since=inside, until=inside + timedelta(hours=9, minutes=5)),
        TrendFilter(since=T0 + timedelta(hours=2), until=T0 + timedelta(hours=20)),  # on the hour
        TrendFilter(since=inside, until=inside + timedelta(minutes=30)),  # within one hour
        # Bounds on the hour are read from the per-hour rows alone; these mix them with exact edges.
        TrendFilter(since=T0 + timedelta(hours=3), until=inside),
        TrendFilter(since=inside, until=T0 + timedelta(hours=11)),
        TrendFilter(since=T0 + timedelta(hours=3), until=T0 + timedelta(hours=3)),
        TrendFilter(until=T0 + timedelta(hours=7)),
        TrendFilter(since=datetime(2026, 11, 10, 14, 0, tzinfo=timezone(timedelta(hours=9)))),
        TrendFilter(since=datetime(2026, 11, 10, 14, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        TrendFilter(since=datetime.now(UTC) - timedelta(days=7)),  # the undated articles arrived "now"
        TrendFilter(language="vi"),
        TrendFilter(source="OUTLET A"),
        TrendFilter(since=inside, language="en", source="outlet b"),
    ]


def _slice(flt: TrendFilter, *, dated: bool = False) -> tuple[str, list[Any]]:
    """The reference slice: an undated article is in no time window and no series by time, only in totals."""
    if flt.since or flt.until or dated:
        where, params = slice_clauses(_PUBLISHED, flt.since, flt.until, flt.language, flt.source)
        return " AND ".join(["a.published_utc IS NOT NULL", *where]), params
    where, params = slice_clauses(_TIME, flt.since, flt.until, flt.language, flt.source)
    return " AND ".join(["1 = 1", *where]), params


def reference_counts(store: Store, kind: str, bucket: str, flt: TrendFilter) -> list[tuple[str, str, int]]:
    table, column = FACETS[kind]
    where, params = _slice(flt, dated=True)
    width = 13 if bucket == "hour" else 10
    sql = (f"SELECT substr({_PUBLISHED}, 1, {width}) AS b, f.{column}, COUNT(DISTINCT a.id) FROM {table} f "
           f"JOIN articles a ON a.id = f.article_id WHERE {where} GROUP BY b, f.{column}")
    return sorted((str(b), str(v), int(n)) for b, v, n in store._db.execute(sql, params))  # type: ignore[attr-defined]


def reference_totals(store: Store, bucket: str, flt: TrendFilter) -> dict[str, int]:
    where, params = _slice(flt, dated=True)
    width = 13 if bucket == "hour" else 10
    sql = f"SELECT substr({_PUBLISHED}, 1, {width}) AS b, COUNT(*) FROM articles a WHERE {where} GROUP BY b"
    return {str(b): int(n) for b, n in store._db.execute(sql, params)}  # type: ignore[attr-defined]


def reference_top(store: Store, kind: str, flt: TrendFilter, limit: int) -> list[str]:
    table, column = FACETS[kind]
    where, params = _slice(flt, dated=True)
    sql = (f"SELECT f.{column}, COUNT(DISTINCT a.id) AS n FROM {table} f JOIN articles a ON a.id = f.article_id "
           f"WHERE {where} GROUP BY f.{column} ORDER BY n DESC, f.{column} LIMIT ?")
    return [str(v) for v, _ in store._db.execute(sql, [*params, limit])]  # type: ignore[attr-defined]


def reference_entities(store: Store, flt: TrendFilter) -> tuple[int, list[tuple[str, str, int]]]:
    where, params = _slice(flt)
    base = f"FROM article_entities f JOIN articles a ON a.id = f.article_id WHERE {where}"
    db = store._db  # type: ignore[attr-defined]
    total = int(db.execute(f"SELECT COUNT(DISTINCT f.key) {base}", params).fetchone()[0])
    rows = db.execute(f"SELECT f.key, MAX(f.kind), COUNT(DISTINCT a.id) AS n {base} GROUP BY f.key "
                      "ORDER BY n DESC, f.key LIMIT 50", params).fetchall()
    return total, [(str(k), str(kind), int(n)) for k, kind, n in rows]


def reference_sources(store: Store, flt: TrendFilter) -> list[tuple[str, int, str]]:
    where, params = _slice(flt)
    counts: Counter[str] = Counter()
    languages: dict[str, set[str]] = {}
    for source, language, n in store._db.execute(  # type: ignore[attr-defined]
            f"SELECT COALESCE(a.source, ''), a.language, COUNT(*) FROM articles a WHERE {where} GROUP BY 1, 2",
            params):
        counts[source] += int(n)
        if language:
            languages.setdefault(source, set()).add(language)
    return sorted((s, n, ",".join(sorted(languages.get(s, ())))) for s, n in counts.items())


def assert_same_answers(store: Store) -> None:
    """Every per-hour answer equals the row-by-row one, for every filter, kind and bucket."""
    for flt in _filters():
        for bucket in ("hour", "day"):
            assert store.bucket_totals(bucket, flt) == reference_totals(store, bucket, flt), (flt, bucket)  # type: ignore[arg-type]
            for kind in KINDS:
                assert sorted(store.facet_counts(kind, bucket, flt)) == reference_counts(store, kind, bucket, flt), \
                    (flt, kind, bucket)  # type: ignore[arg-type]
        where, params = _slice(flt)
        assert store.count_in(flt) == store._db.execute(  # type: ignore[attr-defined]
            f"SELECT COUNT(*) FROM articles a WHERE {where}", params).fetchone()[0]
        for kind in KINDS:
            assert store.top_facets(kind, flt, 3) == reference_top(store, kind, flt, 3), (flt, kind)  # type: ignore[arg-type]
            values = [*[v for _, v, _ in reference_counts(store, kind, "day", flt)][:4], "absent"]
            table, column = FACETS[kind]
            where, params = _slice(flt)
            expected: Counter[str] = Counter({str(v): int(n) for v, n in store._db.execute(  # type: ignore[attr-defined]
                f"SELECT f.{column}, COUNT(DISTINCT a.id) FROM {table} f JOIN articles a ON a.id = f.article_id "
                f"WHERE {where} GROUP BY f.{column}", params) if v in values})
            assert store.facet_document_counts(kind, values, flt) == dict(expected)  # type: ignore[arg-type]
            some = values[:2]
            assert sorted(store.facet_counts(kind, "day", flt, some)) == \
                [r for r in reference_counts(store, kind, "day", flt) if r[1] in some]  # type: ignore[arg-type]
        total, found = store.entity_counts(flt, limit=50)
        assert (total, [(x.value, x.kind, x.articles) for x in found]) == reference_entities(store, flt), flt
        assert sorted((x.value, x.articles, x.kind) for x in store.source_counts(flt)) == \
            reference_sources(store, flt), flt


def assert_table_is_a_recount(store: Store) -> None:
    """``facet_hours`` (its non-zero rows) holds exactly what counting everything afresh gives."""
    db = store._db  # type: ignore[attr-defined]
    held = sorted(tuple(r) for r in db.execute(
        "SELECT kind, value, hour, language, source, articles FROM facet_hours WHERE articles != 0"))
    fresh = sorted(tuple(r) for query in recount_queries() for r in db.execute(query))
    assert held == fresh


def test_per_hour_counts_answer_as_counting_articles_did(store: Store) -> None:
    _fill(store)
    assert_table_is_a_recount(store)
    assert_same_answers(store)


def test_re_enrichment_replaces_the_counts(store: Store) -> None:
    articles = _fill(store)
    store.write_enrichments([_article(n, version=2) for n in range(0, len(articles), 2)])  # new keywords
    assert_table_is_a_recount(store)
    assert_same_answers(store)
    assert "rain2" in store.top_facets("keyword", TrendFilter(), 10)


def test_changed_articles_move_their_counts(store: Store) -> None:
    _fill(store)
    moved = []
    for n in range(1, 30, 3):  # new time, outlet and text: the stored rows change, facets stay
        a, _ = _article(n, shift=600)
        a.body += " changed"
        a.source = "Outlet C"
        moved.append(a)
    counts = store.write_batch(moved)
    assert counts.updated == len(moved)
    assert_table_is_a_recount(store)
    assert_same_answers(store)
    assert any(x.value == "Outlet C" for x in store.source_counts(TrendFilter()))


def test_deleted_articles_leave_the_counts(store: Store) -> None:
    articles = _fill(store)
    gone = [a.id for a in articles[::4]]
    assert store.delete_articles(gone) == len(gone)
    assert store.delete_articles(gone) == 0
    assert_table_is_a_recount(store)
    assert_same_answers(store)
    assert store.count_in(TrendFilter()) == store.count_articles(ArticleFilter(limit=None)) == len(articles) - len(gone)
    assert store.get_article(gone[0]) is None
    assert all(a.id not in gone for a in store.list_articles(ArticleFilter(query="economy", limit=None)))


def test_migration_fills_the_counts_of_an_older_store(tmp_path: Path) -> None:
    """An SQLite file made before migration 7 gets its counts when opened (PostgreSQL runs the same SQL)."""
    path = tmp_path / "old.db"
    with open_store(f"sqlite:///{path}") as store:
        _fill(store)
    if not path.exists():
        pytest.skip("the suite runs on PostgreSQL: this test rewinds an SQLite file")
    rewind(path, before=7)
    with open_store(f"sqlite:///{path}") as store:
        assert store.schema_version() >= 7
        assert_table_is_a_recount(store)
        assert_same_answers(store)


def test_values_of_one_bucket_as_the_generic_count(store: Store) -> None:
    """The store's SQL for "values seen in this bucket" answers as summing every (bucket, value) row."""
    _fill(store)
    checked = 0
    for flt in _filters():
        for kind in KINDS:
            for bucket in ("hour", "day", "month"):
                keys = sorted({b for b, _, _ in store.facet_counts(kind, bucket, flt)})
                for key in keys[-2:]:
                    for at_least in (1, 2):
                        ours = sorted(store.facets_in_bucket(kind, bucket, flt, key, at_least))
                        assert ours == sorted(Store.facets_in_bucket(store, kind, bucket, flt, key, at_least))
                        checked += bool(ours)
    assert checked > 100


def test_undated_articles_are_in_no_time_window_chart_or_baseline(store: Store) -> None:
    """An archive of 2017 ingested today: its undated articles once counted at their ingest hour, so the
    chart ran from 2017 to today with years of zeros, and "since 7d" held the whole undated archive."""
    from newsradar.trends import series

    items = [_article(n) for n in range(1, 5)]  # dated, November 2026
    undated = [_article(n) for n in (5, 10, 15)]  # n % 5 == 0: no publication date
    for a, _ in items:
        a.published = datetime(2017, 5, 19, 8, tzinfo=UTC) + timedelta(hours=a.title.count("1"))
    store.write_batch([a for a, _ in items + undated])
    store.write_enrichments(items + undated)
    keys = {p[0] for s in series(store, "keyword", TrendFilter()) for p in s.points}
    assert keys and all(k.startswith("2017-05") for k in keys), sorted(keys)
    assert store.count_in(TrendFilter()) == 7  # all time: every article
    assert store.count_in(TrendFilter(since=datetime.now(UTC) - timedelta(days=7))) == 0
    assert set(store.bucket_totals("day", TrendFilter())) == {"2017-05-19"}
