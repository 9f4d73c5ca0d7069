"""The Dask engine: on a local cluster of two worker processes it stores what the local engine stores.

"The same" is checked field by field: every article (ids, extracted fields,
every enrichment stage, keywords and wire-copy groups), every quarantine
entry, and the counts the run reports.  Stories are clustered per language
and time window and merged; their quality is scored against the gold labels.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsradar.cli import app
from newsradar.enrich import enrich_store
from newsradar.evaluation.clustering import bcubed, evaluate_clustering
from newsradar.pipeline import IngestHooks, Ingestor, IngestReport
from newsradar.settings import Settings, load_settings
from newsradar.store import ArticleFilter, open_store
from newsradar.store.base import StoryFilter
from newsradar.stories import update_stories
from newsradar.stories.clusterer import ClusterParams
from newsradar.stories.features import StoryFeatures
from newsradar.stories.partitioned import cluster_features, cluster_partitions, merge_partitions

from .conftest import CORPORA, SAMPLE
from .postgres_mode import copy_store
from .test_badinput import messy  # noqa: F401  (the folder of bad inputs, as a fixture)

pytest.importorskip("distributed", reason="the dask extra is not installed (make install installs it)")

from newsradar.dask.engine import DaskCluster, DaskIngestor, DaskIngestReport

GOLD = Path(__file__).parent / "gold"
FLOORS = json.loads((GOLD / "clustering_floors.json").read_text())
SAMPLE_INPUTS = [str(SAMPLE / n) for n in ("dumps", "html", "jsonl", "feeds.opml")]


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskCluster]:
    with DaskCluster(workers=2) as c:
        yield c


def _settings(db: Path, **overrides: Any) -> Settings:
    return load_settings({"database_url": str(db), **overrides}, env={})


def local_run(specs: list[str], db: Path, **overrides: Any) -> tuple[IngestReport, list[str]]:
    """The local engine as a newsroom runs it: ingest, enrich, stories."""
    seen: list[str] = []
    settings = _settings(db, **overrides)
    with open_store(str(db)) as store:
        report = Ingestor(store, settings, hooks=IngestHooks(on_problem=lambda e: seen.append(e.origin))).run(specs)
        enrich_store(store)
        update_stories(store)
    return report, seen


def dask_run(cluster: DaskCluster, specs: list[str], db: Path, **overrides: Any) -> tuple[DaskIngestReport, list[str]]:
    seen: list[str] = []
    settings = _settings(db, **overrides)
    with open_store(str(db)) as store:
        hooks = IngestHooks(on_problem=lambda e: seen.append(e.origin))
        report = DaskIngestor(store, settings, cluster, hooks=hooks).run(specs)
    return report, seen


def snapshot(db: Path) -> tuple[dict[str, dict[str, Any]], list[tuple[str, str, str, str]]]:
    """Every article as stored (minus the times a run stamps), with its copy group; the quarantine."""
    articles: dict[str, dict[str, Any]] = {}
    with open_store(str(db)) as store:
        for listed in store.list_articles(ArticleFilter(limit=None)):
            article = store.get_article(listed.id)
            assert article is not None
            data = article.to_dict()
            del data["ingested_at"], data["updated_at"]
            assert data["enrichment"] is not None, f"{article.origin} was not enriched"
            del data["enrichment"]["enriched_at"]
            data["copy_group"] = store.copy_group_of(article.id)
            articles[article.id] = data
        quarantine = sorted((q.origin, q.reason, q.stage, q.sample) for q in store.list_quarantine())
    return articles, quarantine


def assert_same_store(local_db: Path, dask_db: Path) -> None:
    local_articles, local_quarantine = snapshot(local_db)
    dask_articles, dask_quarantine = snapshot(dask_db)
    assert sorted(dask_articles) == sorted(local_articles)
    for article_id, expected in local_articles.items():
        got = dask_articles[article_id]
        differing = sorted(k for k in expected if expected[k] != got[k])
        differing += sorted(f"enrichment.{k}" for k in expected["enrichment"]
                            if expected["enrichment"][k] != got["enrichment"][k])
        assert not differing, f"{expected['origin']}: {differing} differ between the engines"
    assert dask_quarantine == local_quarantine


# -- the bundled sample --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_dbs(cluster: DaskCluster, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, DaskIngestReport]:
    from distributed import get_task_stream

    d = tmp_path_factory.mktemp("dask-sample")
    local_run(SAMPLE_INPUTS, d / "local.db")
    # Small partitions and batches, so the sample is spread over both workers and written in several batches.
    with get_task_stream(client=cluster.client) as stream:
        report, _ = dask_run(cluster, SAMPLE_INPUTS, d / "dask.db", dask_partition_size=4, batch_size=10)
    workers = {task["worker"] for task in stream.data}
    assert len(workers) == 2, f"the tasks ran on {len(workers)} worker(s), not on both"
    return d / "local.db", d / "dask.db", report


def test_sample_gives_the_same_articles_as_the_local_engine(sample_dbs: tuple[Path, Path, DaskIngestReport]) -> None:
    local_db, dask_db, report = sample_dbs
    assert report.ingest.articles == 53 and report.ingest.counts.new == 53
    assert report.reused == 53 and report.recomputed == 0  # every enrichment came from a worker
    assert report.enrich.copies > 0
    assert_same_store(local_db, dask_db)


def test_sample_stories_meet_the_gold_floor(sample_dbs: tuple[Path, Path, DaskIngestReport]) -> None:
    _, dask_db, report = sample_dbs
    assert report.stories.articles == 53
    data = json.loads((GOLD / "sample_stories.json").read_text())
    labels = {title: label for label, titles in data["stories"].items() for title in titles}
    gold, predicted = [], []
    with open_store(str(dask_db)) as store:
        for article in store.list_articles(ArticleFilter(limit=None)):
            story = store.story_of(article.id)
            assert story is not None, f"{article.title!r} is in no story"
            gold.append(labels[article.title])
            predicted.append(story)
        stories = store.list_stories(StoryFilter(min_articles=3, limit=None))
        multilingual = [s for s in stories if len(s.languages) >= 3]
    score = bcubed(gold, predicted)
    assert score.f1 >= FLOORS["sample_dask"]["bcubed_f1"], score
    assert score.precision >= FLOORS["sample_dask"]["bcubed_precision"], score
    assert multilingual, "the merge linked no story across three languages"


def test_re_running_changes_nothing(cluster: DaskCluster, sample_dbs: tuple[Path, Path, DaskIngestReport],
                                    tmp_path: Path) -> None:
    _, dask_db, _ = sample_dbs
    copy = tmp_path / "again.db"
    copy_store(dask_db, copy)  # the store is closed: the file (or its PostgreSQL schema) holds everything
    before, _ = snapshot(copy)
    report, _ = dask_run(cluster, SAMPLE_INPUTS, copy)
    assert report.ingest.counts.new == 0 and report.ingest.counts.updated == 0
    assert report.ingest.counts.unchanged == 53
    assert report.enrich.articles == 0 and report.stories.articles == 0
    after, _ = snapshot(copy)
    assert after == before


# -- bad inputs, folders, JSONL and WARC ---------------------------------------------------------


def _good_warc(path: Path, pages: int) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(pages):
        body = (f"<html><head><title>Port of Hai Phong record {n}</title></head><body><article>"
                f"<h1>Port of Hai Phong handles record cargo in week {n}</h1>"
                + f"<p>Hai Phong port handled {1000 + n * 37} containers in week {n}, officials said. " * 6
                + "</p></article></body></html>")
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://port.example/news/{n}", "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    path.write_bytes(buffer.getvalue())


def _records(path: Path, count: int) -> None:
    lines = []
    for n in range(count):
        if n == 17:
            lines.append("{not json")
        elif n == 41:
            lines.append(json.dumps({"title": "", "text": ""}))
        else:
            lang = ("en", "vi", "ko", "zh")[n % 4]
            title = {
                "en": f"Central bank holds rate at meeting {n}",
                "vi": f"Ngân hàng Nhà nước giữ nguyên lãi suất lần {n}",
                "ko": f"한국은행 기준금리 동결 {n}차",
                "zh": f"央行第{n}次会议维持利率不变",
            }[lang]
            lines.append(json.dumps({"id": f"r{n}", "title": title, "text": f"{title}. " * 5, "lang": lang,
                                     "published": f"2026-11-{1 + n % 28:02d}T0{n % 10}:00:00Z",
                                     "source": f"outlet{n % 5}"}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def mixed_inputs(messy: Path) -> list[str]:  # noqa: F811
    _good_warc(messy / "08_crawl.warc.gz", 12)
    _records(messy / "09_many.jsonl", 120)
    return [str(messy), str(messy.parent / "missing-folder"), str(SAMPLE / "dumps")]


def test_bad_inputs_folder_jsonl_and_warc_match_the_local_engine(cluster: DaskCluster, mixed_inputs: list[str],
                                                                 tmp_path: Path) -> None:
    local_report, local_seen = local_run(mixed_inputs, tmp_path / "local.db", batch_size=25)
    report, seen = dask_run(cluster, mixed_inputs, tmp_path / "dask.db", batch_size=25, dask_partition_size=9)
    assert report.ingest.counts == local_report.counts
    assert report.ingest.inputs == local_report.inputs and report.ingest.documents == local_report.documents
    assert seen == local_seen  # the same problems, reported in the same order
    assert any("missing-folder" in origin for origin in seen)
    assert any(origin.endswith("09_many.jsonl#L18") for origin in seen)
    assert report.ingest.counts.new == 2 + 12 + 118 + 14  # good dump + line, WARC pages, good records, sample dumps
    assert_same_store(tmp_path / "local.db", tmp_path / "dask.db")


def test_cli_runs_the_dask_engine_on_a_given_scheduler(cluster: DaskCluster, messy: Path,  # noqa: F811
                                                       tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    address = cluster.client.scheduler.address
    result = CliRunner().invoke(app, ["ingest", "--db", db, "--engine", "dask", "--scheduler", address, str(messy)])
    assert result.exit_code == 1, result.output  # something was quarantined; everything else was stored
    assert "dask engine: 2 articles" in result.output
    assert "quarantined" in result.output and "02_empty.txt" in result.output
    with open_store(db) as store:
        assert store.count_articles(ArticleFilter()) == 2
        assert all(store.story_of(a.id) for a in store.list_articles(ArticleFilter(limit=None)))
    bad = CliRunner().invoke(app, ["ingest", "--db", db, "--engine", "spark", str(messy)])
    assert bad.exit_code == 2 and "use local or dask" in bad.output


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "--db", str(tmp_path / "x.db"), "--engine", "dask",
                                      "--scheduler", "tcp://127.0.0.1:9", str(SAMPLE / "dumps")])
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output


# -- partitioned clustering and the merge, without a cluster -------------------------------------

T0 = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


def feat(article_id: str, terms: dict[str, float], *, lang: str = "en", hours: float = 0.0,
         anchors: dict[str, float] | None = None) -> StoryFeatures:
    return StoryFeatures(article_id=article_id, language=lang, time=T0 + timedelta(hours=hours), title=article_id,
                         source="A", terms={f"{lang}:{k}": v for k, v in terms.items()} | (anchors or {}),
                         anchors=anchors or {})


def test_a_story_cut_by_a_window_boundary_is_merged_back() -> None:
    params = ClusterParams()
    before = cluster_features([feat("a1", {"typhoon": 0.8, "danang": 0.6}),
                               feat("a2", {"typhoon": 0.7, "danang": 0.5, "landfall": 0.4}, hours=3)], params)
    after = cluster_features([feat("a3", {"typhoon": 0.8, "danang": 0.5, "damage": 0.3}, hours=26),
                              feat("c1", {"chip": 0.8, "exports": 0.6}, hours=27)], params)
    stories, placed, store_merges, merges = merge_partitions([before, after], params)
    where = {a: s for a, s, _, _ in placed}
    assert where["a1"] == where["a2"] == where["a3"] != where["c1"]
    assert merges == 1 and store_merges == {}
    survivor = next(s for s in stories if s.id == where["a1"])
    assert survivor.size == 3 and len(stories) == 2  # the absorbed half is not saved as a story of its own


def test_stories_of_two_languages_merge_on_shared_specific_anchors() -> None:
    params = ClusterParams()
    anchors = {"e:kaluma": 0.7, "e:da nang": 0.6, "n:42000": 0.5, "g:typhoon": 0.5, "g:landfal": 0.4, "c:VN": 0.3}
    vi = cluster_features([feat("v1", {"bão": 0.9, "đổ bộ": 0.4}, lang="vi", anchors=anchors)], params)
    ko = cluster_features([feat("k1", {"태풍": 0.9}, lang="ko", anchors=anchors, hours=1)], params)
    zh = cluster_features([feat("z1", {"台风": 0.9}, lang="zh", anchors={"c:VN": 1.0, "g:typhoon": 0.9}, hours=1)],
                          params)
    stories, placed, _, _ = merge_partitions([vi, ko, zh], params)
    where = {a: s for a, s, _, _ in placed}
    assert where["v1"] == where["k1"] != where["z1"]  # a country and one word link nothing
    assert {tuple(sorted(s.languages)) for s in stories} == {("ko", "vi"), ("zh",)}


def test_a_partition_story_joins_a_live_story_from_the_store(tmp_path: Path, settings: Settings) -> None:
    with open_store(str(tmp_path / "live.db")) as store:
        Ingestor(store, settings).run([str(SAMPLE / "dumps")])
        enrich_store(store)
        update_stories(store)
        placed_before = {a.id: store.story_of(a.id) for a in store.list_articles(ArticleFilter(limit=None))}
        Ingestor(store, settings).run([str(SAMPLE / "html")])
        enrich_store(store)
        report = cluster_partitions(store)
        after = {a.id: store.story_of(a.id) for a in store.list_articles(ArticleFilter(limit=None))}
    assert all(after[a] is not None for a in after)
    old_stories = set(placed_before.values())
    new_articles = set(after) - set(placed_before)
    assert report.articles == len(new_articles) > 0
    assert any(after[a] in old_stories for a in new_articles), "no new page joined a story already in the store"


@pytest.mark.corpora
@pytest.mark.slow
def test_uci_headlines_partitioned_clustering_stays_near_the_online_pass(settings: Settings) -> None:
    path = CORPORA / "en-uci-headlines-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not found (the shared corpora are not on this machine)")
    # Two-hour windows cut nearly every story of this 18-hour stream at least once: the merge has to rejoin them.
    result = evaluate_clustering(path, settings, embeddings="", partition_hours=2)
    assert result.bcubed.f1 >= FLOORS["uci"]["bcubed_f1"]


def test_an_article_a_re_ingest_merged_is_enriched_again_here(cluster: DaskCluster, tmp_path: Path) -> None:
    """The stored article keeps an earlier language the new input lacks: the worker saw another text."""
    dump = str(SAMPLE / "dumps" / "vi_bao_kaluma_do_bo_da_nang_20261118.txt")
    for name in ("local.db", "dask.db"):
        with open_store(str(tmp_path / name)) as store:
            Ingestor(store, _settings(tmp_path / name), lang="vi").run([dump])
    local_report, _ = local_run([dump], tmp_path / "local.db")
    report, _ = dask_run(cluster, [dump], tmp_path / "dask.db")
    assert report.ingest.counts == local_report.counts
    assert report.recomputed == 1 and report.reused == 0
    assert_same_store(tmp_path / "local.db", tmp_path / "dask.db")
