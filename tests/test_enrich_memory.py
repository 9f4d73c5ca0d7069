"""What the enrichment workers keep between articles stays small, and keeping less changes no output.

Each worker process keeps its own caches for a whole run: a cache whose
entries are large and rarely hit grows with the number of distinct inputs
and is paid for twice (one copy per worker).  At 100k bench articles the
Korean eojeol features were the largest of them (issue 18).
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from newsradar.enrich.ner import korean
from newsradar.enrich.ner.corpora import DEFAULT_DATA, load
from newsradar.enrich.tokens import Segmenter

pytestmark = pytest.mark.store_free  # opens no store: the PostgreSQL run skips it (postgres_mode.py)

SENTENCES = 300  # Korean dev sentences: a few thousand distinct eojeols
#: What one cache of one worker may hold at most, when full.
CACHE_BUDGET_MIB = 16


@pytest.fixture(scope="module")
def korean_sentences() -> list[tuple[str, list, list]]:
    segmenter = Segmenter()
    out = []
    for sentence in load("ko", DEFAULT_DATA, "dev")[:SENTENCES]:
        tokens = segmenter.tokenize(sentence.text, "ko")
        out.append((sentence.text, korean.units(sentence.text, tokens), tokens))
    return out


def _features(sentences: list[tuple[str, list, list]]) -> list:
    return [korean.features(text, units, tokens) for text, units, tokens in sentences]


def _bytes_per_entry(cache: Any, fill: Callable[[], object]) -> float:
    """What one entry of ``cache`` holds, measured with tracemalloc over what ``fill`` puts in it (models and
    tables ``fill`` needs must be loaded before)."""
    cache.cache_clear()
    gc.collect()
    tracemalloc.start()
    try:
        fill()
        gc.collect()
        entries = cache.cache_info().currsize
        held = tracemalloc.get_traced_memory()[0]
        cache.cache_clear()
        gc.collect()
        held -= tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert entries > 1000, "too few distinct inputs to measure an entry"
    per_entry = held / entries
    assert 200 < per_entry < 5000, per_entry  # an entry is its key's strings and its list of features
    return per_entry


def test_eojeol_feature_cache_fits_its_budget(korean_sentences: list[tuple[str, list, list]]) -> None:
    """A full cache of eojeol features, at the size real entries take, stays within the budget."""
    _features(korean_sentences)  # the tagger's own models and tables load here, not in the measurement
    per_entry = _bytes_per_entry(korean._eojeol_features, lambda: _features(korean_sentences))
    maxsize = korean._eojeol_features.cache_info().maxsize
    assert maxsize is not None, "the eojeol feature cache has no bound"
    assert maxsize * per_entry < CACHE_BUDGET_MIB * 2**20, f"{maxsize} entries of {per_entry:.0f} bytes"


def test_eojeol_features_are_the_same_from_the_cache_and_without_it(
        korean_sentences: list[tuple[str, list, list]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Computed afresh, from a cache that is filling, and from a cache that has dropped entries: same features."""
    korean._eojeol_features.cache_clear()
    filling = _features(korean_sentences)
    warm = _features(korean_sentences)
    assert korean._eojeol_features.cache_info().hits > 0
    # more distinct keys than the cache keeps: the earliest entries are dropped and computed again
    extra = korean.EOJEOL_FEATURES_KEPT + 10
    for i in range(extra):
        korean._eojeol_features(f"낱말{i}", f"낱말{i}은", "<s>", "</s>", 4)
    assert korean._eojeol_features.cache_info().currsize == korean.EOJEOL_FEATURES_KEPT
    evicted = _features(korean_sentences)
    monkeypatch.setattr(korean, "_eojeol_features", korean._eojeol_features.__wrapped__)
    plain = _features(korean_sentences)
    assert filling == warm == evicted == plain


def test_worker_results_share_their_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk's results name each term once: the parent unpickles one string per distinct term, not per token."""
    import pickle

    from newsradar.enrich import Enricher, parallel
    from newsradar.enrich.copies import NearDuplicateIndex
    from newsradar.enrich.parallel import process_one
    from newsradar.model import Article

    enricher, index = Enricher(), NearDuplicateIndex()
    texts = [("Hanoi opens new metro line", "The Hanoi metro line opens on Monday. The metro line links Hanoi's "
              "west with the old quarter, and the city says the metro will carry 40,000 riders a day."),
             ("Metro line delayed again", "Hanoi's second metro line is delayed again; the city blames the "
              "contractor for the metro delay."),
             ("Hà Nội mở tuyến metro mới", "Hà Nội mở tuyến metro mới. Tuyến metro nối Hà Nội với phố cổ."),
             ("", "")]
    articles = [Article(id=f"a{i}", title=t, body=b, origin="test") for i, (t, b) in enumerate(texts)]
    plain = [process_one(enricher, index, a) for a in articles]
    monkeypatch.setattr(parallel, "_SHARED", (enricher, index))
    shared = parallel._work(articles)  # what a worker sends back for a chunk
    for before, after in zip(plain, shared, strict=True):
        assert after.enrichment.tokens == before.enrichment.tokens
        assert after.title_terms == before.title_terms
        assert after.enrichment == before.enrichment
    terms = [t for p in shared for t in (*p.enrichment.tokens, *p.title_terms)]
    assert len(terms) > 2 * len(set(terms)), "the texts repeat too few terms to show anything"
    assert len({id(t) for t in terms}) == len(set(terms))
    received = pickle.loads(pickle.dumps(shared))
    received_terms = [t for p in received for t in (*p.enrichment.tokens, *p.title_terms)]
    assert len({id(t) for t in received_terms}) == len(set(terms))
    assert received_terms == terms


def test_english_word_feature_cache_fits_its_budget() -> None:
    """A full cache of English word features, at the size real entries take, stays within the budget."""
    from newsradar.enrich.ner import english

    words = [w for s in load("en", DEFAULT_DATA, "dev")[:2000] for w in s.text.split()]
    for w in words[:50]:
        english._word_features(w)  # the frequency list loads here, not in the measurement
    per_entry = _bytes_per_entry(english._word_features, lambda: [english._word_features(w) for w in words])
    maxsize = english._word_features.cache_info().maxsize
    assert maxsize is not None and maxsize * per_entry < CACHE_BUDGET_MIB * 2**20, f"{maxsize} x {per_entry:.0f} B"
