"""Trends on a store with known counts: series and shares, bursts, ranking, networks, pairs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsradar.model import Article, Enrichment, Entity, article_id
from newsradar.store import Store
from newsradar.store.base import TrendFilter
from newsradar.stories import update_stories
from newsradar.trends import advance, network, pair_report, ranking, resolve_term, rising, series

DAY0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)


def _article(n: int, day: int, title: str, *, keywords: list[str], source: str = "Outlet A",
             entities: tuple[str, ...] = (), pairs: tuple[str, ...] = (),
             lang: str = "en") -> tuple[Article, Enrichment]:
    a = Article(id=article_id(url=None, title=f"{title} {n}", body="", source=source, external_id=str(n)),
                title=f"{title} {n}", body="", origin=f"test#{n}", source=source, language=lang,
                published=DAY0 + timedelta(days=day, minutes=n))
    e = Enrichment(language=lang, tokens=[k.lower() for k in keywords], keywords=[(k, 1.0) for k in keywords],
                   entities=[Entity(name=x.title(), kind="person", key=x) for x in entities],
                   countries={c: 1 for p in pairs for c in p.split("-")}, pairs=list(pairs),
                   topics=[("economy", 1.0)] if pairs else [], version=1)
    a.enrichment = e
    return a, e


@pytest.fixture
def filled(store: Store) -> Store:
    items = []
    n = 0
    for day in range(8):  # background: 5 articles a day about the weather, one about ports
        for _ in range(5):
            n += 1
            items.append(_article(n, day, "weather", keywords=["weather", "rain"], source=f"Outlet {n % 3}"))
        n += 1
        items.append(_article(n, day, "port", keywords=["port", "trade"], pairs=("KR-VN",), entities=("kim do",)))
    for i in range(8):  # day 8: a burst about a strike, across four outlets
        n += 1
        items.append(_article(n, 8, "strike", keywords=["strike", "union"], source=f"Outlet {i % 4}",
                              entities=("lee union",), pairs=("KR-VN",)))
    n += 1
    items.append(_article(n, 8, "weather", keywords=["weather", "rain"]))
    store.write_batch([a for a, _ in items])
    store.write_enrichments(items)
    update_stories(store)
    return store


def test_series_counts_and_shares(filled: Store) -> None:
    found = series(filled, "keyword", TrendFilter(), values=["weather", "strike"])
    by_value = {s.value: s for s in found}
    assert by_value["weather"].total == 41
    assert by_value["weather"].points[0][1:] == (5, pytest.approx(5 / 6))
    last = by_value["strike"].points[-1]
    assert last[1] == 8 and last[2] == pytest.approx(8 / 9)
    top = series(filled, "keyword", TrendFilter(), top=2)
    assert {s.value for s in top} == {"rain", "weather"}


def test_rising_finds_the_burst_and_not_the_background(filled: Store) -> None:
    found = rising(filled, "keyword", TrendFilter())
    values = [r.value for r in found]
    assert set(values[:2]) == {"strike", "union"}
    assert "weather" not in values
    assert found[0].since == "2026-11-18" and found[0].articles == 8
    people = rising(filled, "entity", TrendFilter())
    assert people and people[0].value == "lee union" and people[0].label == "Lee Union"


def test_ranking_puts_the_multi_outlet_story_first(filled: Store) -> None:
    day = DAY0.replace(hour=0) + timedelta(days=8)
    ranked = ranking(filled, since=day, until=day + timedelta(days=1))
    assert ranked and "strike" in ranked[0].story.title
    assert ranked[0].articles == 8 and ranked[0].outlets == 4
    assert ranked[0].sparkline[-1] == 8


def test_network_links_co_occurring_terms(filled: Store) -> None:
    kind_value = resolve_term(filled, "Strike", TrendFilter())
    assert kind_value == ("keyword", "strike")
    graph = network(filled, *kind_value, TrendFilter())
    neighbours = {e["target"] for e in graph["edges"] if e["source"] == graph["center"]}
    assert "keyword:union" in neighbours and "entity:lee union" in neighbours
    assert "keyword:weather" not in neighbours
    assert resolve_term(filled, "nothing-like-this", TrendFilter()) is None


def test_pair_report(filled: Store) -> None:
    report = pair_report(filled, "vn-kr", TrendFilter())
    assert report["pair"] == "KR-VN" and report["articles"] == 16
    assert report["topics"] == {"economy": 16}
    assert sum(p["articles"] for p in report["timeline"]) == 16


def _ranking_from_whole_stories(store: Store, since: datetime,
                                until: datetime) -> list[tuple[str, float, int, int, int, list[int], bool]]:
    """The ranking computed the plain way (every story record read whole), as the reference."""
    import math

    from newsradar.store.base import StoryFilter
    from newsradar.trends import bucket_key, bucket_range

    length = until - since
    stories = store.list_stories(StoryFilter(since=since, until=until, limit=None))
    spark_start = until - timedelta(days=7)
    activity = store.story_activity([s.id for s in stories], "day", since=min(since - length, spark_start))
    last = until - timedelta(seconds=1)
    day_keys = bucket_range(bucket_key(spark_start, "day"), bucket_key(last, "day"), "day")
    in_window = set(bucket_range(bucket_key(since, "day"), bucket_key(last, "day"), "day"))
    before = set(bucket_range(bucket_key(since - length, "day"), bucket_key(since - timedelta(seconds=1), "day"),
                              "day")) - in_window
    rows = []
    for story in stories:
        days = activity.get(story.id, {})
        articles = sum(n for k, (n, _) in days.items() if k in in_window)
        if not articles:
            continue
        previous = sum(n for k, (n, _) in days.items() if k in before)
        outlets = min(articles, sum(o for k, (_, o) in days.items() if k in in_window))
        growth = (articles - previous) / max(previous, 1)
        score = (math.log1p(articles) + 1.5 * math.log1p(outlets) + 0.75 * (len(story.languages) - 1)
                 + 0.5 * math.log1p(max(growth, 0.0)))
        rows.append((story.id, score, articles, outlets, len(story.languages),
                     [days.get(k, (0, 0))[0] for k in day_keys], previous == 0))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    return rows


@pytest.mark.parametrize("scan", [False, True], ids=["ids", "time-scan"])
def test_ranking_reads_only_the_winners_whole_and_ranks_as_before(sample_db: object, scan: bool,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import newsradar.store.sql.stories as stories_sql
    from newsradar.store import open_store

    if scan:  # the path a day with thousands of stories takes: one scan of the period, not lists of ids
        monkeypatch.setattr(stories_sql, "_ACTIVITY_BY_TIME", 0)
    with open_store(str(sample_db)) as store:
        checked = 0
        for day in ("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"):
            since = datetime.fromisoformat(day).replace(tzinfo=UTC)
            until = since + timedelta(days=1)
            expected = _ranking_from_whole_stories(store, since, until)
            for limit in (3, 50):
                got = ranking(store, since=since, until=until, limit=limit)
                assert [(r.story.id, r.score, r.articles, r.outlets, r.languages, r.sparkline, r.new)
                        for r in got] == expected[:limit]
                assert all(r.story == store.get_story(r.story.id) for r in got)
            checked += len(expected)
        assert checked >= 10  # the sample has stories on those days
        assert any(r.new for r in ranking(store, since=datetime(2026, 11, 18, tzinfo=UTC),
                                          until=datetime(2026, 11, 19, tzinfo=UTC)))
        assert any(not r.new for r in ranking(store, since=datetime(2026, 11, 19, tzinfo=UTC),
                                              until=datetime(2026, 11, 20, tzinfo=UTC)))


def test_auto_bucket_fits_the_span(filled: Store) -> None:
    """Days for a week of news, hours for a day of it, months for an archive of decades."""
    week = series(filled, "keyword", TrendFilter(), values=["weather"])
    assert week[0].bucket == "day" and len(week[0].points) == 9
    day = DAY0.replace(hour=0) + timedelta(days=8)
    hours = series(filled, "keyword", TrendFilter(since=day), values=["strike"])
    assert hours[0].bucket == "hour" and sum(n for _, n, _ in hours[0].points) == 8
    old = [_article(1000 + i, -365 * 30 + 40 * i, "archive", keywords=["weather"]) for i in range(3)]
    filled.write_batch([a for a, _ in old])
    filled.write_enrichments(old)
    archive = series(filled, "keyword", TrendFilter(), values=["weather"])[0]
    assert archive.bucket == "month"
    assert archive.points[0][0] == "1996-11" and archive.points[-1][0] == "2026-11"
    assert len(archive.points) == 30 * 12 + 1
    assert archive.total == 44 == sum(n for _, n, _ in archive.points)
    assert archive.points[-1][1:] == (41, pytest.approx(41 / 57))
    assert pair_report(filled, "VN-KR", TrendFilter())["bucket"] == "month"


def test_a_long_series_keeps_its_newest_buckets(filled: Store) -> None:
    old = [_article(2000, -365 * 30, "archive", keywords=["weather"])]
    filled.write_batch([a for a, _ in old])
    filled.write_enrichments(old)
    days = series(filled, "keyword", TrendFilter(), bucket="day", values=["strike"])[0]
    assert len(days.points) == 24 * 400
    assert days.points[-1][0] == "2026-11-18" and days.points[-1][1] == 8
    months = series(filled, "keyword", TrendFilter(), bucket="month", values=["weather"])[0]
    assert sum(n for _, n, _ in months.points) == 42 and months.points[-1][1] == 41


def test_month_steps_follow_the_calendar() -> None:
    jan = datetime(2026, 1, 1, tzinfo=UTC)
    assert advance(jan, "month", -1) == datetime(2025, 12, 1, tzinfo=UTC)
    assert advance(jan, "month", 13) == datetime(2027, 2, 1, tzinfo=UTC)
    assert advance(jan, "day", -1) == datetime(2025, 12, 31, tzinfo=UTC)
