"""The Today page and the ranking/rising routes keep their answers until the store's data version moves."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from fastapi.testclient import TestClient

from newsradar.enrich import enrich_store
from newsradar.model import RawDocument
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import open_store
from newsradar.stories import update_stories
from newsradar.web import create_app
from newsradar.web.cache import ViewCache

from .postgres_mode import copy_store

LATE = {"title": "Hanoi opens a second airport terminal for the Lunar New Year rush",
        "body": "Noi Bai airport in Hanoi opened a second terminal on Friday for the Lunar New Year rush. " * 3,
        "published": "2026-11-20T20:00:00+07:00", "source": "Hanoi Times", "url": "https://hanoitimes.example/t2"}


def test_the_data_version_moves_with_every_write_that_views_show(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    settings = load_settings({"database_url": str(db)}, env={})
    with open_store(str(db)) as store:
        seen = [store.data_version()]
        ingest = Ingestor(store, settings)
        ingest.run_documents([RawDocument(origin="a", kind="record", fields=LATE)])
        seen.append(store.data_version())
        ingest.run_documents([RawDocument(origin="a", kind="record", fields=LATE)])  # unchanged: no move
        assert store.data_version() == seen[-1]
        enrich_store(store)
        seen.append(store.data_version())
        update_stories(store)
        seen.append(store.data_version())
        store.reset_stories()
        seen.append(store.data_version())
    assert len(set(seen)) == len(seen), seen


def test_a_view_is_kept_until_the_store_changes_even_from_another_process(sample_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    copy_store(sample_db, db)
    app = create_app(load_settings({"database_url": str(db)}, env={}))
    with TestClient(app) as client:
        first = client.get("/api/stories/ranking", params={"date": "2026-11-20"}).json()
        client.get("/").raise_for_status()
        hits = app.state.views.hits
        assert client.get("/api/stories/ranking", params={"date": "2026-11-20"}).json() == first
        client.get("/").raise_for_status()
        assert app.state.views.hits == hits + 2  # both answered from the cache
        # another writer (as an `ingest` in another process): its own store handle, not the app's
        settings = load_settings({"database_url": str(db)}, env={})
        with open_store(str(db)) as other:
            Ingestor(other, settings).run_documents([RawDocument(origin="late", kind="record", fields=LATE)])
            enrich_store(other)
            update_stories(other)
        misses = app.state.views.misses
        after = client.get("/api/stories/ranking", params={"date": "2026-11-20"}).json()
        assert app.state.views.misses == misses + 1  # the write moved the data version: computed again
        app.state.views.clear()
        assert client.get("/api/stories/ranking", params={"date": "2026-11-20"}).json() == after  # as fresh
    assert after != first


def test_concurrent_requests_for_one_missing_view_compute_it_once() -> None:
    cache = ViewCache()
    calls = []

    def compute() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(cache.get("k", "1", compute))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [42] * 8 and len(calls) == 1
    assert cache.get("k", "2", lambda: 7) == 7  # a new data version computes again
