"""``make bench``: every stage at three sizes, end to end, latency, API, and the peers, in one run.

Writes ``bench/out/results.json`` (every figure), copies it to
``bench/results.json``, draws ``bench/plots/*.png`` and renders
``bench/RESULTS.md`` (the tables plus the hand-written notes in
``bench/NOTES.md``).  Each step runs in its own process (:mod:`bench.stages`)
so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .corpus import REPO, labelled_sets, load_pool, resample, with_query, write_jsonl
from .pages import build_pages, write_pages
from .scaling import growth_exponent, tail_exponent

BENCH = REPO / "bench"
STAGES = ("ingest", "enrich", "dedup", "stories", "trends")
#: Dev sentences per language for the entity peers (the first ones of each dev file).
ENTITY_SENTENCES = 1000
TARGETS = {"end_to_end_articles_per_second": 300, "peak_rss_mib": 2048, "growth_exponent": 1.1, "api_p95_ms": 200,
           "story_placement_articles_per_second": 800}


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", flush=True)


def step(name: str, out_dir: Path, **options: Any) -> dict[str, Any]:
    """Run one step in a fresh interpreter and return its figures."""
    result_path = out_dir / f"{name}-{options.pop('tag', 'x')}.json"
    command = [sys.executable, "-m", "bench.stages", name, "--out", str(result_path)]
    for key, value in options.items():
        command += [f"--{key}", str(value)]
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        log(f"{name} failed:\n{completed.stderr[-3000:]}")
        return {"error": completed.stderr.strip().splitlines()[-1] if completed.stderr.strip() else "failed"}
    result: dict[str, Any] = json.loads(result_path.read_text(encoding="utf-8"))
    result["wall_seconds"] = round(time.perf_counter() - started, 2)
    return result


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run_sizes(sizes: list[int], pool: Any, out: Path, enrich_max: int) -> dict[str, Any]:
    """Every stage at each size; above ``enrich_max`` only the stages that need no enrichment."""
    per_size: dict[str, Any] = {}
    for size in sizes:
        log(f"size {size}: writing input")
        input_path = write_jsonl(resample(pool, size), out / f"input-{size}.jsonl")
        db = out / f"store-{size}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        figures: dict[str, Any] = {}
        names = ["ingest", "dedup"] + (["enrich", "stories", "trends"] if size <= enrich_max else [])
        for name in names:
            log(f"size {size}: {name}")
            figures[name] = step(name, out, tag=size, db=db, input=input_path)
            log(f"size {size}: {name} -> {_brief(figures[name])}")
        if size > enrich_max:
            figures["skipped"] = (f"enrich, stories, trends and end to end not run at {size:,}: "
                                  f"enrichment above {enrich_max:,} articles does not fit the time budget")
        else:
            figures["end_to_end"] = _end_to_end(size, figures)
        per_size[str(size)] = figures
    return per_size


def _brief(figures: dict[str, Any]) -> str:
    if "error" in figures:
        return f"ERROR {figures['error']}"
    return (f"{figures.get('articles', '?')} articles, {figures.get('seconds', 0):.2f}s, "
            f"{figures.get('articles_per_second', 0)}/s, {figures.get('peak_rss_mib', 0)} MiB")


def _end_to_end(size: int, figures: dict[str, Any]) -> dict[str, Any]:
    """The stages in sequence: ingest + enrich (with dedup) + stories + trends."""
    parts = [figures.get(n, {}) for n in ("ingest", "enrich", "stories", "trends")]
    if any("error" in p or "seconds" not in p for p in parts):
        return {"error": "a stage failed"}
    seconds = (parts[0]["seconds"] + parts[1]["with_dedup_seconds"] + parts[2]["seconds"] + parts[3]["seconds"])
    return {"articles": size, "seconds": round(seconds, 3), "articles_per_second": round(size / seconds, 1),
            "peak_rss_mib": max(p["peak_rss_mib"] for p in parts),
            "articles_per_day": round(size / seconds * 86400)}


def scaling(per_size: dict[str, Any]) -> dict[str, Any]:
    sizes = sorted(int(s) for s in per_size)
    out = {}
    for stage in (*STAGES, "end_to_end"):
        points = [(n, per_size[str(n)].get(stage, {}).get("seconds")) for n in sizes]
        points = [(n, t) for n, t in points if isinstance(t, int | float) and t > 0]
        ns, ts = [n for n, _ in points], [t for _, t in points]
        fit = growth_exponent(ns, ts)
        tail = tail_exponent(ns, ts)
        out[stage] = {"sizes": ns, "seconds": ts, "exponent": round(fit, 3) if fit is not None else None,
                      "tail_exponent": round(tail, 3) if tail is not None else None}
    return out


#: Story clustering on each labelled set: newsradar (default, and with the offline MiniLM model) beside
#: a single-pass TF-IDF baseline tuned on the development headlines, agglomerative TF-IDF told the gold
#: number of stories, and BERTopic.
CLUSTER_METHODS = ("newsradar", "newsradar-embeddings", "tfidf-single-pass", "tfidf-agglomerative", "bertopic")
AGGLOMERATIVE_MAX = 10_000
#: The sentence-model runs (newsradar with embeddings, BERTopic) stop at 10k headlines: a run that went on
#: to embed the 50k window ended the whole benchmark without a report, so they are not run there.
EMBEDDING_MAX = 10_000


def run_peers(pool: Any, out: Path, mid_input: Path | None, mid_db: Path | None, pages: int,
              corpora: str | None = None) -> dict[str, Any]:
    peers: dict[str, Any] = {}
    log(f"extraction: {pages} pages, newsradar vs trafilatura")
    page_path = write_pages(build_pages(pool.records, pages), out / "pages.json")
    peers["extract"] = {"newsradar": step("extract-ours", out, tag="pages", input=page_path),
                        "trafilatura": step("extract-peer", out, tag="pages", input=page_path)}
    if mid_input is not None and mid_db is not None:
        log(f"near-duplicates: datasketch MinHashLSH on {mid_input.name}")
        peers["dedup"] = {"datasketch": step("dedup-peer", out, tag=mid_input.stem, input=mid_input),
                          "newsradar_quality": step("dedup-ours", out, tag=mid_input.stem, input=mid_input,
                                                    db=mid_db)}
    peers["entities"] = {}
    for lang in ("en", "vi", "ko", "zh"):
        methods = ("models", "rules", "underthesea") if lang == "vi" else ("models", "rules")
        for method in methods:
            figures = step("entities", out, tag=f"{lang}-{method}", input=lang, method=method,
                           repeat=ENTITY_SENTENCES)
            peers["entities"][f"{lang} {method}"] = figures
            log(f"entities: {lang} {method} -> F1 {figures.get('f1')}, "
                f"{figures.get('sentences_per_second')} sentences/s")
    sets = labelled_sets(Path(corpora) if corpora else None)
    paths = {name: write_jsonl(records, out / f"labelled-{name}.jsonl") for name, records in sets.items() if records}
    tune = next(iter(paths.values()), None)  # the smallest set: the development headlines
    peers["clustering"] = {}
    for name, path in paths.items():
        results: dict[str, Any] = {}
        for method in CLUSTER_METHODS:
            if method == "tfidf-agglomerative" and len(sets[name]) > AGGLOMERATIVE_MAX:
                continue  # a dense distance matrix of 50k headlines is 20 GB
            if method in ("newsradar-embeddings", "bertopic") and len(sets[name]) > EMBEDDING_MAX:
                continue
            log(f"clustering: {method} on {name} ({len(sets[name])} labelled headlines)")
            results[method] = step("cluster", out, tag=f"{name}-{method}", input=path, method=method, tune=tune)
            log(f"clustering: {method} -> {_brief(results[method])}")
        peers["clustering"][name] = results
    return peers


def held_out(pool: Any, count: int) -> list[dict[str, Any]]:
    """Articles the stores have not seen: fresh draws with their own ids, arriving now (no date)."""
    records = resample(pool, count, seed=99)
    return [{**r, "id": f"{r.get('id')}~late{i}", "published": None,
             "url": with_query(r["url"], f"late={i}") if r.get("url") else None}
            for i, r in enumerate(records)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--enrich-max", type=int, default=100000,
                        help="largest size that is enriched, clustered and trended (the rest: ingest and dedup); "
                             "10000 gives a quicker run")
    parser.add_argument("--latency-articles", type=int, default=100)
    parser.add_argument("--latency-batch", type=int, default=20)
    parser.add_argument("--api-repeat", type=int, default=20)
    parser.add_argument("--today-clients", type=int, default=20, help="concurrent clients of the Today page bench")
    parser.add_argument("--out", default=str(BENCH / "out"))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-plots", action="store_true", help="skip the PNG plots (matplotlib not needed)")
    parser.add_argument("--corpora", default=None, help="folder of JSONL corpora (default ../shared/corpora)")
    parser.add_argument("--publish", action="store_true", help="copy results, plots and RESULTS.md into bench/")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    pool = load_pool(Path(args.corpora) if args.corpora else None)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    log(f"pool: {len(pool.records)} records from {pool.origin}; sizes {sizes}; load {load_average()}")
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "memory_gib": _memory_gib()},
        "load_average_start": load_average(),
        "input": {"origin": pool.origin, "files": pool.files, "pool_records": len(pool.records), "sizes": sizes},
        "targets": TARGETS,
        "git_commit": _git_commit(),
    }
    results["sizes"] = run_sizes(sizes, pool, out, args.enrich_max)
    results["scaling"] = scaling(results["sizes"])
    full = max(n for n in sizes if n <= args.enrich_max)
    full_db = out / f"store-{full}.db"
    if not args.no_peers:
        results["peers"] = run_peers(pool, out, out / f"input-{full}.jsonl", full_db, args.pages, args.corpora)
    log(f"API on the {full}-article store")
    results["api"] = step("api", out, tag=full, db=full_db, repeat=args.api_repeat)
    log(f"api -> {results['api'].get('overall')}")
    log(f"Today page under {args.today_clients} concurrent clients on the {full}-article store")
    results["today"] = {method: step("today", out, tag=f"{full}-{method}", db=full_db, batch=args.today_clients,
                                     repeat=10, method=method) for method in ("newsradar", "no-cache")}
    log(f"today -> {results['today']['newsradar'].get('overall')} vs {results['today']['no-cache'].get('overall')}")
    log(f"outlet and mirror views under {args.today_clients} concurrent clients on the {full}-article store")
    results["outlets"] = {method: step("today", out, tag=f"{full}-outlets-{method}", db=full_db,
                                       batch=args.today_clients, repeat=10, method=method, routes="outlets")
                          for method in ("newsradar", "no-cache")}
    log(f"outlets -> {results['outlets']['newsradar'].get('overall')}")
    largest = max(sizes)
    if largest > full:
        log(f"API article queries on the {largest}-article store")
        results["api_articles_largest"] = step("api", out, tag=largest, db=out / f"store-{largest}.db",
                                               repeat=args.api_repeat, method="articles")
        log(f"api -> {results['api_articles_largest'].get('overall')}")
    log(f"latency on the {full}-article store")
    late = write_jsonl(held_out(pool, args.latency_articles), out / "late.jsonl")
    results["latency"] = step("latency", out, tag=full, db=full_db, input=late, batch=args.latency_batch)
    log(f"latency -> {results['latency'].get('to_story')} / {results['latency'].get('to_trend')}")
    results["load_average_end"] = load_average()
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["verdicts"] = verdicts(results)
    (out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    from .report import render

    plots: list[Path] = []
    if not args.no_plots:
        from .plots import draw

        plots = draw(results, out / "plots")
    (out / "RESULTS.md").write_text(render(results, BENCH / "NOTES.md"), encoding="utf-8")
    if args.publish:
        shutil.copy(out / "results.json", BENCH / "results.json")
        shutil.copy(out / "RESULTS.md", BENCH / "RESULTS.md")
        (BENCH / "plots").mkdir(exist_ok=True)
        for plot in plots:
            shutil.copy(plot, BENCH / "plots" / plot.name)
    log(f"done in {results['total_seconds']} s; load {results['load_average_end']}")
    return 0


def verdicts(results: dict[str, Any]) -> dict[str, Any]:
    """Each target of the issue, met or missed, with the figure that decides it."""
    sizes = results["sizes"]
    full = str(max((int(s) for s, f in sizes.items() if "end_to_end" in f), default=0))
    e2e = sizes.get(full, {}).get("end_to_end", {})
    peak = max((f.get("peak_rss_mib", 0) for fs in sizes.values() for f in fs.values() if isinstance(f, dict)),
               default=0)
    exps = {s: v["exponent"] for s, v in results["scaling"].items() if v["exponent"] is not None}
    api_p95 = results.get("api", {}).get("overall", {}).get("p95_ms")
    worst_api = {**results.get("api", {}).get("queries", {}),
                 **results.get("api_articles_largest", {}).get("queries", {})}
    worst_p95 = max((q["p95_ms"] for q in worst_api.values()), default=None)
    stories = sizes.get(full, {}).get("stories", {})
    placement = stories.get("articles_per_second") or 0
    tail = results["scaling"].get("stories", {}).get("tail_exponent")
    return {
        "end_to_end_articles_per_second": {"value": e2e.get("articles_per_second"), "at": int(full),
                                           "met": (e2e.get("articles_per_second") or 0) >= 300},
        "peak_rss_mib": {"value": peak, "met": 0 < peak < 2048},
        "growth_exponent": {"value": exps, "met": all(v is not None and v <= 1.1 for v in exps.values())},
        "api_p95_ms": {"value": api_p95, "worst_query_p95_ms": worst_p95,
                       "met": worst_p95 is not None and worst_p95 < 200},
        # Placement with cross-lingual linking at the largest size, with its cost per article flat: the
        # stories stage's exponent over the last step (10k -> 100k), where fixed start-up costs no longer
        # flatter it, at most 1.05.
        "story_placement_articles_per_second": {
            "value": placement, "at": int(full), "exponent": tail,
            "met": placement >= 800 and tail is not None and tail <= 1.05},
    }


def _memory_gib() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None
    return None


def _git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


if __name__ == "__main__":
    raise SystemExit(main())
