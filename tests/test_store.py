"""The store (SQLite, or PostgreSQL in that run): idempotent upserts, atomic batches, filters, CJK search."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsradar.errors import ConfigError
from newsradar.model import Article, QuarantineEntry, article_id
from newsradar.store import ArticleFilter, Store, open_store, sqlite_path
from newsradar.store.base import StoryFilter
from newsradar.store.sql.articles import SQLArticlesMixin
from newsradar.store.sqlite.schema import MIGRATIONS

KST = timezone(timedelta(hours=9))


def make(title: str, body: str, *, url: str | None = None, lang: str | None = None, day: int = 17,
         source: str | None = "Seoul Herald") -> Article:
    return Article(
        id=article_id(url=url, title=title, body=body, source=source),
        title=title,
        body=body,
        origin=f"test://{title}",
        source=source,
        url=url,
        published=datetime(2026, 11, day, 9, 30, tzinfo=KST),
        published_raw=f"2026-11-{day} 09:30",
        language=lang,
    )


def test_rewriting_the_same_articles_is_a_no_op(store: Store) -> None:
    batch = [make("한국 반도체 수출 최대", "반도체 수출이 사상 최대를 기록했다.", lang="ko"), make("B", "body b")]
    first = store.write_batch(batch)
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    stored = store.get_article(batch[0].id)
    assert stored is not None
    again = store.write_batch(batch)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert store.count_articles(ArticleFilter()) == 2
    after = store.get_article(batch[0].id)
    assert after is not None and after.ingested_at == stored.ingested_at and after.updated_at == stored.updated_at


def test_changed_input_updates_but_keeps_known_fields(store: Store) -> None:
    original = make("Title", "Old body", url="https://herald.example/a/1", lang="ko")
    store.write_batch([original])
    changed = replace(original, body="New body", language=None, author="Kim")
    counts = store.write_batch([changed])
    assert counts.updated == 1
    got = store.get_article(original.id)
    assert got is not None
    assert got.body == "New body" and got.author == "Kim"
    assert got.language == "ko", "a re-ingest without --lang must not erase the language"


def test_duplicate_ids_within_one_batch_store_one_row(store: Store) -> None:
    a = make("Same", "text", url="https://x.example/1")
    b = replace(a, body="text, later copy")
    counts = store.write_batch([a, b])
    assert counts.new == 1 and counts.unchanged == 1
    got = store.get_article(a.id)
    assert got is not None and got.body == "text, later copy"


def test_a_failing_batch_leaves_nothing_half_written(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write_batch([make("kept", "kept body")])
    assert isinstance(store, SQLArticlesMixin)

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk pulled out mid-batch")  # after the rows are inserted, before the commit

    monkeypatch.setattr(store, "_index_articles", fail)
    batch = [make(f"t{i}", f"body {i}") for i in range(5)]
    with pytest.raises(RuntimeError):
        store.write_batch(batch, [QuarantineEntry(origin="x", reason="y", stage="read")])
    assert store.count_articles(ArticleFilter()) == 1
    assert store.list_quarantine() == []
    assert store.count_articles(ArticleFilter(query="body")) == 1


def test_filters_and_order(store: Store) -> None:
    store.write_batch([
        make("older", "x", day=16, lang="en", source="A"),
        make("newer", "y", day=18, lang="ko", source="B"),
        replace(make("undated", "z", lang="en", source="A"), published=None, published_raw=None),
    ])
    assert [a.title for a in store.list_articles(ArticleFilter())] == ["newer", "older", "undated"]
    since = datetime(2026, 11, 17, tzinfo=UTC)
    assert [a.title for a in store.list_articles(ArticleFilter(since=since))] == ["newer"]
    assert [a.title for a in store.list_articles(ArticleFilter(language="en"))] == ["older", "undated"]
    assert [a.title for a in store.list_articles(ArticleFilter(source="a"))] == ["older", "undated"]
    assert [a.title for a in store.list_articles(ArticleFilter(limit=1, offset=1))] == ["older"]


def test_published_keeps_the_outlets_offset(store: Store) -> None:
    article = make("kst", "body")
    store.write_batch([article])
    got = store.get_article(article.id)
    assert got is not None and got.published is not None
    assert got.published.utcoffset() == timedelta(hours=9)
    assert got.published == article.published


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("베트남", {"ko"}),            # Korean noun with a particle attached in the text (베트남과)
        ("越南", {"zh"}),              # Chinese word inside an unsegmented sentence
        ("中韩媒体", {"zh"}),
        ("Hàn Quốc", {"vi"}),
        ("han quoc", set()),           # diacritics are significant in Vietnamese
        ("vietnam journalists", {"en"}),
        ("-vietnam journalists", set()),
        ("journalists -korea", {"en"}),
        ('"quoted', {"en"}),           # stray FTS syntax is treated as text, never an error
        ("!!!", set()),
    ],
)
def test_full_text_search_across_scripts(store: Store, query: str, expected: set[str]) -> None:
    store.write_batch([
        make("한국-베트남 언론 협력", "한국과 베트남과 언론인들이 만났다.", lang="ko"),
        make("中韩媒体对话", "中韩媒体对话在北京举行，越南记者也参加了。", lang="zh"),
        make("Hợp tác báo chí", "Việt Nam và Hàn Quốc tăng cường hợp tác.", lang="vi"),
        make("Vietnam journalists visit", "Vietnam journalists visit Seoul, \"quoted\" text.", lang="en"),
    ])
    found = {a.language for a in store.list_articles(ArticleFilter(query=query))}
    assert found == expected


def test_id_prefix_lookup(store: Store) -> None:
    article = make("prefix", "body")
    store.write_batch([article])
    got = store.get_article(article.id[:8])
    assert got is not None and got.id == article.id
    assert store.get_article("zz") is None


def test_quarantine_is_idempotent_and_cleared_by_success(store: Store) -> None:
    entry = QuarantineEntry(origin="feed.xml#entry=2", reason="record has no title and no body text", stage="extract")
    store.write_batch([], [entry])
    store.write_batch([], [entry])
    listed = store.list_quarantine()
    assert len(listed) == 1 and listed[0].attempts == 2
    fixed = replace(make("now fine", "body"), origin="feed.xml#entry=2")
    store.write_batch([fixed])
    assert store.list_quarantine() == []


@pytest.mark.sqlite_only
def test_wal_mode_schema_version_and_reopen(db_path: Path) -> None:
    store = open_store(str(db_path))
    store.write_batch([make("persist", "body")])
    assert store.schema_version() == MIGRATIONS[-1][0]
    store.close()
    mode = sqlite3.connect(db_path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    reopened = open_store(f"sqlite:///{db_path}")
    assert reopened.count_articles(ArticleFilter()) == 1
    reopened.close()


def test_a_reader_sees_committed_batches_while_a_writer_is_open(db_path: Path) -> None:
    writer = open_store(str(db_path))
    reader = open_store(str(db_path))
    writer.write_batch([make("one", "body one")])
    assert reader.count_articles(ArticleFilter()) == 1
    writer.write_batch([make("two", "body two")])
    assert reader.count_articles(ArticleFilter()) == 2
    writer.close()
    reader.close()


def test_summary_counts(store: Store) -> None:
    store.write_batch([make("a", "x", lang="ko", day=16), make("b", "y", lang="ko"), make("c", "z", lang="en")])
    s = store.summary()
    assert s.articles == 3
    assert s.by_language == {"ko": 2, "en": 1}
    assert s.by_day == {"2026-11-16": 1, "2026-11-17": 2}


def test_store_urls() -> None:
    assert sqlite_path("sqlite:///rel/news.db") == Path("rel/news.db")
    assert sqlite_path("sqlite:////abs/news.db") == Path("/abs/news.db")
    assert sqlite_path("plain/file.db") == Path("plain/file.db")
    with pytest.raises(ConfigError, match="cannot connect to the PostgreSQL database"):
        open_store("postgresql://127.0.0.1:1/news")  # nothing listens on port 1
    with pytest.raises(ConfigError, match="unknown database URL scheme"):
        open_store("mysql://localhost/news")


def test_a_nul_character_never_fails_a_write_or_a_query(store: Store) -> None:
    """SQLite keeps a stray NUL from a scraped page; PostgreSQL text cannot hold one, so it is dropped there."""
    article = make("Seoul\x00 summit", "Editors met in Seoul.\x00 They talked.", url="https://example.kr/nul")
    assert store.write_batch([article]).new == 1
    stored = store.get_article(article.id)
    assert stored is not None and stored.title.replace("\x00", "") == "Seoul summit"
    assert store.count_articles(ArticleFilter(source="\x00", limit=None)) == 0
    assert store.count_articles(ArticleFilter(query="summit\x00", limit=None)) in (0, 1)


def test_filtered_pages_are_the_same_whichever_way_the_database_is_asked(
        sample_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A common value's page walks the articles newest first, a rare one's gathers its matches: same pages."""
    import newsradar.store.sql.articles as sql_articles

    with open_store(str(sample_db)) as s:
        everything = s.list_articles(ArticleFilter())
        story = max(s.list_stories(StoryFilter(limit=100)), key=lambda st: st.articles)
        entity = next(x.key for a in everything if a.enrichment for x in a.enrichment.entities)
        country = next(c for a in everything if a.enrichment for c in a.enrichment.countries)
        filters = [ArticleFilter(story=story.id), ArticleFilter(entity=entity), ArticleFilter(country=country),
                   ArticleFilter(country=country, language="en"), ArticleFilter(topic="economy")]
        for flt in filters:
            whole = [a.id for a in s.list_articles(flt)]
            assert whole and len(whole) == s.count_articles(flt), flt
            pages = {}
            for threshold in (0, 10**9):  # every value common / every value rare
                monkeypatch.setattr(sql_articles, "_COMMON_FACET", threshold)
                pages[threshold] = [[a.id for a in s.list_articles(replace(flt, limit=3, offset=o))]
                                    for o in range(0, len(whole), 3)]
            assert pages[0] == pages[10**9], flt
            assert [i for page in pages[0] for i in page] == whole, flt
