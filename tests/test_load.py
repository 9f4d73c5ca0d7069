"""Bounded load: 20 API clients read while ``watch`` writes to the same embedded store.

The service runs in a real uvicorn server on 127.0.0.1 (one SQLite connection
per server thread, WAL mode); a watcher polls a local feed farm whose feeds
keep growing, enriching and clustering as it goes.  No request may fail with
a 5xx or a "database is locked", and the writer must never fail either.
Runs ``NEWSRADAR_LOAD_SECONDS`` (default 30) seconds; marked ``load``.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from newsradar.settings import load_settings
from newsradar.store import ArticleFilter, open_store
from newsradar.watch.runner import Watcher

from .feedfarm import FeedFarm, Route, article_page, rss, sample_records

pytestmark = [pytest.mark.load, pytest.mark.slow]

READS = ["/api/articles?limit=20", "/api/articles?q=Korea&limit=10", "/api/stories?limit=20",
         "/api/trends?kind=keyword&bucket=day", "/api/trends/rising?kind=entity", "/api/stories/ranking",
         "/api/alerts", "/api/feeds", "/api/entities?limit=20", "/", "/alerts", "/api/health"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_twenty_api_clients_and_a_watch_writer_share_the_store(tmp_path: Path) -> None:
    import uvicorn

    from newsradar.web import create_app

    seconds = float(os.environ.get("NEWSRADAR_LOAD_SECONDS", "30"))
    db = tmp_path / "load.db"
    settings = load_settings({"database_url": str(db), "watch_host_delay": "0", "batch_size": "20",
                              "watch_host_concurrency": "4", "watch_workers": "4"}, env={})
    farm = FeedFarm()
    farm.start()
    records = [r for r in sample_records() if r.get("text")]
    items: dict[int, list[dict[str, str]]] = {f: [] for f in range(4)}

    def grow(round_: int) -> None:
        """Each feed gets 10 new article pages and a new ETag."""
        for f in items:
            for k in range(10):
                n = (round_ * 40) + f * 10 + k
                r = records[n % len(records)]
                path = f"/f{f}/r{round_}-{k}.html"
                title = f"{r['title']} (update {n})"
                farm.add(path, Route(article_page(title, f"{r['text']}\nUpdate {n}.", r.get("published"),
                                                  str(r.get("lang") or "en"), site=f"Outlet {f}")))
                items[f].insert(0, {"title": title, "link": farm.url(path)})
            farm.add(f"/f{f}/rss.xml", Route(rss(f"Outlet {f}", items[f][:60]), "application/rss+xml",
                                             etag=f'"{f}-{round_}"'))

    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    server_thread = threading.Thread(target=server.run, daemon=True)
    server_thread.start()
    stop = threading.Event()
    statuses: Counter[int] = Counter()
    failures: list[str] = []
    writer_errors: list[BaseException] = []
    cycles = [0]
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started

        def writer() -> None:
            try:
                with open_store(str(db)) as store, Watcher(store, settings, interval=1) as watcher:
                    grow(0)
                    watcher.add_sources([farm.url(f"/f{f}/rss.xml") for f in items])
                    round_ = 0
                    while not stop.is_set():
                        watcher.cycle(force=True)
                        cycles[0] += 1
                        round_ += 1
                        grow(round_)
            except BaseException as exc:  # the test reports it below
                writer_errors.append(exc)

        def reader(n: int) -> None:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
                k = n
                while not stop.is_set():
                    path = READS[k % len(READS)]
                    k += 1
                    try:
                        response = client.get(path)
                    except httpx.HTTPError as exc:
                        with lock:
                            failures.append(f"{path}: {type(exc).__name__} {exc}")
                        continue
                    with lock:
                        statuses[response.status_code] += 1
                        if response.status_code >= 500 or "database is locked" in response.text:
                            failures.append(f"{path}: HTTP {response.status_code} {response.text[:200]}")

        threads = [threading.Thread(target=writer)] + [threading.Thread(target=reader, args=(n,)) for n in range(20)]
        for t in threads:
            t.start()
        time.sleep(seconds)
        stop.set()
        for t in threads:
            t.join(120)
    finally:
        stop.set()
        server.should_exit = True
        server_thread.join(30)
        farm.stop()
    total = sum(statuses.values())
    with open_store(str(db)) as store:
        articles = store.count_articles(ArticleFilter(limit=None))
    print(f"\nload: {total} requests in {seconds:.0f} s ({total / seconds:.0f}/s) by 20 clients, statuses "
          f"{dict(statuses)}; writer: {cycles[0]} watch cycles, {articles} articles stored")
    assert not writer_errors, writer_errors
    assert failures == []
    assert statuses and set(statuses) <= {200}
    assert cycles[0] >= 1 and articles >= 40  # the writer really wrote (a full round) while the readers read
