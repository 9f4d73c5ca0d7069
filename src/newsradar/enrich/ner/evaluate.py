"""Exact entity scores: a hit is the exact (type, surface) of a PER/ORG/LOC span in its sentence.

The same measure the project's figures are quoted in: micro precision, recall
and F1 over all spans, counted per sentence as multisets so that a name
found twice where the gold has it once counts one hit and one false alarm.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpora import load
from .gold import TYPES, GoldSentence

Finder = Callable[[str], list[tuple[int, int, str]]]


@dataclass(slots=True)
class Counts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass(slots=True)
class EntityScores:
    sentences: int = 0
    micro: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    errors: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (kind of error, type, surface)

    def as_dict(self) -> dict[str, object]:
        return {"sentences": self.sentences, **self.micro.as_dict(),
                "per_type": {t: c.as_dict() for t, c in self.per_type.items()}}


def _surface(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def score(sentences: Iterable[GoldSentence], find: Finder) -> EntityScores:
    scores = EntityScores()
    for sentence in sentences:
        scores.sentences += 1
        gold = Counter((kind, _surface(sentence.text, s, e)) for s, e, kind in sentence.spans)
        found = Counter((kind, _surface(sentence.text, s, e)) for s, e, kind in find(sentence.text)
                        if kind in TYPES)
        hits = gold & found
        for counts, select in ((scores.micro, None), *((scores.per_type[t], t) for t in TYPES)):
            counts.tp += sum(n for k, n in hits.items() if select in (None, k[0]))
            counts.predicted += sum(n for k, n in found.items() if select in (None, k[0]))
            counts.gold += sum(n for k, n in gold.items() if select in (None, k[0]))
        for key, n in (found - gold).items():
            scores.errors[("false", *key)] += n
        for key, n in (gold - found).items():
            scores.errors[("missed", *key)] += n
    return scores


def evaluate_dev(lang: str, data: Path, *, limit: int | None = None, rules: bool = False,
                 workers: int = 1) -> EntityScores:
    """Score the whole entity stage (model, gazetteer, overlaps) on a language's dev sentences.

    ``rules=True`` scores the rule-based recogniser instead (the peer the models replaced).
    """
    sentences = load(lang, data, "dev")[:limit]
    jobs = [(lang, rules, s.text) for s in sentences]
    if workers > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            found = pool.map(_find, jobs, chunksize=32)
    else:
        found = [_find(job) for job in jobs]
    answers = dict(zip((s.text for s in sentences), found, strict=False))
    return score(sentences, lambda text: answers[text])


_RECOGNISERS: dict[bool, tuple[Any, Any]] = {}  # per process: (segmenter, recogniser)


def _find(job: tuple[str, bool, str]) -> list[tuple[int, int, str]]:
    from ..entities import ORG, PERSON, PLACE, EntityRecognizer
    from ..tokens import Segmenter

    lang, rules, text = job
    if rules not in _RECOGNISERS:
        _RECOGNISERS[rules] = (Segmenter(), EntityRecognizer(rules=rules))
    segmenter, recogniser = _RECOGNISERS[rules]
    labels = {PERSON: "PER", ORG: "ORG", PLACE: "LOC"}
    tokens = segmenter.tokenize(text, lang)
    return [(m.start, m.end, labels[m.kind]) for m in recogniser.mentions(text, tokens, lang)]
