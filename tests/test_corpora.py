"""The real corpora in ../shared/corpora ingest completely (skipped when the folder is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsradar.model import canonical_url
from newsradar.pipeline import Ingestor
from newsradar.settings import Settings
from newsradar.store import ArticleFilter, Store

from .conftest import CORPORA

pytestmark = [pytest.mark.corpora, pytest.mark.slow]

FILES = sorted(CORPORA.glob("*.jsonl")) if CORPORA.is_dir() else []


def _expected(path: Path) -> tuple[int, int, int]:
    """Lines, records that must become articles, and distinct articles among them.

    An article is named by its canonical URL, else by the record's own id.
    """
    lines = records = 0
    keys: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            lines += 1
            obj = json.loads(line)
            if (obj.get("title") or "").strip() or (obj.get("text") or "").strip():
                records += 1
                keys.add(canonical_url(obj["url"]) if obj.get("url") else obj["id"])
    return lines, records, len(keys)


@pytest.mark.skipif(not FILES, reason=f"real corpora not found in {CORPORA}")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_ingests_completely(path: Path, store: Store, settings: Settings) -> None:
    lines, records, distinct = _expected(path)
    report = Ingestor(store, settings).run([str(path)])
    # Only records with neither title nor text (one Reuters brief) are quarantined.
    assert report.counts.quarantined == lines - records, store.list_quarantine(5)
    assert report.articles == records
    assert store.count_articles(ArticleFilter()) == distinct
    sample = store.list_articles(ArticleFilter(limit=20))
    assert all(a.language for a in sample), "corpus records say their language"
    assert all(a.external_id for a in sample)
    again = Ingestor(store, settings).run([str(path)])
    assert again.counts.new == 0 and again.counts.updated == 0
