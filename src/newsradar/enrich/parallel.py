"""The per-article enrichment stages on every core, in forked worker processes.

Why processes: the segmenters (jieba, pyvi's CRFs, the language model and
the name rules) are Python and hold the GIL, so threads would not run them
side by side.  Why fork: the models are loaded once in the parent (Kiwi
alone is ~500 MB) and the workers share those pages copy-on-write, so two
workers start at once and cost little more memory than one.

Only the per-article work runs in the workers: language, tokens, entities,
quotes, countries, topics and the MinHash signature, which depend on the
article alone.  Everything that reads or writes the store (keywords against
the corpus frequencies, wire copies, the writes) stays in the parent, in
the same order as without workers, so the results are identical.

The parent hands out one batch ahead: while it weights keywords and writes
batch *k*, the workers already enrich batch *k+1*.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from ..model import Article, Enrichment
from .copies import NearDuplicateIndex, Signature

log = logging.getLogger(__name__)

#: Below this many articles a pool costs more (loading every model, forking) than it saves.
MIN_ARTICLES_FOR_WORKERS = 400


@dataclass(slots=True)
class Processed:
    """What the per-article stages give the parent for one article."""

    enrichment: Enrichment
    title_terms: list[str]
    signature: Signature | None
    seconds: float  # CPU time of the stages, for the per-language report


def process_one(enricher: object, index: NearDuplicateIndex, article: Article) -> Processed:
    started = time.process_time()
    enrichment, title_terms = enricher.process(article)  # type: ignore[attr-defined]
    signature = index.signature(article.title, article.body)
    return Processed(enrichment, title_terms, signature, time.process_time() - started)


#: Set in the parent just before forking; each worker inherits its own copy.
_SHARED: tuple[object, NearDuplicateIndex] | None = None


def _work(chunk: list[Article]) -> list[Processed]:
    assert _SHARED is not None, "worker started without an enricher"
    enricher, index = _SHARED
    return share_terms([process_one(enricher, index, article) for article in chunk])


def share_terms(items: list[Processed]) -> list[Processed]:
    """The same term, wherever it occurs in ``items``, as one string object (equal lists, same results).

    Why: the segmenters make a new string for every occurrence of a word, and pickling sends each
    object once per chunk, so the parent received (and held, for the batch being written and the
    one ahead) one string per token: 145,000 for 500 Vietnamese articles that use 12,000 distinct
    terms.  Those held batches were the parent's memory peak at 100k articles.
    """
    seen: dict[str, str] = {}
    for item in items:
        item.enrichment.tokens = [seen.setdefault(term, term) for term in item.enrichment.tokens]
        item.title_terms = [seen.setdefault(term, term) for term in item.title_terms]
    return items


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class WorkerPool:
    """Forked workers that enrich batches of articles, one batch ahead of the caller."""

    def __init__(self, enricher: object, index: NearDuplicateIndex, workers: int) -> None:
        global _SHARED
        self.workers = workers
        self._enricher = enricher
        self._index = index
        load = getattr(enricher, "load", None)
        if load is not None:
            load()  # before the fork, so the workers share the loaded models
        _SHARED = (enricher, index)
        gc.collect()
        gc.freeze()  # the collector then leaves the shared objects' pages alone in the workers
        self._executor: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"))

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        self.close(failed=kind is not None)

    def close(self, *, failed: bool = False) -> None:
        """Stop the workers: wait for them after a normal end, stop them at once after a failure."""
        global _SHARED
        if self._executor is not None:
            if failed:
                self._stop_now()
            else:
                self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        _SHARED = None
        gc.unfreeze()

    def _stop_now(self) -> None:
        assert self._executor is not None
        # The executor has no public way to stop busy workers; an interrupted run must not wait for them.
        processes = list(getattr(self._executor, "_processes", {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()

    def _submit(self, batch: list[Article] | None) -> list[Future[list[Processed]]] | None:
        """Hand a batch to the workers; ``None`` when there is none or no pool left to take it."""
        if batch is None or self._executor is None:
            return None
        # Several chunks per worker so a chunk of long articles does not leave the other worker idle.
        size = max(1, -(-len(batch) // (self.workers * 4)))
        try:
            return [self._executor.submit(_work, batch[i:i + size]) for i in range(0, len(batch), size)]
        except (BrokenProcessPool, RuntimeError) as error:
            self._abandon(error)
            return None

    def _collect(self, batch: list[Article], futures: list[Future[list[Processed]]] | None) -> list[Processed]:
        if futures is not None:
            try:
                return [item for future in futures for item in future.result()]
            except BrokenProcessPool as error:
                self._abandon(error)
        return [process_one(self._enricher, self._index, article) for article in batch]

    def map_batches(self, batches: Iterable[list[Article]]) -> Iterator[tuple[list[Article], list[Processed]]]:
        """Each batch with its results, in order; the next batch is already being worked on.

        If a worker dies (killed, out of memory), the pool is abandoned with
        a warning and the remaining articles are enriched in this process:
        nothing is skipped and the results are the same.
        """
        iterator = iter(batches)
        current = next(iterator, None)
        futures = self._submit(current)
        while current is not None:
            following = next(iterator, None)
            ahead = self._submit(following)
            yield current, self._collect(current, futures)
            current, futures = following, ahead

    def _abandon(self, error: BaseException) -> None:
        if self._executor is not None:
            log.warning("an enrichment worker failed (%s); enriching the rest in this process", error)
            self._stop_now()
            self._executor = None
