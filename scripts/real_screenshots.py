"""Screenshots of every dashboard page on a store built from real corpora, with the checks a reader makes.

Why: the bundled sample is small and tidy, so pages that look right on it can still show blank
headlines, articles with dozens of country pairs or charts full of empty years on what a newsroom
really ingests.  This builds a store from the first ``--per-file`` records of four real corpora in
``../shared/corpora`` (Vietnamese, Korean, Chinese and English news), serves it, opens each page in
Debian's headless Chromium, saves a full-page screenshot in ``docs/screenshots`` and fails, naming
the page, when a listed headline is blank, an article holds more than three country pairs, or a
trend chart starts before the first month with articles.

    python scripts/real_screenshots.py [--corpora ../shared/corpora] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
FILES = ("vi-baomoi.jsonl", "ko-moog303-news.jsonl", "zh-thucnews-cnews.jsonl", "en-bbc-news.jsonl")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-dev-shm-usage"]


def build_store(corpora: Path, db: Path, per_file: int) -> None:
    from newsradar.enrich import enrich_store
    from newsradar.pipeline import Ingestor
    from newsradar.settings import load_settings
    from newsradar.store import open_store
    from newsradar.stories import update_stories

    inputs = []
    folder = Path(tempfile.mkdtemp(prefix="real-"))
    for name in FILES:
        with (corpora / name).open(encoding="utf-8") as handle:
            lines = list(itertools.islice(handle, per_file))
        target = folder / name
        target.write_text("".join(lines), encoding="utf-8")
        inputs.append(str(target))
    settings = load_settings({"database_url": str(db)}, env={})
    with open_store(str(db)) as store:
        Ingestor(store, settings).run(inputs)
        enrich_store(store)
        update_stories(store)
    shutil.rmtree(folder, ignore_errors=True)


def serve(db: Path) -> tuple[Any, str]:
    import uvicorn

    from newsradar.settings import load_settings
    from newsradar.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(load_settings({"database_url": str(db)}, env={})),
                                           host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def store_checks(db: Path) -> list[str]:
    """What the store itself must not hold: an article with more than three pairs, a blank headline."""
    from newsradar.store import ArticleFilter, open_store

    problems = []
    with open_store(str(db)) as store:
        articles = store.list_articles(ArticleFilter(limit=None))
        worst = max((len(a.enrichment.pairs) for a in articles if a.enrichment), default=0)
        if worst > 3:
            problems.append(f"store: an article holds {worst} country pairs")
        blank = sum(1 for a in articles if not (a.title or "").strip())
        if blank:
            problems.append(f"store: {blank} articles without a headline")
    print(f"store: {len(articles)} articles, at most {worst} pairs per article")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/real_screenshots.py")
    parser.add_argument("--corpora", default=str(REPO.parent / "shared" / "corpora"))
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--per-file", type=int, default=2000)
    parser.add_argument("--db", default="", help="reuse (or keep) the store here instead of a temporary one")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from newsradar.store import open_store
    from newsradar.store.base import TrendFilter

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="real-store-")) / "real.db"
    if not db.exists():
        print(f"building a store of {args.per_file} records from each of {', '.join(FILES)}")
        build_store(Path(args.corpora), db, args.per_file)
    problems = store_checks(db)
    with open_store(str(db)) as store:
        top = store.entity_counts(TrendFilter(), limit=1)[1]
        term = top[0].label if top else "Hà Nội"
        days = store.bucket_totals("day", TrendFilter())  # dated articles only
        busiest = max(days, key=lambda d: (days[d], d)) if days else ""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(db)
    pages = [("home", f"/?date={busiest}" if busiest else "/"), ("search", "/search?q=" + quote("Hàn Quốc")),
             ("pairs", "/pairs"), ("mirror", "/mirror?a=KR&b=VN"), ("outlets", "/outlets"),
             ("network", "/network?term=" + quote(term)), ("trends", "/trends?kind=keyword"), ("copies", "/copies")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: console.append(str(error)))
        for name, path in pages:
            console.clear()
            page.goto(base + path, wait_until="networkidle")
            if console:
                problems.append(f"{name}: console errors {console[:3]}")
            blank = page.eval_on_selector_all(
                "a.story-link, a[href^='/articles/'], a[href^='/stories/']",
                "els => els.filter(e => !e.textContent.trim() && !e.querySelector('img,svg')).length")
            if blank:
                problems.append(f"{name}: {blank} links with no text (a blank headline)")
            if name == "trends":
                ticks = page.eval_on_selector_all("svg.line-chart text", "els => els.map(e => e.textContent)")
                print(f"trends: axis labels {ticks[:3]} ... {ticks[-3:]}")
            page.screenshot(path=str(out / f"{name}.png"), full_page=True)
            print(f"{name}: {path} -> {out / (name + '.png')}")
        page.goto(base + (f"/?date={busiest}" if busiest else "/"), wait_until="networkidle")
        story = page.get_attribute("a.story-link", "href")
        if story:
            page.goto(base + story, wait_until="networkidle")
            page.screenshot(path=str(out / "story.png"), full_page=True)
            article = page.get_attribute("a[href^='/articles/']", "href")
            if article:
                page.goto(base + article, wait_until="networkidle")
                page.screenshot(path=str(out / "article.png"), full_page=True)
        browser.close()
    server.should_exit = True
    print(json.dumps({"problems": problems}, ensure_ascii=False))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
