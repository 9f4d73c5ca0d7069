"""The enrichment stages: language, tokens, keywords, entities, countries, quotes, topics, wire copies.

:class:`Enricher` runs the stages on one article (``process``) or a batch
(``pipe``); :func:`enrich_store` runs them over what the store holds and
writes the results back, batch by batch.  Every stage that cannot work on an
article (an unknown script, an empty body) records why in
``Enrichment.skipped`` and the others go on; nothing here raises for bad
text.  ``VERSION`` changes whenever a stage changes its output, so
``newsradar enrich`` re-computes older results.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from ..dedup import NearDuplicateIndex
from ..model import Article, Enrichment, utcnow
from ..store import Store
from .entities import EntityRecognizer
from .geo import country_pairs, find_countries
from .keywords import keywords
from .language import LanguageIdentifier
from .quotes import QuoteFinder
from .tokens import Segmenter, content_terms
from .topics import assign_topics

VERSION = 1
SEGMENTED = ("vi", "ko", "zh", "en")
#: Longer bodies are analysed on their first part only: a 5 MB "article" is a data dump.
MAX_ANALYSED_CHARS = 60_000


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

    def process(self, article: Article) -> tuple[Enrichment, list[str]]:
        """The enrichment of one article, and its title's content terms (for keyword weighting)."""
        e = Enrichment(version=VERSION)
        text = analysed_text(article)
        if len(article.title) + len(article.body) + 2 > MAX_ANALYSED_CHARS:
            e.skipped["size"] = f"body longer than {MAX_ANALYSED_CHARS} characters; only its start was analysed"
        guess = self.identifier.identify(text)
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
            e.entities = self.entities.find(text, tokens, lang)
            e.quotes = self.quotes.find(text, e.entities, lang)
        e.countries = find_countries(text, lang)
        e.pairs = country_pairs(e.countries)
        e.topics = assign_topics(article.title, article.body[:MAX_ANALYSED_CHARS], lang)
        if not article.body.strip():
            e.skipped["quotes"] = e.skipped.get("quotes") or "headline only: no body to quote from"
        return e, title_terms


@dataclass(slots=True)
class EnrichReport:
    articles: int = 0
    copies: int = 0
    skipped_stages: int = 0
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0


def enrich_store(
    store: Store,
    *,
    everything: bool = False,
    since: datetime | None = None,
    batch_size: int = 200,
    enricher: Enricher | None = None,
    on_article: Callable[[Article, Enrichment], None] | None = None,
    process: Callable[[Article], tuple[Enrichment, list[str]]] | None = None,
) -> EnrichReport:
    """Enrich what needs it in ``store`` (all with ``everything``), in atomic batches.

    ``process`` replaces :meth:`Enricher.process` for the per-article stages:
    the Dask engine passes results its workers already computed, and the
    store-wide parts (keywords against the corpus, wire copies) still run
    here, in the same order as always.
    """
    enricher = enricher or Enricher()
    process = process or enricher.process
    index = NearDuplicateIndex()
    report = EnrichReport()
    started = time.perf_counter()
    pending = store.articles_to_enrich(VERSION, everything=everything, since=since)
    for batch in _batches(pending, batch_size):
        results: list[tuple[Article, Enrichment, list[str]]] = []
        new_terms: dict[str, list[set[str]]] = {}
        for article in batch:
            enrichment, title_terms = process(article)
            results.append((article, enrichment, title_terms))
            if article.enrichment is None and enrichment.language:
                new_terms.setdefault(enrichment.language, []).append(set(enrichment.tokens))
        # The batch's own documents count in the frequencies as if already stored, so the term counts
        # can be written in the same transaction as the enrichments (a crash keeps both or neither).
        batch_df: dict[str, dict[str, int]] = {}
        for language, documents in new_terms.items():
            counts = batch_df.setdefault(language, {})
            for terms in documents:
                for term in terms:
                    counts[term] = counts.get(term, 0) + 1
        for _, enrichment, title_terms in results:
            language = enrichment.language or ""
            docs, df = store.term_frequencies(language, enrichment.tokens)
            docs += len(new_terms.get(language, ()))
            extra = batch_df.get(language, {})
            df = {t: df.get(t, 0) + extra.get(t, 0) for t in set(df) | (set(enrichment.tokens) & set(extra))}
            body_terms = list(enrichment.tokens)
            for term in title_terms:
                if term in body_terms:
                    body_terms.remove(term)
            enrichment.keywords = keywords(title_terms, body_terms, df, docs)
            enrichment.enriched_at = utcnow()
        signatures: list[Signed] = []
        report.copies += _find_copies(store, index, [(a, e) for a, e, _ in results], signatures)
        store.write_enrichments([(a, e) for a, e, _ in results], term_documents=new_terms, signatures=signatures)
        for article, enrichment, _ in results:
            report.articles += 1
            report.skipped_stages += len(enrichment.skipped)
            if on_article:
                on_article(article, enrichment)
    report.elapsed = time.perf_counter() - started
    return report


#: What a batch writes for wire copies: ``(article id, signature, bands, (group, similarity) or None)``.
Signed = tuple[str, bytes, list[str], tuple[str, float] | None]


def _find_copies(store: Store, index: NearDuplicateIndex, batch: list[tuple[Article, Enrichment]],
                 into: list[Signed] | None = None) -> int:
    """Wire copies of a batch, against the store and the batch's earlier articles; one write at the end.

    The result is the same as looking each article up and saving it in turn
    (an article sees every earlier one, in the store or in its batch); only
    the writes are gathered into one transaction, or, given ``into``, left to
    the caller (enrichment writes them with the batch's enrichments).
    """
    local_bands: dict[str, list[str]] = {}
    local_values: dict[str, bytes] = {}
    local_groups: dict[str, str] = {}
    pending: list[Signed] = []
    found = 0
    for article, enrichment in batch:
        signature = index.signature(article.title, article.body)
        if signature is None:
            enrichment.skipped["copies"] = "text too short for near-duplicate detection"
            continue
        candidates = store.near_duplicate_candidates(signature.bands, exclude=article.id)
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


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
