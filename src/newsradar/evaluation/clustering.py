"""Story clustering measured against gold story labels: BCubed, pair counting, cross-language pairs.

:func:`evaluate_clustering` ingests a labelled JSON Lines file (``id`` and
``labels.story`` per record) into a temporary store and runs the pipeline's own
enrichment and clustering over it; :func:`score_clustering` scores any
clustering against gold labels (the benchmark's peers use it too).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Article


@dataclass(slots=True)
class ClusterScore:
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: list[str], predicted: list[str]) -> ClusterScore:
    """BCubed precision/recall: per item, how much of its predicted cluster shares its gold label, and back."""
    by_gold: dict[str, set[int]] = {}
    by_pred: dict[str, set[int]] = {}
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold.setdefault(g, set()).add(i)
        by_pred.setdefault(p, set()).add(i)
    if not gold:
        return ClusterScore(1.0, 1.0, 1.0)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        shared = len(by_gold[g] & by_pred[p])
        precision += shared / len(by_pred[p])
        recall += shared / len(by_gold[g])
    precision /= len(gold)
    recall /= len(gold)
    return ClusterScore(precision, recall, _f1(precision, recall))


def pairwise(gold: list[str], predicted: list[str]) -> ClusterScore:
    """Pair counting: of the pairs put together, how many belong together, and back."""
    from collections import Counter

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together_pred = pairs(Counter(predicted))
    together_gold = pairs(Counter(gold))
    together_both = pairs(Counter(zip(gold, predicted, strict=True)))
    precision = together_both / together_pred if together_pred else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    return ClusterScore(precision, recall, _f1(precision, recall))


def cross_language(gold: list[str], predicted: list[str], langs: list[str]) -> dict[str, ClusterScore]:
    """Pairwise precision/recall over pairs of articles in *different* languages, overall ("all") and per
    language pair ("en-zh"): of the cross-language pairs put in one story, how many are one gold story
    (a translation or the same event), and of those that are, how many were put together."""
    from collections import Counter
    from itertools import combinations

    def cross(groups: Counter[tuple[Any, str]]) -> Counter[str]:
        by_cluster: dict[Any, Counter[str]] = {}
        for (cluster, lang), n in groups.items():
            by_cluster.setdefault(cluster, Counter())[lang] = n
        out: Counter[str] = Counter()
        for counts in by_cluster.values():
            for a, b in combinations(sorted(counts), 2):
                out[f"{a}-{b}"] += counts[a] * counts[b]
        out["all"] = sum(out.values())
        return out

    together_pred = cross(Counter(zip(predicted, langs, strict=True)))
    together_gold = cross(Counter(zip(gold, langs, strict=True)))
    together_both = cross(Counter(zip(zip(gold, predicted, strict=True), langs, strict=True)))
    scores: dict[str, ClusterScore] = {}
    for key in sorted(set(together_gold) | set(together_pred), key=lambda k: (k != "all", k)):
        both, pred, gold_n = together_both[key], together_pred[key], together_gold[key]
        precision = both / pred if pred else 1.0
        recall = both / gold_n if gold_n else 1.0
        scores[key] = ClusterScore(precision, recall, _f1(precision, recall))
    return scores


@dataclass(slots=True)
class ClusteringResult:
    bcubed: ClusterScore
    pairwise: ClusterScore
    articles: int
    stories: int
    gold_stories: int
    elapsed: float = 0.0
    #: pairwise scores over cross-language pairs ("all" and per language pair); empty for one language
    cross_language: dict[str, ClusterScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bcubed": self.bcubed.to_dict(),
            "pairwise": self.pairwise.to_dict(),
            "cross_language": {k: v.to_dict() for k, v in self.cross_language.items()},
            "articles": self.articles,
            "stories": self.stories,
            "gold_stories": self.gold_stories,
            "seconds": round(self.elapsed, 2),
        }


def score_clustering(gold: list[str], predicted: list[str], elapsed: float = 0.0,
                     langs: list[str] | None = None) -> ClusteringResult:
    cross = cross_language(gold, predicted, langs) if langs and len(set(langs)) > 1 else {}
    return ClusteringResult(bcubed(gold, predicted), pairwise(gold, predicted), len(gold), len(set(predicted)),
                            len(set(gold)), elapsed, cross)


def evaluate_clustering(path: Path, settings: Any, *, embeddings: str | None = None,
                        partition_hours: float | None = None) -> ClusteringResult:
    """Ingest a labelled JSONL into a temporary store and run the pipeline's own enrichment and clustering.

    Each record needs ``id`` and ``labels.story``; records without a story
    label are clustered (they are part of the stream) but not scored.
    ``partition_hours`` scores the Dask engine's clustering instead (per
    language and time window of that width, then merged), run in this process.
    """
    import tempfile
    import time

    from ..enrich import enrich_store
    from ..pipeline import Ingestor
    from ..store import open_store
    from ..stories import params_from_settings, update_stories
    from ..stories.embeddings import Embedder

    labels: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                story = (record.get("labels") or {}).get("story")
                if story is not None and record.get("id") is not None:
                    labels[str(record["id"])] = str(story)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="newsradar-eval-") as tmp:
        store = open_store(str(Path(tmp) / "eval.db"))
        try:
            Ingestor(store, settings).run([str(path)])
            enrich_store(store)
            model = embeddings if embeddings is not None else settings.embedding_model
            if partition_hours is not None:
                from datetime import timedelta

                from ..stories.partitioned import cluster_partitions

                cluster_partitions(store, params=params_from_settings(settings),
                                   partition=timedelta(hours=partition_hours))
            else:
                update_stories(store, params=params_from_settings(settings),
                               embedder=Embedder(model) if model else None)
            gold: list[str] = []
            predicted: list[str] = []
            langs: list[str] = []
            for article in _all_articles(store):
                label = labels.get(article.external_id or "")
                story = store.story_of(article.id)
                if label is not None and story is not None:
                    gold.append(label)
                    predicted.append(story)
                    language = article.enrichment.language if article.enrichment else None
                    langs.append(language or article.language or "und")
        finally:
            store.close()
    return score_clustering(gold, predicted, time.perf_counter() - started, langs)


def _all_articles(store: Any) -> list[Article]:
    from ..store.base import ArticleFilter

    return list(store.list_articles(ArticleFilter(limit=None)))
