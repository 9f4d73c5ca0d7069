"""Quality measured against gold data: precision, recall and F1 of the enrichment stages.

Gold files are JSON Lines, one article per line with ``title``, ``text``,
``lang`` and the expected ``entities`` (text, kind), ``countries`` (ISO
codes) and ``quotes`` (speaker, text, kind); see ``tests/gold/enrich/``.
Matching is lenient where editors would be: an entity matches when its
kind agrees and one name contains the other after case and accent folding
("Hankook Ilbo" and "Hankook Ilbo newspaper"); a quote matches when the
texts overlap by half and the speakers agree the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..enrich import Enricher
from ..enrich.entities import fold, is_country
from ..model import Article, Enrichment


@dataclass(slots=True)
class Score:
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0  # gold items matched (for recall)

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass(slots=True)
class Report:
    entities: Score = field(default_factory=Score)
    countries: Score = field(default_factory=Score)
    quotes: Score = field(default_factory=Score)
    articles: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"articles": self.articles, "entities": self.entities.as_dict(),
                "countries": self.countries.as_dict(), "quotes": self.quotes.as_dict()}


def _same_name(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and (fa == fb or f" {fa} " in f" {fb} " or f" {fb} " in f" {fa} "
                                or (not fa.isascii() and (fa in fb or fb in fa)))


def _overlaps(a: str, b: str) -> bool:
    short, long_ = sorted((a.strip(), b.strip()), key=len)
    if not short:
        return False
    if short in long_:
        return True
    # longest common substring share, enough for a clause cut at a different comma
    best = 0
    for i in range(len(short)):
        for j in range(i + best + 1, len(short) + 1):
            if short[i:j] in long_:
                best = j - i
            else:
                break
    return best >= 0.5 * len(short)


def score_record(gold: dict[str, Any], e: Enrichment, report: Report) -> None:
    report.articles += 1
    gold_entities = [(g["kind"], g["text"]) for g in gold.get("entities", [])]
    # These gold sets annotate countries under "countries" (scored below), not as places: a country the
    # entity stage returns as a place is left to that score rather than counted as a false entity.
    predicted = [(x.kind, [x.name, *x.mentions]) for x in e.entities
                 if not (x.kind == "place" and is_country(x.name))]
    report.entities.predicted += len(predicted)
    report.entities.gold += len(gold_entities)
    report.entities.tp += sum(
        1 for kind, names in predicted if any(k == kind and any(_same_name(n, g) for n in names)
                                               for k, g in gold_entities)
    )
    report.entities.found += sum(
        1 for k, g in gold_entities if any(kind == k and any(_same_name(n, g) for n in names)
                                           for kind, names in predicted)
    )
    gold_countries = set(gold.get("countries", []))
    report.countries.predicted += len(e.countries)
    report.countries.gold += len(gold_countries)
    report.countries.tp += len(set(e.countries) & gold_countries)
    report.countries.found += len(set(e.countries) & gold_countries)
    gold_quotes = gold.get("quotes", [])
    report.quotes.predicted += len(e.quotes)
    report.quotes.gold += len(gold_quotes)

    def match(q: Any, g: dict[str, Any]) -> bool:
        return _overlaps(q.text, g["text"]) and bool(q.speaker) and _same_name(q.speaker, g["speaker"])

    report.quotes.tp += sum(1 for q in e.quotes if any(match(q, g) for g in gold_quotes))
    report.quotes.found += sum(1 for g in gold_quotes if any(match(q, g) for q in e.quotes))


def evaluate_enrichment(paths: list[Path], enricher: Enricher | None = None) -> dict[str, Report]:
    """Per-language reports (and "all") for the gold files given."""
    enricher = enricher or Enricher()
    reports: dict[str, Report] = {"all": Report()}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            gold = json.loads(line)
            article = Article(id=gold["id"], title=gold.get("title", ""), body=gold.get("text", ""),
                              origin=str(path), language=gold.get("lang"))
            enrichment, _ = enricher.process(article)
            lang = gold.get("lang") or "?"
            score_record(gold, enrichment, reports.setdefault(lang, Report()))
            score_record(gold, enrichment, reports["all"])
    return reports
