"""A StoryUpdater kept between small batches places articles exactly as fresh update_stories calls do."""

from __future__ import annotations

from pathlib import Path

from newsradar.enrich import Enricher, enrich_store
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import open_store
from newsradar.store.base import ArticleFilter
from newsradar.stories import StoryUpdater, update_stories

from .conftest import SAMPLE

ARRIVALS = ("jsonl", "dumps", "html", "feeds.opml")


def _placements(tmp_path: Path, name: str, *, keep: bool) -> dict[str, str | None]:
    url = str(tmp_path / f"{name}.db")
    settings = load_settings({"database_url": url}, env={})
    store = open_store(url)
    enricher = Enricher()
    updater = StoryUpdater(store)
    try:
        for arrival in ARRIVALS:  # the sample arrives in four deliveries, each clustered on arrival
            Ingestor(store, settings).run([str(SAMPLE / arrival)])
            enrich_store(store, enricher=enricher)
            report = updater.update() if keep else update_stories(store)
            assert report.articles > 0
        return {a.id: store.story_of(a.id) for a in store.list_articles(ArticleFilter(limit=None))}
    finally:
        store.close()


def test_kept_updater_matches_fresh_updates(tmp_path: Path) -> None:
    fresh = _placements(tmp_path, "fresh", keep=False)
    kept = _placements(tmp_path, "kept", keep=True)
    assert len(fresh) == 53 and all(fresh.values())
    assert kept == fresh


def test_forget_reloads_from_the_store(tmp_path: Path) -> None:
    url = str(tmp_path / "forget.db")
    store = open_store(url)
    try:
        Ingestor(store, load_settings({"database_url": url}, env={})).run([str(SAMPLE / "jsonl")])
        enrich_store(store)
        updater = StoryUpdater(store)
        assert updater.update().articles > 0
        updater.forget()
        assert updater.update().articles == 0  # nothing new: a reload places nothing twice
    finally:
        store.close()
