"""Enrichment in worker processes gives exactly what one process gives, and survives a dying worker."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newsradar.enrich import Enricher, enrich_store
from newsradar.model import Article, Enrichment
from newsradar.pipeline import Ingestor
from newsradar.settings import Settings
from newsradar.store import ArticleFilter, Store, open_store

from .conftest import SAMPLE

INPUTS = [str(SAMPLE / n) for n in ("dumps", "html", "jsonl", "feeds.opml")]


def _snapshot(store: Store) -> dict[str, object]:
    """Every enrichment (without its timestamp), the wire-copy groups and the corpus term counts."""
    articles = store.list_articles(ArticleFilter(limit=None))
    enrichments = {}
    for listed in articles:
        article = store.get_article(listed.id)
        assert article is not None and article.enrichment is not None, f"{listed.id} was not enriched"
        data = article.enrichment.to_dict()
        data.pop("enriched_at")
        enrichments[article.id] = json.dumps(data, sort_keys=True, ensure_ascii=False)
    groups = {a.id: store.copy_group_of(a.id) for a in articles}
    frequencies = {lang: store.term_frequencies(lang, ["việt nam", "한국", "中国", "vietnam", "said"])
                   for lang in ("en", "vi", "ko", "zh")}
    return {"enrichments": enrichments, "groups": groups, "frequencies": frequencies}


def _enriched(tmp_path: Path, name: str, settings: Settings, **options: object) -> tuple[dict[str, object], object]:
    with open_store(f"sqlite:///{tmp_path / name}") as store:
        Ingestor(store, settings).run(INPUTS)
        report = enrich_store(store, batch_size=7, **options)  # type: ignore[arg-type]
        return _snapshot(store), report


def test_two_workers_enrich_exactly_like_one_process(tmp_path: Path, settings: Settings) -> None:
    alone, alone_report = _enriched(tmp_path, "one.db", settings, workers=1)
    pooled, pooled_report = _enriched(tmp_path, "two.db", settings, workers=2)
    assert pooled_report.workers == 2 and alone_report.workers == 1  # type: ignore[attr-defined]
    assert pooled == alone
    assert pooled_report.copies == alone_report.copies > 0  # type: ignore[attr-defined]
    languages = pooled_report.languages  # type: ignore[attr-defined]
    assert {"en", "vi", "ko", "zh"} <= set(languages)
    assert sum(n for n, _ in languages.values()) == pooled_report.articles  # type: ignore[attr-defined]
    assert all(seconds > 0 for _, seconds in languages.values())


def test_a_worker_that_dies_leaves_the_rest_to_the_parent(tmp_path: Path, settings: Settings,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    alone, _ = _enriched(tmp_path, "one.db", settings, workers=1)
    parent = os.getpid()
    real_process = Enricher.process

    def dies_in_a_worker(self: Enricher, article: Article) -> tuple[Enrichment, list[str]]:
        if os.getpid() != parent:
            os._exit(9)  # as if the kernel killed the worker for memory
        return real_process(self, article)

    monkeypatch.setattr(Enricher, "process", dies_in_a_worker)  # the forked workers inherit it
    pooled, _ = _enriched(tmp_path, "two.db", settings, workers=2)
    assert pooled == alone  # nothing skipped, nothing different
    assert "enriching the rest in this process" in caplog.text


def test_re_enriching_with_workers_counts_no_term_twice(tmp_path: Path, settings: Settings) -> None:
    with open_store(f"sqlite:///{tmp_path / 'again.db'}") as store:
        Ingestor(store, settings).run(INPUTS)
        first = enrich_store(store, workers=2)
        before = _snapshot(store)
        again = enrich_store(store, everything=True, workers=2)
        assert again.articles == first.articles == store.count_articles(ArticleFilter(limit=None))
        assert _snapshot(store)["frequencies"] == before["frequencies"]


def test_the_cli_takes_a_number_of_workers(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newsradar.cli import app

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--db", db, *INPUTS]).exit_code == 0
    result = runner.invoke(app, ["enrich", "--db", db, "--workers", "2", "--no-stories"])
    assert result.exit_code == 0, result.output
    assert "2 worker processes" in result.output
    assert runner.invoke(app, ["enrich", "--db", db, "--workers", "0"]).exit_code != 0
