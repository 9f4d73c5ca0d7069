"""Crash safety: SIGKILL an ``ingest`` and a ``watch`` in the middle of their work, restart, check the store.

No article may be lost or duplicated, and every derived table (full-text
index, fetched-URL log, enrichment, stories) must agree with the articles.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .feedfarm import FeedFarm, build_farm, sample_records

pytestmark = pytest.mark.slow
CLI = [sys.executable, "-c", "from newsradar.cli import main; main()"]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "NEWSRADAR_CONFIG": str(tmp_path / "absent.toml"), **extra}
    env.pop("NEWSRADAR_DATABASE_URL", None)
    return env


def _count(db: Path, sql: str = "SELECT COUNT(*) FROM articles") -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return int(con.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not created yet
        return 0


def _kill_when(proc: subprocess.Popen[bytes], db: Path, at_least: int, sql: str = "SELECT COUNT(*) FROM articles",
               limit: float = 300.0) -> int:
    """SIGKILL the process once the store holds ``at_least`` rows; returns the count seen just before."""
    deadline = time.monotonic() + limit
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count(db, sql)
        if seen >= at_least:
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            return seen
        time.sleep(0.02)
    raise AssertionError(f"the process ended (rc={proc.poll()}) before it could be killed mid-run; saw {seen} rows")


def _consistent(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    articles = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert con.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == articles  # index matches the rows
    return con


@pytest.fixture
def jsonl(tmp_path: Path) -> Iterator[Path]:
    records = [r for r in sample_records() if r.get("text")]
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(12_000):
            r = records[n % len(records)]
            out.write(json.dumps({"id": f"rec-{n}", "title": f"{r['title']} #{n}",
                                  "text": f"{r['text']}\n(record {n})", "published": r.get("published"),
                                  "source": r.get("source"), "lang": r.get("lang")}, ensure_ascii=False) + "\n")
    yield path


def test_ingest_killed_mid_run_resumes_without_loss_or_duplicates(jsonl: Path, tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    env = _env(tmp_path, NEWSRADAR_BATCH_SIZE="50")
    command = [*CLI, "ingest", "--db", str(db), "-q", str(jsonl)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _kill_when(proc, db, 300)
    assert proc.returncode == -signal.SIGKILL
    con = _consistent(db)
    after_kill = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    con.close()
    assert 0 < after_kill < 12_000 and after_kill % 50 == 0  # only whole batches: each one is a transaction

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "new" in done.stderr and f"{after_kill} unchanged" in done.stderr
    con = _consistent(db)
    ids = [r[0] for r in con.execute("SELECT external_id FROM articles")]
    assert len(ids) == 12_000 and set(ids) == {f"rec-{n}" for n in range(12_000)}
    assert con.execute("SELECT COUNT(*) FROM quarantine").fetchone()[0] == 0
    con.close()


def test_watch_killed_mid_cycle_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    farm = FeedFarm()
    farm.start()
    try:
        records = [r for r in sample_records() if r.get("text")]
        feeds = build_farm(farm, records, feeds=6, per_feed=20)
        pages = [p for p in farm.routes if p.endswith(".html")]
        for path in pages:
            farm.routes[path].delay = 0.02
        db = tmp_path / "watch.db"
        env = _env(tmp_path, NEWSRADAR_BATCH_SIZE="10", NEWSRADAR_WATCH_HOST_DELAY="0",
                   NEWSRADAR_WATCH_HOST_CONCURRENCY="4", NEWSRADAR_WATCH_WORKERS="4")
        command = [*CLI, "watch", "--db", str(db), "--once", "-q", *[url for _, url in feeds]]
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _kill_when(proc, db, 30)
        assert proc.returncode == -signal.SIGKILL
        hits_at_kill = dict(farm.hits)
        con = _consistent(db)
        stored_at_kill = {r[0] for r in con.execute("SELECT url FROM articles")}
        con.close()
        assert len(stored_at_kill) < len(pages)

        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr
        con = _consistent(db)
        urls = [r[0] for r in con.execute("SELECT url FROM articles")]
        assert sorted(urls) == sorted(farm.url(p) for p in pages)  # every page once: none lost, none twice
        states = dict(con.execute("SELECT state, COUNT(*) FROM fetched_urls GROUP BY state").fetchall())
        assert states == {"stored": len(pages)}
        # every article went through the later stages too
        assert con.execute("SELECT COUNT(*) FROM enrichments").fetchone()[0] == len(pages)
        assert con.execute("SELECT COUNT(*) FROM story_articles").fetchone()[0] == len(pages)
        assert con.execute("SELECT SUM(articles) FROM feeds").fetchone()[0] == len(pages)
        con.close()
        # a page stored before the kill is never fetched again; one fetched but not yet stored is, once
        for path in pages:
            if farm.url(path) in stored_at_kill:
                assert farm.hits[path] == hits_at_kill[path] == 1, path
            else:
                assert farm.hits[path] <= 2, path
    finally:
        farm.stop()
