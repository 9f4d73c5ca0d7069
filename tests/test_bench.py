"""The benchmark harness itself (never a timing): inputs, scores, fits, and one tiny run end to end."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from bench.corpus import Pool, load_pool, resample
from bench.pages import build_pages, overlap_f1
from bench.peers import _score, plain_shingles, redraw_recall
from bench.run import main as run_bench
from bench.scaling import growth_exponent, tail_exponent
from bench.stages import TreeMemory, percentiles


def test_bcubed_of_a_worked_example() -> None:
    # gold {1,2}{3,4}; predicted {1,2,3}{4}: P = (2/3+2/3+1/3+1)/4 = 2/3, R = (1+1+1/2+1/2)/4 = 3/4
    result = _score(["a", "a", "b", "b"], ["x", "x", "x", "y"], 1.0, {})
    assert result["bcubed"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["bcubed"]["recall"] == pytest.approx(3 / 4, abs=1e-4)
    assert result["bcubed"]["f1"] == pytest.approx(12 / 17, abs=1e-4)
    assert result["clusters"] == 2 and result["gold_stories"] == 2


def test_growth_exponent_recovers_known_powers() -> None:
    sizes = [1000, 10000, 100000]
    assert growth_exponent(sizes, [0.5 + 0 * n for n in sizes]) == pytest.approx(0.0)
    assert growth_exponent(sizes, [n * 2e-3 for n in sizes]) == pytest.approx(1.0)
    assert growth_exponent(sizes, [(n / 1000) ** 2 for n in sizes]) == pytest.approx(2.0)
    assert tail_exponent(sizes, [1.0, 10.0, 1000.0]) == pytest.approx(2.0)
    assert growth_exponent([1000], [1.0]) is None


def test_percentiles_are_nearest_rank() -> None:
    values = [i / 1000 for i in range(1, 101)]  # 1..100 ms
    p = percentiles(values)
    assert p["p50_ms"] == pytest.approx(50.0) and p["p95_ms"] == pytest.approx(95.0)
    assert p["max_ms"] == pytest.approx(100.0) and p["n"] == 100


def test_resample_makes_every_draw_a_distinct_article() -> None:
    pool = Pool([{"id": "a", "url": "http://x/1", "title": "t", "text": ""}, {"id": "b", "title": "u", "text": ""}],
                "test", [])
    drawn = resample(pool, 50, seed=3)
    assert len(drawn) == 50 and len({r["id"] for r in drawn}) == 50
    urls = [r["url"] for r in drawn if r.get("url")]
    assert len(urls) == len(set(urls))
    assert drawn == resample(pool, 50, seed=3)  # the same input on every run


def test_redraw_recall_counts_redraws_grouped_with_their_original() -> None:
    text = " ".join(f"word{i}" for i in range(40))
    records = [{"id": "a", "text": text}, {"id": "a~2", "text": text}, {"id": "b", "text": text},
               {"id": "b~2", "text": text}, {"id": "c~2", "text": "too short"}]
    assert redraw_recall(records, {"a": "g1", "a~2": "g1", "b": "g2", "b~2": "g3"}) == 0.5
    assert redraw_recall(records, {"a": None, "a~2": None}) == 0.0
    assert len(plain_shingles("中国 经济 增长")) > 0


def test_extraction_pages_keep_the_body_and_score_it() -> None:
    body = "First paragraph of the story.\nSecond paragraph with more detail about the event."
    pages = build_pages([{"id": "1", "title": "A headline", "text": body * 5, "lang": "en"}], 2)
    assert len(pages) == 2 and "Most read" in pages[0]["html"]
    assert overlap_f1(pages[0]["body"], pages[0]["body"]) == 1.0
    assert overlap_f1("one two three", "four five") == 0.0


@pytest.mark.slow
@pytest.mark.sqlite_only(reason="each benchmark step runs in a process of its own on SQLite files, whichever "
                                "store the suite is on, so a second run would repeat the first")
def test_tiny_run_writes_every_figure(tmp_path: Path) -> None:
    """The whole harness on the bundled sample (corpora folder absent): JSON fields, report, verdicts."""
    out = tmp_path / "out"
    assert load_pool(tmp_path / "no-corpora").origin == "sample"
    code = run_bench(["--corpora", str(tmp_path / "no-corpora"), "--sizes", "12,24,48", "--enrich-max", "24",
                      "--no-peers", "--no-plots", "--latency-articles", "4", "--latency-batch", "2",
                      "--api-repeat", "2", "--out", str(out)])
    assert code == 0
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["input"]["origin"] == "sample"
    for size in ("12", "24"):
        figures = results["sizes"][size]
        for stage in ("ingest", "dedup", "enrich", "stories", "trends", "end_to_end"):
            assert "error" not in figures[stage], (size, stage, figures[stage])
            assert figures[stage]["seconds"] > 0 and figures[stage]["peak_rss_mib"] > 0
        assert figures["ingest"]["new"] == int(size)
        assert set(figures["enrich"]["languages"]) <= {"vi", "ko", "zh", "en", "und"}
    assert "skipped" in results["sizes"]["48"] and "enrich" not in results["sizes"]["48"]
    assert results["sizes"]["48"]["ingest"]["new"] == 48
    exponent = results["scaling"]["ingest"]["exponent"]
    assert exponent is not None and math.isfinite(exponent)
    assert results["latency"]["articles"] == 4 and results["latency"]["to_story"]["n"] == 2
    assert results["api"]["queries"]["/api/articles?limit=50"]["status"] == 200
    assert results["api_articles_largest"]["store_articles"] == 48
    assert set(results["verdicts"]) == {"end_to_end_articles_per_second", "peak_rss_mib", "growth_exponent",
                                        "api_p95_ms", "story_placement_articles_per_second"}
    report = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert "## Targets" in report and "end to end" in report and "story placement" in report
    # the stories step measures the glossing tables in a fresh process, and the report shows them
    tables = results["sizes"]["24"]["stories"]["lexicons"]["tables"]
    assert set(tables) == {"ko", "vi", "zh", "en_keys"}
    assert "### Cross-lingual lexicons (memory)" in report


def test_single_pass_baseline_joins_close_rows_and_keeps_far_ones_apart() -> None:
    from bench.peers import _single_pass
    from scipy.sparse import csr_matrix

    rows = csr_matrix([[1.0, 1.0, 0.0, 0.0], [1.0, 0.9, 0.1, 0.0], [0.0, 0.0, 1.0, 1.0], [0.0, 0.1, 0.0, 1.0]])
    assert _single_pass(rows, 0.5) == [0, 0, 1, 1]
    assert _single_pass(rows, 0.999) == [0, 1, 2, 3]


def test_labelled_sets_fall_back_to_the_sample_stories(tmp_path: Path) -> None:
    from bench.corpus import labelled_sets

    sets = labelled_sets(tmp_path)
    assert list(sets) == ["sample"] and all(r["labels"]["story"] for r in sets["sample"])


def test_a_copy_url_parameter_goes_before_the_fragment() -> None:
    from bench.corpus import with_query

    assert with_query("http://x.example/a&#39;s-best", "bench_copy=2") == "http://x.example/a&?bench_copy=2#39;s-best"
    assert with_query("http://x.example/a?id=1", "late=3") == "http://x.example/a?id=1&late=3"


def test_tree_memory_catches_a_worker_peak_without_reading_pss_every_tick() -> None:
    """The sampler sees a forked worker's memory, and reads PSS only when the tree grows (or now and then)."""
    tree = TreeMemory(interval=0.05)
    worker = subprocess.run([sys.executable, "-c",
                             "import time; x = bytearray(300 * 2**20); x[::4096] = b'1' * len(x[::4096]);"
                             " time.sleep(1.5)"], check=True)
    peak = tree.stop()
    assert worker.returncode == 0
    assert peak is not None and peak >= 250  # MiB: the worker's 300 MiB, counted once
    ticks = 1.5 / 0.05
    assert 1 <= tree.readings < ticks / 3
