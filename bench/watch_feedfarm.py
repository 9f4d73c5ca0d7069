"""Articles per second of ``watch`` over a local feed farm.

Serves FEEDS RSS feeds of PER_FEED article pages each from local HTTP servers
(one per 127.0.0.x address, so each outlet is its own host), built from the
real corpora in ../shared/corpora when present (else the bundled sample), and
times one watch cycle on a fresh store:

* ``fetch+store``: polling, page fetches, extraction and batched writes only;
* ``full cycle``: the same plus enrichment, story clustering and alert checks.

Run:  .venv/bin/python -m bench.watch_feedfarm [--feeds 40] [--per-feed 10] [--host-delay 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.feedfarm import FeedFarm, build_farm, sample_records  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
FILES = ("en-bbc-news.jsonl", "vi-baomoi.jsonl", "ko-moog303-news.jsonl", "zh-thucnews-cnews.jsonl")


def corpus_records(limit: int) -> tuple[list[dict[str, object]], str]:
    if not all((CORPORA / name).exists() for name in FILES):
        return sample_records(), "bundled sample"
    per_file = limit // len(FILES) + 1
    records: list[dict[str, object]] = []
    for name in FILES:
        with (CORPORA / name).open(encoding="utf-8") as handle:
            taken = 0
            for line in handle:
                record = json.loads(line)
                if record.get("text") and len(str(record["text"])) > 200:
                    records.append(record)
                    taken += 1
                    if taken >= per_file:
                        break
    # interleave languages, as a real feed list would
    records.sort(key=lambda r: hash(str(r.get("id"))))
    return records, f"../shared/corpora ({', '.join(FILES)})"


def run(feeds: int, per_feed: int, host_delay: float, *, full: bool) -> tuple[float, int, float]:
    from newsradar.settings import load_settings
    from newsradar.store import open_store
    from newsradar.watch.runner import Watcher

    records, origin = corpus_records(feeds * per_feed)
    farms = [FeedFarm(host=f"127.0.0.{2 + n}") for n in range(feeds)]
    urls = []
    for n, farm in enumerate(farms):
        farm.start()
        urls += [url for _, url in build_farm(farm, records[n * per_feed:(n + 1) * per_feed] or records,
                                              feeds=1, per_feed=per_feed)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = load_settings({"database_url": f"{tmp}/bench.db", "watch_host_delay": str(host_delay)},
                                     env={})
            with open_store(settings.database_url) as store, Watcher(store, settings) as watcher:
                watcher.add_sources(urls)
                started = time.perf_counter()
                if full:
                    report = watcher.cycle()
                    new = report.poll.new
                else:
                    new = watcher.poller.poll().new
                elapsed = time.perf_counter() - started
    finally:
        for farm in farms:
            farm.stop()
    print(f"  {'full cycle' if full else 'fetch+store'}: {new} articles from {feeds} feeds on {feeds} hosts "
          f"({origin}), host delay {host_delay:g} s: {elapsed:.1f} s, {new / elapsed:.1f} articles/s")
    return elapsed, new, new / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feeds", type=int, default=40)
    parser.add_argument("--per-feed", type=int, default=10)
    parser.add_argument("--host-delay", type=float, default=1.0)
    args = parser.parse_args()
    run(args.feeds, args.per_feed, args.host_delay, full=False)
    run(args.feeds, args.per_feed, args.host_delay, full=True)


if __name__ == "__main__":
    main()
