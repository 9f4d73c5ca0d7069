"""RESULTS.md from the figures of one run, plus the hand-written notes (hot spots, fixes, deviations)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .plots import STAGE_LABELS


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _ratio(ours: Any, peer: Any) -> str:
    if not isinstance(ours, int | float) or not isinstance(peer, int | float) or not peer:
        return "–"
    return f"{ours / peer:.2f}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header)))
             + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render(results: dict[str, Any], notes: Path | None = None) -> str:
    lines: list[str] = ["# newsradar benchmark results", ""]
    m = results.get("machine", {})
    lines += [
        f"Run of {results.get('date')} at commit `{results.get('git_commit')}` on {m.get('cpus')} CPUs, "
        f"{m.get('memory_gib')} GiB, Python {m.get('python')}; load average (1, 5, 15 min) "
        f"{results.get('load_average_start')} at the start and {results.get('load_average_end')} at the end "
        "(the machine is shared, so timings are noisy); whole run "
        f"{_num(results.get('total_seconds'))} s. Input: {results['input']['origin']} "
        f"({_num(results['input']['pool_records'])} records, resampled with replacement to "
        f"{', '.join(_num(s) for s in results['input']['sizes'])} articles). Every figure is in "
        "[results.json](results.json); plots in [plots/](plots/). Reproduce with `make bench`.",
        "",
        "## Targets",
        "",
    ]
    v = results.get("verdicts", {})
    e2e = v.get("end_to_end_articles_per_second", {})
    rss = v.get("peak_rss_mib", {})
    grow = v.get("growth_exponent", {})
    api = v.get("api_p95_ms", {})
    place = v.get("story_placement_articles_per_second", {})
    largest = max(int(s) for s in results["sizes"])
    full = int(e2e.get("at") or largest)
    scaling_sizes = {k: v.get("sizes", []) for k, v in results.get("scaling", {}).items()}
    rows = [
        ["end to end ≥ 300 articles/s", f"{_num(e2e.get('value'))} articles/s at {full:,}",
         "met" if e2e.get("met") else "**missed**"],
        ["peak memory < 2 GiB", f"{_num(rss.get('value'))} MiB (any step, any size)",
         "met" if rss.get("met") else "**missed**"],
        ["growth exponent ≤ 1.1 for every stage",
         ", ".join(f"{STAGE_LABELS.get(k, k)} {_num(x, 2)} ({len(scaling_sizes.get(k, []))} sizes)"
                   for k, x in (grow.get("value") or {}).items()),
         ("met" if grow.get("met") else "**missed**") + (
             "; **not shown** for stages fitted on two sizes only, whose small point carries fixed costs"
             if any(len(v) < 3 for v in scaling_sizes.values()) else "")],
        ["story placement ≥ 800 articles/s, cost per article flat (last-step growth exponent ≤ 1.05)",
         f"{_num(place.get('value'))} articles/s at {int(place.get('at') or full):,}; "
         f"last-step exponent {_num(place.get('exponent'), 2)}",
         "met" if place.get("met") else "**missed**"],
        ["API p95 < 200 ms",
         f"all queries {_num(api.get('value'))} ms; slowest query {_num(api.get('worst_query_p95_ms'))} ms",
         "met" if api.get("met") else "**missed**"],
    ]
    lines += [*_table(["target", "measured", "verdict"], rows), ""]

    lines += ["## Stages", "",
              "Each stage runs in its own process on the store the previous one filled; seconds exclude "
              "interpreter start-up and, for enrichment, model loading (reported apart). Dedup (wire copies) runs "
              "as its own step right after ingest (enrichment repeats it, idempotently; its share of the enrich "
              "step is subtracted there). End to end = ingest + enrich (with its copy detection) + stories + "
              "trends.", ""]
    rows = []
    scaling = results.get("scaling", {})
    for stage, label in STAGE_LABELS.items():
        for size in sorted(results["sizes"], key=int):
            f = results["sizes"][size].get(stage, {})
            rows.append([label, _num(int(size)), _num(f.get("articles_per_second")), _num(f.get("seconds"), 2),
                         _num(f.get("peak_rss_mib")), f.get("error", "")])
        s = scaling.get(stage, {})
        rows.append([f"{label}: growth exponent", "", "", f"fit {_num(s.get('exponent'), 2)}",
                     f"last step {_num(s.get('tail_exponent'), 2)}", ""])
    lines += [*_table(["stage", "articles", "articles/s", "seconds", "peak MiB", "note"], rows), ""]

    lines += ["### Enrichment by language", ""]
    rows = []
    for size in sorted(results["sizes"], key=int):
        enrich = results["sizes"][size].get("enrich", {})
        for lang, f in (enrich.get("languages") or {}).items():
            rows.append([_num(int(size)), lang, _num(f["articles"]), _num(f["articles_per_second"]),
                         _num(f["seconds"], 2)])
        if enrich.get("model_load_seconds") is not None:
            rows.append([_num(int(size)), "(model loading)", "", "", _num(enrich["model_load_seconds"], 2)])
    lines += [*_table(["articles", "language", "articles", "articles/s", "seconds"], rows), ""]

    with_stories = [s for s, f in results["sizes"].items() if "stories" in f]
    lexicons = (results["sizes"][max(with_stories, key=int)]["stories"].get("lexicons") or {}) if with_stories else {}
    if lexicons.get("tables"):
        lines += ["### Cross-lingual lexicons (memory)", "",
                  "Resident memory each glossing table adds when the story features load it, measured in a fresh "
                  "process by the stories step (`python -m bench.stages lexicons`).", ""]
        rows = [[name, _num(t.get("entries")) if t.get("entries") is not None else "", _num(t.get("rss_mib"))]
                for name, t in lexicons["tables"].items()]
        rows.append(["total", "", _num(lexicons.get("rss_mib"))])
        lines += [*_table(["table", "entries", "MiB"], rows), ""]

    lat = results.get("latency", {})
    if lat and "error" not in lat:
        lines += ["## Latency: arrival to story and to trend", "",
                  f"{lat['articles']} new articles arrive in batches of {lat['batch_size']} on the "
                  f"{full:,}-article store; each batch is ingested, enriched and placed in stories (to story), then "
                  "the day's keyword series for the batch's newest keyword is read (to trend). "
                  f"{lat['placed_in_story']} of {lat['articles']} articles were in a story afterwards.",
                  ""]
        lines += [*_table(["from arrival to", "p50 ms", "p95 ms", "max ms"], [
            ["its story", _num(lat["to_story"]["p50_ms"]), _num(lat["to_story"]["p95_ms"]),
             _num(lat["to_story"]["max_ms"])],
            ["the trends", _num(lat["to_trend"]["p50_ms"]), _num(lat["to_trend"]["p95_ms"]),
             _num(lat["to_trend"]["max_ms"])],
        ]), ""]
        before = results.get("latency_before_fix")
        if lat.get("note") and before:
            lines += [f"Note: {lat['note']}. In the run itself, before the fix: to story "
                      f"{_num(before['to_story']['p50_ms'])} ms p50 / {_num(before['to_story']['p95_ms'])} ms p95, "
                      f"to trend {_num(before['to_trend']['p50_ms'])} / {_num(before['to_trend']['p95_ms'])} ms.", ""]
    apis = results.get("api", {})
    if apis and "error" not in apis:
        lines += ["## API queries", "",
                  "In process (FastAPI TestClient, so no network), each query once to warm up then repeated; "
                  f"every query on the enriched {full:,}-article store"
                  + (f", and the article queries also on the {largest:,}-article store (ingested and "
                     "de-duplicated, not enriched)." if results.get("api_articles_largest") else "."), ""]
        rows = [[f"`{q}`", _num(apis.get("store_articles")), _num(f["p50_ms"]), _num(f["p95_ms"]),
                 str(f.get("status"))] for q, f in apis["queries"].items()]
        big = results.get("api_articles_largest", {})
        rows += [[f"`{q}`", _num(big.get("store_articles")), _num(f["p50_ms"]), _num(f["p95_ms"]),
                  str(f.get("status"))] for q, f in big.get("queries", {}).items()]
        lines += [*_table(["query", "store articles", "p50 ms", "p95 ms", "status"], rows), ""]
    lines += today_section(results.get("today", {}))
    lines += today_section(results.get("outlets", {}), "Outlets and mirror under concurrent clients")

    peers = results.get("peers", {})
    if peers:
        lines += ["## Side by side with peers", "", "Ratios are ours / peer (time: below 1 is faster; "
                  "memory: below 1 is smaller; quality: above 1 is better).", ""]
        ex = peers.get("extract", {})
        if ex:
            ours, peer = ex.get("newsradar", {}), ex.get("trafilatura", {})
            lines += ["### Extraction (HTML pages of real articles)", ""]
            lines += [*_table(["tool", "pages", "pages/s", "peak MiB", "body F1", "failed"], [
                [name, _num(f.get("articles")), _num(f.get("articles_per_second")), _num(f.get("peak_rss_mib")),
                 _num(f.get("body_f1"), 3), _num(f.get("failed"))] for name, f in ex.items() if isinstance(f, dict)
            ] + [["ratio", "", _ratio(peer.get("seconds"), ours.get("seconds")) + " (speed)",
                  _ratio(ours.get("peak_rss_mib"), peer.get("peak_rss_mib")),
                  _ratio(ours.get("body_f1"), peer.get("body_f1")), ""]]), ""]
            if ex.get("note"):
                lines += [f"Note: {ex['note']}.", ""]
        dd = peers.get("dedup", {})
        if dd:
            mid = str(full)
            ours_time = results["sizes"].get(mid, {}).get("dedup", {})
            q = dd.get("newsradar_quality", {})
            p = dd.get("datasketch", {})
            lines += [f"### Near-duplicates ({int(mid):,} articles)", "",
                      "Recall on re-draws: a record drawn twice by the resampler is an exact copy; the share of "
                      "second draws (long enough to sign) put in one group with their original. Flagged: articles "
                      "found to copy an earlier one." + (f" Note: {dd['note']}." if dd.get("note") else ""), ""]
            lines += [*_table(["tool", "articles/s", "seconds", "peak MiB", "flagged", "recall on re-draws"], [
                ["newsradar (store-backed LSH, incremental)", _num(ours_time.get("articles_per_second")),
                 _num(ours_time.get("seconds"), 2), _num(ours_time.get("peak_rss_mib")), _num(q.get("flagged")),
                 _num(q.get("redraw_recall"), 3)],
                ["datasketch MinHashLSH (in memory)", _num(p.get("articles_per_second")), _num(p.get("seconds"), 2),
                 _num(p.get("peak_rss_mib")), _num(p.get("flagged")), _num(p.get("redraw_recall"), 3)],
                ["ratio", "", _ratio(ours_time.get("seconds"), p.get("seconds")),
                 _ratio(ours_time.get("peak_rss_mib"), p.get("peak_rss_mib")), "",
                 _ratio(q.get("redraw_recall"), p.get("redraw_recall"))],
            ]), ""]
        ents = peers.get("entities", {})
        if ents:
            lines += ["### Entities (dev sentences, exact PER/ORG/LOC spans, countries as places)", ""]
            rows = []
            for name, f in ents.items():
                lang = name.split()[0]
                ours = ents.get(f"{lang} models", {})
                rows.append([name, _num(f.get("sentences")), _num(f.get("precision"), 3), _num(f.get("recall"), 3),
                             _num(f.get("f1"), 3), _num(f.get("sentences_per_second")),
                             "" if name.endswith("models") else
                             f"F1 {_ratio(ours.get('f1'), f.get('f1'))}, "
                             f"speed {_ratio(ours.get('sentences_per_second'), f.get('sentences_per_second'))}",
                             f.get("error", "")])
            lines += [*_table(["recogniser", "sentences", "P", "R", "F1", "sentences/s", "models / this", "error"],
                              rows), ""]
            lines += ["`models` is newsradar's entity stage with the shipped CRFs, `rules` the rule-based recogniser "
                      "it replaced; `underthesea` is that toolkit's Vietnamese CRF `ner`, a peer only. Times include "
                      "segmenting each sentence.", ""]
        cl = peers.get("clustering", {})
        # Results before the windows were added hold one set's tools directly.
        sets = {"uci-3k": cl} if cl and "newsradar" in cl else cl
        for set_name, tools in sets.items():
            ours = tools.get("newsradar", {})
            lines += [f"### Story clustering ({set_name}, labelled headlines)", ""]
            rows = []
            for name, f in tools.items():
                b = f.get("bcubed", {})
                rows.append([name, _num(f.get("articles")), _num(f.get("seconds"), 2), _num(f.get("peak_rss_mib")),
                             _num(f.get("clusters")), _num(b.get("precision"), 3), _num(b.get("recall"), 3),
                             _num(b.get("f1"), 3),
                             "" if name == "newsradar" else
                             f"time {_ratio(ours.get('seconds'), f.get('seconds'))}, "
                             f"memory {_ratio(ours.get('peak_rss_mib'), f.get('peak_rss_mib'))}, "
                             f"F1 {_ratio(ours.get('bcubed', {}).get('f1'), b.get('f1'))}",
                             f.get("error", "")])
            lines += [*_table(["tool", "headlines", "seconds", "peak MiB", "clusters", "BCubed P", "BCubed R",
                             "BCubed F1", "ours / this", "error"], rows), ""]
        if sets:
            lines += ["newsradar's time includes its whole pipeline (ingest, enrich, cluster); with embeddings and "
                      "BERTopic's, loading the model and embedding; the single-pass TF-IDF baseline's threshold is "
                      "chosen on the 3k development headlines and used unchanged; the agglomerative TF-IDF baseline "
                      "is told the gold number of stories, which no live system knows (not run past 10k headlines: "
                      "its distance matrix would not fit); the sentence-model runs stop at 10k as well.", ""]
    lines += ["## Plots", "", "![time](plots/time.png)", "", "![throughput](plots/throughput.png)", "",
              "![memory](plots/memory.png)", ""]
    if notes is not None and notes.is_file():
        lines += [notes.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(lines)


def today_section(today: dict[str, Any], title: str = "Today page under concurrent clients") -> list[str]:
    """Routes (the Today page and ranking/rising, or the outlet and mirror views) under concurrent clients,
    with and without the view cache."""
    ours, peer = today.get("newsradar", {}), today.get("no-cache", {})
    if not ours or "error" in ours:
        return []
    lines = [f"## {title}", "",
             f"A real uvicorn server on the {_num(ours.get('store_articles'))}-article store, "
             f"{ours.get('clients')} client threads asking the routes in turn; \"first\" is the first answer "
             "(as right after a write), the percentiles the requests after it. Peer: the same server computing "
             "every view (no view cache)." + (f" {today['note']}" if today.get("note") else ""), ""]
    rows = []
    for route, f in ours.get("routes", {}).items():
        g = peer.get("routes", {}).get(route, {})
        ratio = f["p95_ms"] / g["p95_ms"] if g.get("p95_ms") else None
        rows.append([f"`{route}`", _num(f.get("first_ms")), _num(f["p50_ms"]), _num(f["p95_ms"]),
                     _num(g.get("p50_ms")), _num(g.get("p95_ms")), f"{ratio:.3f}" if ratio else "-"])
    o, q = ours.get("overall", {}), peer.get("overall", {})
    rows.append(["all", "", _num(o.get("p50_ms")), _num(o.get("p95_ms")), _num(q.get("p50_ms")),
                 _num(q.get("p95_ms")), f"{o['p95_ms'] / q['p95_ms']:.3f}" if q.get("p95_ms") else "-"])
    return [*lines, *_table(["route", "first ms", "p50 ms", "p95 ms", "peer p50 ms", "peer p95 ms",
                             "p95 ours / peer"], rows), ""]
