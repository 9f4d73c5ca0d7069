"""What a reader sees in words: names as one keyword, speakers that are people or organisations, counts in
the right number."""

from __future__ import annotations

from pathlib import Path

from newsradar.enrich import enrich_store
from newsradar.enrich.keywords import join_phrases, keywords, name_phrases
from newsradar.enrich.quotes import can_speak
from newsradar.model import RawDocument
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import ArticleFilter, open_store
from newsradar.store.base import StoryFilter
from newsradar.wording import count

STORY = {
    "title": "Typhoon Kaluma batters Da Nang as Bank of Korea watches markets",
    "body": ("Typhoon Kaluma made landfall in Da Nang at 4 a.m. on Tuesday, flooding streets across Da Nang. "
             "\"We have never seen water this high,\" said Nguyen Van Minh, a fisherman in Da Nang. "
             "In Seoul, the Bank of Korea said at 9 a.m. it was watching markets after the storm. "
             "Officials in Da Nang said schools would stay shut until the water recedes."),
    "published": "2026-11-18T08:00:00+07:00", "source": "Saigon Times", "url": "https://example.vn/typhoon",
}


def test_a_multi_word_name_is_one_keyword_and_initials_are_none(tmp_path: Path) -> None:
    """Keywords split names ("Da Nang" -> da, nang) and kept "a.m"."""
    db = tmp_path / "k.db"
    settings = load_settings({"database_url": str(db)}, env={})
    with open_store(str(db)) as store:
        Ingestor(store, settings).run_documents([RawDocument(origin="t", kind="record", fields=STORY)])
        enrich_store(store)
        (article,) = store.list_articles(ArticleFilter(limit=None))
        assert article.enrichment is not None
        terms = [t for t, _ in article.enrichment.keywords]
    assert "da nang" in terms and "da" not in terms and "nang" not in terms, terms
    assert not {"a.m", "a.m.", "p.m"} & set(terms), terms


def test_phrases_join_runs_of_a_names_words_longest_first() -> None:
    phrases = name_phrases(["Bank of Korea", "Korea", "Da Nang"], ["bank", "korea", "da", "nang", "rates"])
    assert phrases == {("bank", "korea"): "bank of korea", ("da", "nang"): "da nang"}
    assert join_phrases(["bank", "korea", "rates", "da", "nang", "da"], phrases) == \
        ["bank of korea", "rates", "da nang", "da"]
    assert [t for t, _ in keywords(["a.m", "storm"], ["u.s", "p.m", "storm"], {}, 10)] == ["storm"]


def test_speakers_are_people_or_organisations_never_a_country_or_a_fragment() -> None:
    """Quote speakers once included "Vi" (cut from a name) and "韩越" (Korea-Vietnam)."""
    for name in ("Vi", "韩越", "한·베", "Korea", "Hàn Quốc", "中国"):
        assert not can_speak(name), name
    for name in ("Kim Do-hyun", "김도현", "习近平", "Nguyễn Vi", "LG", "VJA", "Xinhua"):
        assert can_speak(name), name


def test_counts_take_the_noun_in_the_right_number() -> None:
    assert count(1, "article") == "1 article" and count(0, "article") == "0 articles"
    assert count(1204, "outlet") == "1,204 outlets" and count(2, "story") == "2 stories"


def test_briefing_and_story_page_say_one_article_not_one_articles(sample_db: Path) -> None:
    from fastapi.testclient import TestClient

    from newsradar.report.briefing import briefing_data, render_html
    from newsradar.web import create_app

    with open_store(str(sample_db)) as store:
        single = next(s for s in store.list_stories(StoryFilter(limit=None)) if s.articles == 1)
        html = render_html(briefing_data(store, None))
    assert " 1 articles" not in html and " 1 outlets" not in html
    with TestClient(create_app(load_settings({"database_url": str(sample_db)}, env={}))) as client:
        page = client.get(f"/stories/{single.id}").text
    assert "1 article ·" in page and "1 articles" not in page
