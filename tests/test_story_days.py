"""``story_days`` (articles per story, day and outlet) stays a recount of the memberships through every write."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsradar.model import Article, Story, article_id
from newsradar.store import Store, open_store
from newsradar.store.base import StoryFilter, StoryRecord

from .schema_rewind import rewind

T0 = datetime(2026, 11, 10, 22, 30, tzinfo=UTC)


def _article(n: int, source: str | None, hours: int) -> Article:
    return Article(id=article_id(url=None, title=f"t{n}", body="", source=source, external_id=str(n)),
                   title=f"title {n}", body=f"body {n}", origin=f"test#{n}", source=source, language="en",
                   published=T0 + timedelta(hours=hours))


def _record(story_id: str) -> StoryRecord:
    return StoryRecord(Story(id=story_id, title=story_id, first_seen=T0, last_seen=T0 + timedelta(days=1),
                             articles=1, outlets=1, languages={"en": 1}), {"n": 1})


def _place(store: Store, pairs: list[tuple[Article, str]], merged: dict[str, str] | None = None) -> None:
    stories = sorted({s for _, s in pairs} | set((merged or {}).values()))
    store.save_stories([_record(s) for s in stories],
                       [(a.id, s, 0.9, a.published or T0) for a, s in pairs], merged or {})


def _assert_recount(store: Store) -> None:
    db = store._db  # type: ignore[attr-defined]
    held = sorted(tuple(r) for r in db.execute(
        "SELECT story_id, day, source, articles FROM story_days WHERE articles != 0"))
    fresh = sorted(tuple(r) for r in db.execute(
        "SELECT s.story_id, substr(s.time_utc, 1, 10), COALESCE(a.source, ''), COUNT(*) FROM story_articles s "
        "JOIN articles a ON a.id = s.article_id GROUP BY 1, 2, 3"))
    assert held == fresh


def test_counts_follow_placements_merges_changes_deletions_and_resets(store: Store) -> None:
    articles = [_article(n, [None, "Outlet A", "Outlet B"][n % 3], hours=n) for n in range(8)]
    store.write_batch(articles)
    _place(store, [(a, "s1" if n < 4 else "s2") for n, a in enumerate(articles[:6])])
    _assert_recount(store)
    by_day = store.story_activity(["s1", "s2"], "day")
    assert by_day["s1"] == {"2026-11-10": (2, 2), "2026-11-11": (2, 2)}
    assert sum(n for n, _ in by_day["s2"].values()) == 2

    _place(store, [(articles[3], "s2"), (articles[6], "s1")])  # one moves, one arrives
    _assert_recount(store)
    _place(store, [(articles[7], "s1")], merged={"s2": "s1"})  # s2 merged into s1
    _assert_recount(store)
    assert store.story_activity(["s2"], "day") == {}
    assert sum(n for n, _ in store.story_activity(["s1"], "day")["s1"].values()) == 8

    changed = replace(articles[1], source="Outlet C", body="body 1 corrected")  # the same article, new outlet
    assert store.write_batch([changed]).updated == 1
    _assert_recount(store)

    assert store.delete_articles([articles[2].id]) == 1
    _assert_recount(store)
    store.reset_stories(since=T0 + timedelta(days=1))
    _assert_recount(store)
    store.reset_stories()
    _assert_recount(store)
    assert store.story_activity(["s1"], "day") == {}


def test_counts_by_day_are_those_of_the_member_rows(store: Store) -> None:
    """The per-day path and the member-row path (hours, or a period not starting at midnight) agree."""
    articles = [_article(n, ["Outlet A", "Outlet B", None][n % 3], hours=5 * n) for n in range(30)]
    store.write_batch(articles)
    _place(store, [(a, f"s{n % 4}") for n, a in enumerate(articles)])
    ids = [s.id for s in store.list_stories(StoryFilter(limit=None))]
    assert len(ids) == 4
    midnight = datetime(2026, 11, 12, tzinfo=UTC)
    for since in (None, midnight):
        days = store.story_activity(ids, "day", since=since)
        hours = store.story_activity(ids, "hour", since=since)
        for story_id in ids:
            summed: dict[str, int] = {}
            for key, (n, _) in hours.get(story_id, {}).items():
                summed[key[:10]] = summed.get(key[:10], 0) + n
            assert {k: n for k, (n, _) in days.get(story_id, {}).items()} == summed
    # Just after midnight: the member rows are read, and the first day is counted from that time.
    late = store.story_activity(ids, "day", since=midnight + timedelta(minutes=1))
    assert sum(n for d in late.values() for n, _ in d.values()) == \
        sum(n for d in store.story_activity(ids, "day", since=midnight).values() for n, _ in d.values())


def test_migration_fills_the_counts_of_an_older_store(tmp_path: Path) -> None:
    """An SQLite file made before migration 8 gets its outlets and per-day counts when opened."""
    path = tmp_path / "old.db"
    with open_store(f"sqlite:///{path}") as store:
        articles = [_article(n, [None, "Outlet A", "Outlet B"][n % 3], hours=7 * n) for n in range(12)]
        store.write_batch(articles)
        _place(store, [(a, f"s{n % 3}") for n, a in enumerate(articles)])
        before = store.story_activity(["s0", "s1", "s2"], "hour")
    if not path.exists():
        pytest.skip("the suite runs on PostgreSQL: this test rewinds an SQLite file")
    rewind(path, before=8)
    with open_store(f"sqlite:///{path}") as store:
        assert store.schema_version() >= 8
        _assert_recount(store)
        assert store.story_activity(["s0", "s1", "s2"], "hour") == before
        by_day = store.story_activity(["s0", "s1", "s2"], "day")
        assert sum(n for d in by_day.values() for n, _ in d.values()) == 12
        _place(store, [(articles[0], "s1")])  # and the triggers keep them from then on
        _assert_recount(store)
