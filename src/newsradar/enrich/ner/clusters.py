"""Word clusters learned from unlabelled news: a name the annotated data never saw still gets a class.

Why: the Korean annotated set has 4,000 training sentences, so most names
in new text are unseen words; but the unlabelled corpora in
``../shared/corpora`` show them in the same contexts as known names ("… 장관은",
"… 에서").  Each frequent word is described by the words left and right of
it, the counts are weighted (PPMI), reduced (truncated SVD) and grouped
(k-means); the tagger sees a word's cluster ids at two granularities as
features.  Building needs scikit-learn (``make models`` only); the shipped
clusters are a plain TSV read at run time.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from ..tokens import Segmenter, Token
from .paths import MODEL_DIR

#: Unlabelled corpora per language (files in ../shared/corpora), with the license each states.
CORPORA: dict[str, tuple[tuple[str, str], ...]] = {
    "ko": (("ko-moog303-news.jsonl", "none stated"),
           ("ko-ynat-titles.jsonl", "none stated; derived from KLUE YNAT, CC BY-SA 4.0")),
    "zh": (("zh-thucnews-cnews.jsonl", "none / MIT"), ("zh-thucnews-titles.jsonl", "MIT"),
           ("zh-sogou-news.jsonl", "none stated"), ("zh-finance-headlines.jsonl", "none stated")),
    "vi": (("vi-baomoi.jsonl", "none stated"),),
}
FINE, COARSE = 256, 32


def cluster_path(lang: str, model_dir: Path = MODEL_DIR) -> Path:
    return model_dir / f"{lang}-clusters.tsv"


@cache
def word_clusters(lang: str, model_dir: Path = MODEL_DIR) -> dict[str, tuple[str, str]]:
    """Word -> (fine, coarse) cluster id, or an empty table when none ships for the language."""
    path = cluster_path(lang, model_dir)
    if not path.exists():
        return {}
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word, fine, coarse = line.split("\t")
        table[word] = (fine, coarse)
    return table


def _word(token: Token) -> str:
    return token.text.lower()


def texts(corpora: Path, lang: str, extra: Iterable[str] = (), limit_chars: int = 12_000_000) -> Iterator[str]:
    """Titles and bodies of the language's unlabelled corpora (lines), then ``extra`` (training sentences)."""
    used = 0
    for name, _license in CORPORA.get(lang, ()):
        path = corpora / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                for part in (record.get("title") or "", record.get("text") or ""):
                    for piece in part.split("\n"):
                        if piece.strip():
                            used += len(piece)
                            yield piece
                if used > limit_chars:
                    break
    yield from extra


def build(lang: str, lines: Iterable[str], out: Path, *, min_count: int = 4, contexts: int = 4000,
          dims: int = 80, seed: int = 13) -> int:
    """Cluster the words of ``lines``; writes ``out`` (word, fine id, coarse id) and returns the word count."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD

    segmenter = Segmenter()
    sentences: list[list[str]] = []
    counts: Counter[str] = Counter()
    for line in lines:
        words = [_word(t) for t in segmenter.tokenize(line, lang) if t.text.strip()]
        sentences.append(words)
        counts.update(words)
    vocab = [w for w, n in counts.most_common() if n >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    context_words = [w for w, _ in counts.most_common(contexts)]
    cindex = {w: i for i, w in enumerate(context_words)}
    pairs: Counter[tuple[int, int]] = Counter()
    for words in sentences:
        for i, w in enumerate(words):
            row = index.get(w)
            if row is None:
                continue
            for off, side in ((-1, 0), (1, 1), (-2, 2), (2, 3)):
                j = i + off
                c = cindex.get(words[j]) if 0 <= j < len(words) else None
                if c is not None:
                    pairs[(row, side * contexts + c)] += 1
    rows, cols = zip(*pairs.keys(), strict=True) if pairs else ((), ())
    matrix = csr_matrix((np.fromiter(pairs.values(), dtype=np.float64), (rows, cols)),
                        shape=(len(vocab), 4 * contexts))
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel() + 1e-9
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() + 1e-9
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    keep = pmi > 0
    ppmi = csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    vectors = TruncatedSVD(n_components=dims, random_state=seed).fit_transform(ppmi)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    fine = KMeans(n_clusters=FINE, n_init=2, random_state=seed).fit_predict(vectors)
    coarse = KMeans(n_clusters=COARSE, n_init=2, random_state=seed).fit_predict(vectors)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for word, f, c in zip(vocab, fine, coarse, strict=True):
            if "\t" not in word and "\n" not in word:
                handle.write(f"{word}\t{f}\t{c}\n")
    return len(vocab)
