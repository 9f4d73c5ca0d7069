"""Second cross-lingual dev set: independent coverage of the same events (tests/gold/xling_events_dev.json).

The gold file and its evaluator, scripts/xling_events.py, are described in that script's docstring.
The shape of the gold file is checked always; that every id exists, and the evaluation's figures,
need the real corpora in ../shared/corpora (skipped when absent).
"""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from .conftest import CORPORA, ROOT

# Opens no store here: the evaluation is the CLI in a process of its own, on a temporary SQLite file whichever
# store the suite is on, so the PostgreSQL run would repeat it exactly and skips it (postgres_mode.py).
pytestmark = pytest.mark.store_free

GOLD = Path(__file__).parent / "gold" / "xling_events_dev.json"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xling_events", ROOT / "scripts" / "xling_events.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _needs_corpora() -> None:
    gold = _gold()
    for corpus in {rec["corpus"] for event in gold["events"] for rec in event["members"]}:
        if not (CORPORA / corpus).is_file():
            pytest.skip(f"{CORPORA / corpus} not present")


def test_the_gold_file_is_well_formed() -> None:
    gold = _gold()
    assert _script().check_gold(gold) == []
    events = gold["events"]
    assert len(events) >= 40
    assert all(len({m["lang"] for m in event["members"]}) >= 2 for event in events)
    assert {m["lang"] for event in events for m in event["members"]} <= {"en", "ko", "vi", "zh"}
    # Distractors (records on the same topic but another event) for about half the events.
    assert sum(1 for event in events if event.get("distractors")) >= len(events) // 2
    floors = gold["metadata"]["floors"]
    assert {"cross_recall", "cross_precision", "pair_recall"} <= set(floors)
    assert gold["metadata"]["corpora"] and all(c["licence"] for c in gold["metadata"]["corpora"].values())


@pytest.mark.corpora
def test_every_id_exists_in_its_corpus() -> None:
    _needs_corpora()
    script = _script()
    gold = _gold()
    assert script.missing_records(gold, CORPORA) == []
    records = script.read_records(gold, CORPORA)
    for event in gold["events"]:
        for rec in [*event["members"], *event.get("distractors", [])]:
            assert records[(rec["corpus"], rec["id"])]["lang"] == rec["lang"], (event["id"], rec)


@pytest.mark.corpora
@pytest.mark.slow
def test_cross_language_links_on_independent_coverage() -> None:
    """Reports of one event in different languages share a story; other events on the topic stay apart."""
    _needs_corpora()
    gold = _gold()
    report = _script().evaluate(GOLD, CORPORA)
    built, result = report["input"], report["result"]
    records = sum(len(e["members"]) + len(e.get("distractors", [])) for e in gold["events"])
    assert built["missing"] == [] and built["records"] == records == result["articles"]
    pairs = Counter(tuple(sorted({m["lang"] for m in e["members"]})) for e in gold["events"])
    expected = {"all"} | {f"{a}-{b}" for langs in pairs for a in langs for b in langs if a < b}
    cross = result["cross_language"]
    assert set(cross) == expected == {"all", "ko-vi", "ko-zh"}
    floors = gold["metadata"]["floors"]
    assert cross["all"]["recall"] >= floors["cross_recall"], cross["all"]
    assert cross["all"]["precision"] >= floors["cross_precision"], cross["all"]
    assert min(score["recall"] for score in cross.values()) >= floors["pair_recall"], cross
