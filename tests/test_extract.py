"""HTML pages and structured records become clean articles with the right metadata."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsradar.errors import BadDocument
from newsradar.extract import extract_article
from newsradar.extract.common import clean_title, normalise_lang
from newsradar.model import RawDocument, article_id, canonical_url

from .conftest import FIXTURES


def html_doc(name: str, **kw: object) -> RawDocument:
    text = (FIXTURES / "html" / name).read_text(encoding="utf-8")
    return RawDocument(origin=name, kind="html", text=text, **kw)  # type: ignore[arg-type]


def record(**fields: object) -> RawDocument:
    return RawDocument(origin="batch.jsonl#L1", kind="record", fields=dict(fields))


def test_html_page_metadata_body_and_captions() -> None:
    article = extract_article(html_doc("herald_ko.html"), default_tz=UTC)
    assert article.title == "한-베 언론, AI 시대 협력 강화"
    assert article.source == "서울헤럴드"
    assert article.url == "https://seoulherald.example/news/2026/11/17/ai-media?utm_source=rss"
    assert article.id == article_id(url="https://seoulherald.example/news/2026/11/17/ai-media", title="", body="")
    assert article.language == "ko"
    assert article.author == "김민수"
    assert article.published == datetime(2026, 11, 17, 10, 5, tzinfo=timezone(timedelta(hours=9)))
    assert article.published_raw == "2026-11-17T10:05:00+09:00"
    assert article.captions == ["17일 서울에서 열린 한-베 언론인 간담회 모습"]
    assert article.body.startswith("한국기자협회와 베트남기자협회가 17일 서울에서")
    assert "공동 연수 프로그램" in article.body
    for noise in ("간담회 모습", "쿠키", "많이 본 뉴스", "무단 전재", "반도체 수출"):
        assert noise not in article.body
    assert article.extra["description"].startswith("한국과 베트남 언론 단체가")


@pytest.mark.parametrize("name", ["broken.html", "boilerplate_only.html"])
def test_pages_without_article_text_are_bad_documents(name: str) -> None:
    with pytest.raises(BadDocument, match="no article text found in HTML page"):
        extract_article(html_doc(name), default_tz=UTC)


def test_user_given_source_and_lang_win() -> None:
    article = extract_article(html_doc("herald_ko.html", source="Herald", lang="en"), default_tz=UTC)
    assert (article.source, article.language) == ("Herald", "en")


def test_record_field_synonyms_and_extra() -> None:
    article = extract_article(
        record(
            headline="Typhoon nears central Viet Nam",
            body="<p>First paragraph.</p><figure><figcaption>Boats in Da Nang</figcaption></figure><p>Second.</p>",
            date="2026-11-17T08:00:00+07:00",
            outlet={"name": "Saigon Times Online"},
            link="https://saigontimes.example/typhoon",
            language="vi-VN",
            authors=["Tran An", "Le Binh"],
            labels={"story": "typhoon"},
            guid="st-1",
        ),
        default_tz=UTC,
    )
    assert article.title == "Typhoon nears central Viet Nam"
    assert article.body == "First paragraph.\n\nSecond."
    assert article.captions == ["Boats in Da Nang"]
    assert article.published == datetime(2026, 11, 17, 1, 0, tzinfo=UTC)
    assert article.source == "Saigon Times Online"
    assert article.language == "vi"
    assert article.author == "Tran An, Le Binh"
    assert article.external_id == "st-1"
    assert article.extra["labels"] == {"story": "typhoon"}
    assert article.id == article_id(url="https://saigontimes.example/typhoon", title="", body="")


def test_naive_dates_are_read_in_the_languages_home_zone() -> None:
    ko = extract_article(record(title="t", text="b", published="2026-11-17 10:00", lang="ko"), default_tz=UTC)
    assert ko.published == datetime(2026, 11, 17, 1, 0, tzinfo=UTC)
    assert ko.published is not None and ko.published.utcoffset() == timedelta(hours=9)
    en = extract_article(record(title="t", text="b", published="2026-11-17 10:00", lang="en"), default_tz=UTC)
    assert en.published == datetime(2026, 11, 17, 10, 0, tzinfo=UTC)


def test_epoch_and_unparseable_dates() -> None:
    ms = extract_article(record(title="t", text="b", timestamp=1_795_400_000_000), default_tz=UTC)
    assert ms.published == datetime.fromtimestamp(1_795_400_000, tz=UTC)
    junk = extract_article(record(title="t", text="b", published="sometime soon"), default_tz=UTC)
    assert junk.published is None and junk.extra["published_unparsed"] == "sometime soon"


def test_a_stated_crawl_time_stands_in_for_a_missing_publication_date_and_says_so() -> None:
    crawled = extract_article(record(title="t", text="b", lang="vi",
                                     labels={"crawl_commit_time": "2017-05-09T09:27:03+07:00"}), default_tz=UTC)
    assert crawled.published == datetime(2017, 5, 9, 2, 27, 3, tzinfo=UTC)
    assert crawled.extra["time_source"].startswith("crawl_commit_time: no publication date")
    top = extract_article(record(title="t", text="b", fetched_at="2026-11-17T08:00:00Z"), default_tz=UTC)
    assert top.published == datetime(2026, 11, 17, 8, 0, tzinfo=UTC) and "fetched_at" in top.extra["time_source"]
    dated = extract_article(record(title="t", text="b", published="2026-11-16T08:00:00Z",
                                   crawled_at="2026-11-17T08:00:00Z"), default_tz=UTC)
    assert dated.published == datetime(2026, 11, 16, 8, 0, tzinfo=UTC) and "time_source" not in dated.extra
    junk = extract_article(record(title="t", text="b", published="sometime", crawled_at="2026-11-17T08:00:00Z"),
                           default_tz=UTC)
    assert junk.extra["published_unparsed"] == "sometime" and "crawled_at" in junk.extra["time_source"]
    neither = extract_article(record(title="t", text="b", labels={"category": "x"}), default_tz=UTC)
    assert neither.published is None and "time_source" not in neither.extra


def test_headline_only_records_are_kept_and_empty_ones_rejected() -> None:
    headline = extract_article(record(title="Only a headline", text=""), default_tz=UTC)
    assert headline.body == "" and headline.extra["headline_only"] is True
    with pytest.raises(BadDocument, match="no title and no body"):
        extract_article(record(title="  ", text="", url="https://x.example/1"), default_tz=UTC)


def test_same_text_from_two_outlets_is_two_articles_but_stable() -> None:
    a = extract_article(record(title="Wire", text="Same wire text.", source="A"), default_tz=UTC)
    b = extract_article(record(title="Wire", text="Same wire text.", source="B"), default_tz=UTC)
    a_again = extract_article(record(title="Wire ", text="Same  wire text.", source="A"), default_tz=UTC)
    assert a.id != b.id and a.id == a_again.id


def test_helpers() -> None:
    assert canonical_url("HTTPS://News.Example:443/a/b/?utm_source=x&b=2&a=1#top") == "https://news.example/a/b?a=1&b=2"
    assert normalise_lang("zh_CN") == "zh" and normalise_lang("") is None and normalise_lang("--") is None
    assert clean_title("Headline | Seoul Herald", "Seoul Herald") == "Headline"
    assert clean_title("Kim says: yes", "Seoul Herald") == "Kim says: yes"



def test_saved_page_in_gbk_through_the_reader(tmp_path: Path) -> None:
    from newsradar.sources.files import ReadContext, read_input

    (doc,) = list(read_input(str(FIXTURES / "html" / "saved_zh_gbk.html"), ReadContext()))
    assert isinstance(doc, RawDocument) and doc.encoding == "gbk"
    article = extract_article(doc, default_tz=UTC)
    assert article.url == "https://bjeveningpost.example/2026/11/18/ai-model"
    assert article.title == "国产大模型发布新版本"
    assert article.body.startswith("北京一家人工智能企业18日发布了新版本的大语言模型")
    assert "版权所有" not in article.body and "广告" not in article.body
    assert article.extra["encoding"] == "gbk"
    # A naive page time is read in UTC here (no language known); the raw string is kept.
    assert article.published_raw == "2026-11-18 09:30"


def test_the_article_page_says_its_time_is_a_crawl_time(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from newsradar.pipeline import Ingestor
    from newsradar.settings import load_settings
    from newsradar.store import ArticleFilter, open_store
    from newsradar.web.app import create_app

    dump = tmp_path / "crawled.jsonl"
    dump.write_text(json.dumps({"id": "c1", "title": "Crawled item", "text": "Body of the crawled item.",
                                "source": "X", "fetched_at": "2026-11-17T08:00:00Z"}) + "\n", encoding="utf-8")
    db = str(tmp_path / "crawled.db")
    with open_store(db) as store:
        Ingestor(store, load_settings()).run([str(dump)])
        (article,) = store.list_articles(ArticleFilter(limit=None))
    page = TestClient(create_app(load_settings({"database_url": db}))).get(f"/articles/{article.id}").text
    assert 'id="time-source">Time: fetched_at: no publication date in the input' in page
