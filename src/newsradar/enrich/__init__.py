"""The enrichment stages: language, tokens, keywords, entities, countries, quotes, topics, wire copies.

:class:`Enricher` runs the stages on one article (``process``) or a batch
(``pipe``); :func:`enrich_store` runs them over what the store holds and
writes the results back, batch by batch.  Every stage that cannot work on an
article (an unknown script, an empty body) records why in
``Enrichment.skipped`` and the others go on; nothing here raises for bad
text.  ``VERSION`` changes whenever a stage changes its output, so
``newsradar enrich`` re-computes older results.

Wire copies (:mod:`.copies`: MinHash signatures, LSH bands kept in the store)
are one of these stages, not a stage of their own: each article's signature is
computed with its other stages (in the worker processes too) and its copies are
found in the same batch and written in the same transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..model import Article, Enrichment, utcnow
from ..store import Store
from .copies import NearDuplicateIndex, Signature
from .entities import EntityRecognizer, is_placeholder
from .geo import count_countries, country_mentions, ranked_pairs
from .identity import identity_key
from .keywords import join_phrases, keywords, name_phrases, phrase_frequencies
from .language import LanguageIdentifier
from .parallel import MIN_ARTICLES_FOR_WORKERS, Processed, WorkerPool, default_workers, process_one
from .quotes import QuoteFinder
from .tokens import Segmenter, content_terms
from .topics import assign_topics

# 3: country pairs only where the countries meet (title, lead, one sentence), at most 3
# 4: each pair keeps its weight in the article (``Enrichment.pair_weights``), which ranks the Country pairs page
# 5: identity keys from CC-CEDICT's people and companies, given-name counts, hanja in traditional characters
# 6: identity keys read Wade-Giles / Gwoyeu Romatzyh / passport spellings and every Unihan Sino-Vietnamese reading
# 7: Korean gazetteer hits only where the morphological analysis reads a name ("후에", "선전" as everyday words)
VERSION = 7
SEGMENTED = ("vi", "ko", "zh", "en")
#: Longer bodies are analysed on their first part only: a 5 MB "article" is a data dump.
MAX_ANALYSED_CHARS = 60_000
#: One sentence per segmented language: enough to make each segmenter load its model.
_LOAD_TEXTS = {"ko": "서울시는 월요일 새 정책을 발표했다.", "zh": "北京市政府周一发布了新闻。",
               "vi": "Hà Nội mở tuyến phố mới.", "en": "The council met on Monday."}


def analysed_text(article: Article) -> str:
    """What the stages read, and what quote and entity offsets point into."""
    return f"{article.title}\n\n{article.body}"[:MAX_ANALYSED_CHARS]


class Enricher:
    """Owns the models of every stage (loaded on first use), one per process or worker."""

    def __init__(self) -> None:
        self.segmenter = Segmenter()
        self.identifier = LanguageIdentifier()
        self.entities = EntityRecognizer()
        self.quotes = QuoteFinder()

    def load(self) -> None:
        """Load every model now (they load on first use otherwise): before forking workers that share them."""
        for lang, text in _LOAD_TEXTS.items():
            self.process(Article(id=f"load-{lang}", title=text, body=text, origin="load", language=lang))
        self.identifier.identify("newsradar loads its language model")
        # the cross-script identity tables (pinyin, hanja, Sino-Vietnamese readings, Kiwi's dictionary):
        # loaded here, a forked worker shares them instead of building its own
        for name, lang in (("習近平", "zh"), ("문재인", "ko"), ("Tập Cận Bình", "vi"), ("Nguyen Xuan Phuc", "en")):
            identity_key(name, "person", lang)

    def process(self, article: Article) -> tuple[Enrichment, list[str]]:
        """The enrichment of one article, and its title's content terms (for keyword weighting)."""
        e = Enrichment(version=VERSION)
        text = analysed_text(article)
        if len(article.title) + len(article.body) + 2 > MAX_ANALYSED_CHARS:
            e.skipped["size"] = f"body longer than {MAX_ANALYSED_CHARS} characters; only its start was analysed"
        guess = self.identifier.identify(text, known=article.language)
        title_guess = self.identifier.identify(article.title) if article.title.strip() else None
        e.language = article.language or guess.language
        e.language_confidence = 1.0 if article.language else guess.confidence
        e.title_language = title_guess.language if title_guess else None
        e.other_languages = guess.others
        if guess.reason and not article.language:
            e.skipped["language"] = guess.reason
        lang = e.language
        if lang not in SEGMENTED:
            reason = f"no segmenter or name rules for language {lang!r}" if lang else "language unknown"
            for stage in ("entities", "quotes"):
                e.skipped[stage] = reason
            e.skipped["tokens"] = reason + "; split on spaces and punctuation only"
        tokens = self.segmenter.tokenize(text, lang if lang in SEGMENTED else None)
        title_end = len(article.title)
        terms = content_terms(tokens, lang)
        title_terms = content_terms([t for t in tokens if t.end <= title_end], lang)
        e.tokens = terms
        if not terms:
            e.skipped["keywords"] = "no content words found"
        if lang in SEGMENTED:
            e.entities = [x for x in self.entities.find(text, tokens, lang) if not is_placeholder(x)]
            e.quotes = self.quotes.find(text, e.entities, lang)
        mentions = country_mentions(text, lang)  # read once for the countries and their pairs
        e.countries = count_countries(mentions)
        pairs = ranked_pairs(text, lang, title_end, title_end + 2, mentions=mentions)
        e.pairs = list(pairs)
        e.pair_weights = {pair: round(weight, 3) for pair, weight in pairs.items()}
        e.topics = assign_topics(article.title, article.body[:MAX_ANALYSED_CHARS], lang)
        if not article.body.strip():
            e.skipped["quotes"] = e.skipped.get("quotes") or "headline only: no body to quote from"
        return e, title_terms


#: Articles per batch: one transaction each (see :func:`enrich_store` for why this many).
BATCH_SIZE = 1000


@dataclass(slots=True)
class EnrichReport:
    articles: int = 0
    copies: int = 0
    skipped_stages: int = 0
    elapsed: float = 0.0
    workers: int = 1
    #: Per language: articles and CPU seconds of the per-article stages (in whichever process ran them).
    languages: dict[str, list[float]] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0


def enrich_store(
    store: Store,
    *,
    everything: bool = False,
    since: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    enricher: Enricher | None = None,
    on_article: Callable[[Article, Enrichment], None] | None = None,
    process: Callable[[Article], tuple[Enrichment, list[str]]] | None = None,
    workers: int | None = 1,
) -> EnrichReport:
    """Enrich what needs it in ``store`` (all with ``everything``), in atomic batches.

    ``process`` replaces :meth:`Enricher.process` for the per-article stages:
    the Dask engine passes results its workers already computed, and the
    store-wide parts (keywords against the corpus, wire copies) still run
    here, in the same order as always.

    ``workers`` above 1 runs the per-article stages in that many forked
    processes (:mod:`.parallel`; same results); ``None`` picks one per core
    when there are enough articles to repay loading the models first.  Only
    callers that own their process should ask for workers: forking a process
    that runs threads (a server) is not safe.

    Why batches of 1,000 (:data:`BATCH_SIZE`): each batch is one transaction, and its cost is
    mostly the index pages it dirties (term counts, per-hour facet counts,
    MinHash bands, keyword and entity indexes), which are spread all over
    tables that grow with the store.  A batch of 1,000 dirties hardly more
    pages than a batch of 200: at 100k articles the writes took 76 s instead
    of 111 s, and the whole enrichment 173 s instead of 196 s.  A batch's
    keywords count its own documents in the term frequencies, so the batch
    size moves a few scores: 98% of articles kept the same keywords.
    """
    enricher = enricher or Enricher()
    index = NearDuplicateIndex()
    report = EnrichReport()
    started = time.perf_counter()
    # Ids first, articles a batch at a time: holding every pending article (100k with their texts)
    # in the parent, and in the workers forked from it, was most of enrichment's memory.
    pending = store.ids_to_enrich(VERSION, everything=everything, since=since)
    if workers is None:
        workers = default_workers() if len(pending) >= MIN_ARTICLES_FOR_WORKERS else 1
    batches = (batch for start in range(0, len(pending), batch_size)
               if (batch := store.articles_by_ids(pending[start:start + batch_size])))
    pool: WorkerPool | None = None
    if process is not None:
        step = _Precomputed(process, index)
        processed: Iterator[tuple[list[Article], list[Processed]]] = (
            (batch, [step(article) for article in batch]) for batch in batches)
    elif workers > 1 and pending:
        pool = WorkerPool(enricher, index, workers)
        report.workers = workers
        processed = pool.map_batches(batches)
    else:
        processed = ((batch, [process_one(enricher, index, article) for article in batch]) for batch in batches)
    try:
        for batch, outputs in processed:
            _finish_batch(store, index, batch, outputs, report, on_article)
    except BaseException:
        if pool is not None:
            pool.close(failed=True)
        raise
    if pool is not None:
        pool.close()
    report.elapsed = time.perf_counter() - started
    return report


class _Precomputed:
    """Wraps a ``process`` callable given by the caller (the Dask engine) into the per-article step."""

    def __init__(self, process: Callable[[Article], tuple[Enrichment, list[str]]], index: NearDuplicateIndex):
        self.process = process
        self.index = index

    def __call__(self, article: Article) -> Processed:
        return process_one(self, self.index, article)


def _finish_batch(store: Store, index: NearDuplicateIndex, batch: list[Article], outputs: list[Processed],
                  report: EnrichReport, on_article: Callable[[Article, Enrichment], None] | None) -> None:
    """The store-wide stages of one batch (keywords against the corpus, wire copies) and its one write."""
    results: list[tuple[Article, Enrichment, list[str]]] = []
    new_terms: dict[str, list[set[str]]] = {}
    for article, output in zip(batch, outputs, strict=True):
        enrichment = output.enrichment
        results.append((article, enrichment, output.title_terms))
        if article.enrichment is None and enrichment.language:
            new_terms.setdefault(enrichment.language, []).append(set(enrichment.tokens))
        counted = report.languages.setdefault(enrichment.language or "und", [0, 0.0])
        counted[0] += 1
        counted[1] += output.seconds
    # The batch's own documents count in the frequencies as if already stored, so the term counts
    # can be written in the same transaction as the enrichments (a crash keeps both or neither).
    batch_df: dict[str, dict[str, int]] = {}
    for language, documents in new_terms.items():
        counts = batch_df.setdefault(language, {})
        for terms in documents:
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
    # The stored frequencies of every term of the batch, one query per language rather than per article.
    stored: dict[str, tuple[int, dict[str, int]]] = {}
    for language in {enrichment.language or "" for _, enrichment, _ in results}:
        terms = {t for _, e, _ in results if (e.language or "") == language for t in e.tokens}
        stored[language] = store.term_frequencies(language, sorted(terms))
    for _, enrichment, title_terms in results:
        language = enrichment.language or ""
        docs, known = stored[language]
        docs += len(new_terms.get(language, ()))
        extra = batch_df.get(language, {})
        tokens = set(enrichment.tokens)
        df = {t: known.get(t, 0) + extra.get(t, 0) for t in tokens if t in known or t in extra}
        body_terms = list(enrichment.tokens)
        # multi-word names as one keyword ("da nang"), joined before the title's terms leave the body
        phrases = name_phrases([form for entity in enrichment.entities for form in (entity.name, *entity.mentions)],
                               tokens)
        if phrases:
            title_terms = join_phrases(title_terms, phrases)
            body_terms = join_phrases(body_terms, phrases)
            df.update(phrase_frequencies(phrases, df))
        for term in title_terms:
            if term in body_terms:
                body_terms.remove(term)
        enrichment.keywords = keywords(title_terms, body_terms, df, docs)
        enrichment.enriched_at = utcnow()
    signatures: list[Signed] = []
    report.copies += _find_copies(store, index, [(a, e) for a, e, _ in results], signatures,
                                  signed=[output.signature for output in outputs])
    store.write_enrichments([(a, e) for a, e, _ in results], term_documents=new_terms, signatures=signatures)
    for article, enrichment, _ in results:
        report.articles += 1
        report.skipped_stages += len(enrichment.skipped)
        if on_article:
            on_article(article, enrichment)


#: What a batch writes for wire copies: ``(article id, signature, bands, (group, similarity) or None)``.
Signed = tuple[str, bytes, list[str], tuple[str, float] | None]


def _find_copies(store: Store, index: NearDuplicateIndex, batch: list[tuple[Article, Enrichment]],
                 into: list[Signed] | None = None, signed: Sequence[Signature | None] | None = None) -> int:
    """Wire copies of a batch, against the store and the batch's earlier articles; one write at the end.

    The result is the same as looking each article up and saving it in turn
    (an article sees every earlier one, in the store or in its batch); only
    the writes are gathered into one transaction, or, given ``into``, left to
    the caller (enrichment writes them with the batch's enrichments).
    ``signed`` gives the batch's signatures when they were computed already
    (by the enrichment workers).
    """
    local_bands: dict[str, list[str]] = {}
    local_values: dict[str, bytes] = {}
    local_groups: dict[str, str] = {}
    pending: list[Signed] = []
    found = 0
    signatures = [signed[i] if signed is not None else index.signature(a.title, a.body)
                  for i, (a, _) in enumerate(batch)]
    # The store's articles under every band of the batch, read at once: the store does not change
    # until the batch is written, and one query per article was most of this stage's cost.
    stored = store.near_duplicates_by_band([band for s in signatures if s is not None for band in s.bands])
    for (article, enrichment), signature in zip(batch, signatures, strict=True):
        if signature is None:
            enrichment.skipped["copies"] = "no text to compare"
            continue
        candidates = {other: values for band in signature.bands for other, values in stored.get(band, {}).items()
                      if other != article.id}
        for band in signature.bands:
            for other in local_bands.get(band, ()):
                if other != article.id:
                    candidates[other] = local_values[other]
        best: tuple[str, float] | None = None
        for other, values in candidates.items():
            similarity = index.similarity(signature.values, values)
            if similarity >= index.threshold and (best is None or similarity > best[1]):
                best = (other, similarity)
        group = None
        if best:
            # An article saved earlier in this batch has its group here, not (yet) in the store.
            root = local_groups.get(best[0]) if best[0] in local_values else store.copy_group_of(best[0])
            group = (root or best[0], round(best[1], 3))
            local_groups.setdefault(group[0], group[0])
            local_groups[article.id] = group[0]
            found += 1
        elif article.id in local_groups:
            del local_groups[article.id]
        for band in signature.bands:
            local_bands.setdefault(band, []).append(article.id)
        local_values[article.id] = signature.values
        pending.append((article.id, signature.values, signature.bands, group))
    if into is None:
        store.save_signatures(pending)
    else:
        into.extend(pending)
    return found
