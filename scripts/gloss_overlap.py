"""How much an article and its translation share once their content words are glossed into English keys.

Usage::

    python scripts/gloss_overlap.py [CORPUS.jsonl] [--seed N] [--json OUT]

The corpus (default ``../shared/corpora/xling-flores-dev.jsonl``) holds records with ``id``,
``lang``, ``title``, ``text`` and ``labels.story``: the same story in several languages.  It is
development data: this script only measures the lexicons, nothing in them is built or tuned from it.

For each language it reports the coverage: the share of content words (``content_terms`` of the
project's ``Segmenter``) that get at least one key, and the share found in the lexicon itself (not
by splitting a compound or reading Latin letters as English).  For each language pair it reports,
between an article and its translation and between an article and a random article of another
story in the other language, the mean Jaccard overlap of the key sets, the mean cosine of the key
counts (raw, and weighted by IDF over the whole corpus), and how often the translation is the
other-language article nearest by IDF cosine (top-1 retrieval).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsradar.enrich.tokens import Segmenter, content_terms  # noqa: E402
from newsradar.lang.lexicon import Glosser  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "xling-flores-dev.jsonl"
LANGS = ("en", "vi", "ko", "zh")


def jaccard(a: Counter[str], b: Counter[str]) -> float:
    union = len(a.keys() | b.keys())
    return len(a.keys() & b.keys()) / union if union else 0.0


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=13, help="seed of the random other-story pairing")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--no-gloss", action="store_true",
                        help="baseline: compare the content words themselves (English ones stemmed), unglossed")
    args = parser.parse_args()

    records = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    segmenter, glosser = Segmenter(), Glosser()
    keys: dict[str, dict[str, Counter[str]]] = defaultdict(dict)  # lang -> story -> key counts
    words_seen: Counter[str] = Counter()
    glossed: Counter[str] = Counter()
    in_lexicon: Counter[str] = Counter()
    for record in records:
        lang = record["lang"]
        if lang not in LANGS:
            continue
        text = "\n".join(part for part in (record.get("title"), record.get("text")) if part)
        words = content_terms(segmenter.tokenize(text, lang), lang)
        for word in words:
            words_seen[lang] += 1
            glossed[lang] += bool(glosser.gloss(word, lang))
            in_lexicon[lang] += glosser.in_lexicon(word, lang)
        if args.no_gloss:
            keys[lang][record["labels"]["story"]] = Counter(
                glosser.gloss(w, "en")[0] if lang == "en" and glosser.gloss(w, "en") else w for w in words
            )
        else:
            keys[lang][record["labels"]["story"]] = glosser.glosses(words, lang)

    documents = [counts for by_story in keys.values() for counts in by_story.values()]
    df: Counter[str] = Counter(key for counts in documents for key in counts)
    idf = {key: math.log(len(documents) / n) for key, n in df.items()}

    def weighted(counts: Counter[str]) -> dict[str, float]:
        return {k: v * idf[k] for k, v in counts.items()}

    report: dict[str, object] = {"corpus": str(args.corpus), "coverage": {}, "pairs": {}}
    print(f"corpus: {args.corpus} ({len(records)} records)\n")
    print("coverage (share of content words with a gloss / found in the lexicon itself)")
    for lang in LANGS:
        if words_seen[lang]:
            cov, lex = glossed[lang] / words_seen[lang], in_lexicon[lang] / words_seen[lang]
            report["coverage"][lang] = {"words": words_seen[lang], "glossed": cov, "in_lexicon": lex}  # type: ignore[index]
            print(f"  {lang}: {cov:6.1%} glossed, {lex:6.1%} in lexicon ({words_seen[lang]:,} content words)")

    rng = random.Random(args.seed)
    print("\npair    n   | Jaccard transl / random | cosine transl / random | idf-cosine transl / random | top-1")
    for a, b in itertools.combinations(LANGS, 2):
        stories = sorted(keys[a].keys() & keys[b].keys())
        if len(stories) < 2:
            continue
        sums: dict[str, float] = defaultdict(float)
        hits = 0
        weighted_b = {s: weighted(keys[b][s]) for s in stories}
        for story in stories:
            other = rng.choice([s for s in stories if s != story])
            ka, kb, kr = keys[a][story], keys[b][story], keys[b][other]
            wa = weighted(ka)
            sums["jac_t"] += jaccard(ka, kb)
            sums["jac_r"] += jaccard(ka, kr)
            sums["cos_t"] += cosine(dict(ka), dict(kb))
            sums["cos_r"] += cosine(dict(ka), dict(kr))
            sums["idf_t"] += cosine(wa, weighted_b[story])
            sums["idf_r"] += cosine(wa, weighted_b[other])
            best = max(stories, key=lambda s: cosine(wa, weighted_b[s]))
            hits += best == story
        n = len(stories)
        row = {name: value / n for name, value in sums.items()} | {"top1": hits / n, "n": n}
        report["pairs"][f"{a}-{b}"] = row  # type: ignore[index]
        print(f"{a}-{b}  {n:4d}  |   {row['jac_t']:.3f} / {row['jac_r']:.3f}        |   {row['cos_t']:.3f} / "
              f"{row['cos_r']:.3f}        |   {row['idf_t']:.3f} / {row['idf_r']:.3f}            | {row['top1']:.1%}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
