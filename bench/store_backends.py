"""Time ingest, enrichment, story clustering and a few reads on one store, to compare the two backends.

    .venv/bin/python -m bench.store_backends DATABASE_URL INPUT... [--limit N] [--ingest-only]

The store should be empty (a fresh SQLite path or an empty PostgreSQL schema).
``--limit N`` ingests only the first N lines of each JSONL input (copied to a
temporary file), so a large corpus can be sampled.  Prints one line per stage
with articles per second.
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

from newsradar.enrich import enrich_store
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import ArticleFilter, Store, open_store
from newsradar.store.base import StoryFilter, TrendFilter
from newsradar.stories import update_stories


def _limited(paths: list[str], limit: int | None, folder: Path) -> list[str]:
    if limit is None:
        return paths
    out = []
    for path in paths:
        if path.endswith(".jsonl"):
            target = folder / Path(path).name
            with open(path, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
                dst.writelines(itertools.islice(src, limit))
            out.append(str(target))
        else:
            out.append(path)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--ingest-only", action="store_true", help="time the ingest and the reads only")
    args = parser.parse_args()
    settings = load_settings({"database_url": args.url}, env={})
    with tempfile.TemporaryDirectory() as tmp, open_store(args.url) as store:
        inputs = _limited(args.inputs, args.limit, Path(tmp))
        started = time.perf_counter()
        report = Ingestor(store, settings).run(inputs)
        ingest = time.perf_counter() - started
        n = store.count_articles(ArticleFilter(limit=None))
        print(f"ingest   {n:6d} articles {ingest:8.1f} s {n / ingest:8.1f} articles/s  ({report})")
        if args.ingest_only:
            _reads(store)
            return
        started = time.perf_counter()
        enriched = enrich_store(store)
        enrich = time.perf_counter() - started
        print(f"enrich   {enriched.articles:6d} articles {enrich:8.1f} s {enriched.articles / enrich:8.1f} articles/s")
        started = time.perf_counter()
        update_stories(store)
        cluster = time.perf_counter() - started
        print(f"stories  {n:6d} articles {cluster:8.1f} s {n / cluster:8.1f} articles/s")
        _reads(store)
        total = ingest + enrich + cluster
        print(f"total    {n:6d} articles {total:8.1f} s {n / total:8.1f} articles/s ingest+enrich+stories")


def _reads(store: Store) -> None:
    started = time.perf_counter()
    for word in ("the", "한국", "中国", "Việt", "bank -oil", "Hà Nội", "nonexistentword"):
        store.count_articles(ArticleFilter(query=word))
        store.list_articles(ArticleFilter(query=word, limit=20))
    store.list_stories(StoryFilter(limit=50))
    store.facet_counts("entity", "day", TrendFilter())
    store.entity_counts(TrendFilter(), limit=50)
    reads = time.perf_counter() - started
    print(f"reads    7 searches + listings, trends, entities {reads:8.2f} s")


if __name__ == "__main__":
    main()
