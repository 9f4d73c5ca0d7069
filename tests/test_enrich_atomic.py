"""A batch's enrichments, term counts and wire-copy signatures are written together or not at all."""

from __future__ import annotations

import pytest

from newsradar.enrich import enrich_store
from newsradar.pipeline import Ingestor
from newsradar.settings import Settings
from newsradar.store import ArticleFilter, Store
from newsradar.store.sql.articles import SQLArticlesMixin

from .conftest import SAMPLE


def _counts(store: Store) -> tuple[int, int, int]:
    docs = sum(store.term_frequencies(lang, [])[0] for lang in ("en", "vi", "ko", "zh"))
    ids = [a.id for a in store.list_articles(ArticleFilter(limit=None))]
    enriched = sum(1 for i in ids if (a := store.get_article(i)) is not None and a.enrichment is not None)
    in_groups = sum(1 for i in ids if store.copy_group_of(i))
    return docs, enriched, in_groups


def test_a_failure_while_writing_leaves_no_half_enriched_batch(store: Store, settings: Settings,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    Ingestor(store, settings).run([str(SAMPLE / n) for n in ("dumps", "html", "jsonl", "feeds.opml")])
    before = _counts(store)

    def crash(self: object, db: object, items: object) -> None:
        raise RuntimeError("power cut while saving signatures")

    monkeypatch.setattr(SQLArticlesMixin, "_save_signatures", crash)
    with pytest.raises(RuntimeError):
        enrich_store(store)
    assert _counts(store) == before  # no term counted, nothing marked enriched
    monkeypatch.undo()
    report = enrich_store(store)
    assert report.articles == store.count_articles(ArticleFilter(limit=None))
    docs, enriched, in_groups = _counts(store)
    assert docs == enriched == report.articles  # every article enriched, its terms counted exactly once
    assert in_groups > 0  # the sample's wire copies were found and saved with the batch
