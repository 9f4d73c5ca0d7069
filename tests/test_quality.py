"""Quality gate: F1 of entities, countries and quotes per language against the gold sets, above pinned floors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsradar.evaluation.enrichment import evaluate_enrichment

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

GOLD = Path(__file__).parent / "gold"
FLOORS = {k: v for k, v in json.loads((GOLD / "floors.json").read_text()).items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, object]]:
    found = evaluate_enrichment(sorted((GOLD / "enrich").glob("enrich_*.jsonl")))
    return {lang: report.as_dict() for lang, report in found.items()}


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_f1_floors(reports: dict[str, dict[str, object]], lang: str) -> None:
    report = reports[lang]
    assert report["articles"] >= 20, "at least 20 gold articles per language"  # type: ignore[operator]
    for metric, floor in FLOORS[lang].items():
        f1 = report[metric]["f1"]  # type: ignore[index]
        assert f1 >= floor, f"{lang} {metric} F1 {f1} fell below its floor {floor}: {report}"
