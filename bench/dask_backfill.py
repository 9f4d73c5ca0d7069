"""Articles per second of a backfill: the local engine against the Dask engine on the same input.

    .venv/bin/python -m bench.dask_backfill [--per-corpus 500] [--workers 2]

Takes the first N records of several corpora in ../shared/corpora (Vietnamese,
Korean, Chinese and English full texts), writes them to one JSONL file in a
temporary folder, and runs both engines from reading to stories into fresh
stores: the local engine as ``ingest`` + ``enrich`` (which places stories),
the Dask engine as ``ingest --engine dask`` on a local cluster.  Both start
warm: the segmenters and models are loaded first (in this process, and once
in each worker), and that cost is printed apart, as is the cluster start-up.
Wall time depends on what else the machine runs; CPU time per article does not.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import UTC
from pathlib import Path

from newsradar.dask.engine import DaskCluster, DaskIngestor
from newsradar.dask.worker import run_partition
from newsradar.enrich import Enricher, enrich_store
from newsradar.extract import extract_article
from newsradar.model import RawDocument
from newsradar.pipeline import Ingestor
from newsradar.settings import load_settings
from newsradar.store import open_store
from newsradar.stories import update_stories

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
FILES = ("vi-baomoi.jsonl", "ko-moog303-news.jsonl", "zh-thucnews-cnews.jsonl", "en-bbc-news.jsonl")


def build_input(folder: Path, per_corpus: int) -> tuple[Path, int]:
    out = folder / "backfill.jsonl"
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for name in FILES:
            with (CORPORA / name).open(encoding="utf-8") as source:
                for n, line in enumerate(source):
                    if n >= per_corpus:
                        break
                    handle.write(line)
                    count += 1
    return out, count


WARM_UP = [RawDocument(origin=f"warm-up-{lang}", kind="record", fields={"title": title, "text": title * 3})
           for lang, title in (("vi", "Bão số 9 đổ bộ vào Đà Nẵng. "), ("ko", "태풍이 다낭에 상륙했다. "),
                               ("zh", "台风在岘港登陆。"), ("en", "A typhoon made landfall in Da Nang. "))]


def _cpu_seconds() -> float:
    """User + system CPU time of the calling process (every thread)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-corpus", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-local", action="store_true")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        raise SystemExit(f"{CORPORA} not found: the shared corpora are needed for this benchmark")
    with tempfile.TemporaryDirectory(prefix="newsradar-bench-") as tmp:
        folder = Path(tmp)
        path, records = build_input(folder, args.per_corpus)
        print(f"input: {records} records from {len(FILES)} corpora")
        if not args.skip_local:
            settings = load_settings({"database_url": str(folder / "local.db")}, env={})
            with open_store(str(folder / "local.db")) as store:
                warm = _cpu_seconds()
                enricher = Enricher()
                for doc in WARM_UP:
                    enricher.process(extract_article(doc, default_tz=UTC))
                print(f"local: models loaded in {_cpu_seconds() - warm:.1f} CPU s")
                started, cpu = time.perf_counter(), _cpu_seconds()
                ingested = Ingestor(store, settings).run([str(path)])
                enrich_store(store, enricher=enricher)
                update_stories(store)
                elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
            print(f"local: {ingested.articles} articles in {elapsed:.1f} s = {ingested.articles / elapsed:.1f} "
                  f"articles/s (1 process), {cpu:.1f} CPU s = {1000 * cpu / ingested.articles:.0f} CPU ms/article")
        settings = load_settings({"database_url": str(folder / "dask.db")}, env={})
        started = time.perf_counter()
        with DaskCluster(workers=args.workers) as cluster, open_store(str(folder / "dask.db")) as store:
            startup = time.perf_counter() - started
            warm = cluster.client.run(_cpu_seconds)
            for address in warm:
                cluster.client.submit(run_partition, WARM_UP, "UTC", workers=[address], pure=False).result()
            loaded = sum(cluster.client.run(_cpu_seconds).values()) - sum(warm.values())
            print(f"dask: models loaded in {loaded:.1f} CPU s over {len(warm)} workers")
            workers_before = cluster.client.run(_cpu_seconds)
            client_cpu = _cpu_seconds()
            report = DaskIngestor(store, settings, cluster).run([str(path)])
            client_cpu = _cpu_seconds() - client_cpu
            workers_cpu = sum(cluster.client.run(_cpu_seconds).values()) - sum(workers_before.values())
        cpu = client_cpu + workers_cpu
        print(f"dask: {report.ingest.articles} articles in {report.elapsed:.1f} s = {report.rate:.1f} articles/s "
              f"on {report.workers} worker processes (+{startup:.1f} s cluster start-up), {cpu:.1f} CPU s "
              f"(workers {workers_cpu:.1f}, client {client_cpu:.1f}) = "
              f"{1000 * cpu / report.ingest.articles:.0f} CPU ms/article; "
              f"read+extract+enrich on workers {report.ingest.elapsed:.1f} s, keywords+copies "
              f"{report.enrich.elapsed:.1f} s, stories {report.stories.elapsed:.1f} s")


if __name__ == "__main__":
    main()
