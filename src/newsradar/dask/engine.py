"""The Dask engine: extraction and enrichment spread over a Dask cluster, stories in partitions.

Who does what:

* the **client** (this process) expands and reads the inputs, exactly as the
  local engine does, so origins, formats and read-time problems are the same;
  it sends raw documents to the workers in partitions of
  ``dask_partition_size`` documents;
* each **worker** extracts the articles of a partition and runs the
  per-article enrichment stages on them (:meth:`Enricher.process`), with one
  :class:`Enricher` per worker thread, owned by a worker plugin
  (:mod:`newsradar.dask.partition`, :mod:`newsradar.dask.worker`);
* the client writes the results to the store **in input order**, in the same
  batches as the local engine (workers never open the store), then finishes
  the enrichment with the store-wide stages (keywords against the corpus,
  wire copies) through :func:`enrich_store`, reusing the workers' results;
* story clustering runs per language and time window on the workers, and the
  client merges and saves the result (:mod:`newsradar.stories.partitioned`).

So the inputs and the store only need to be reachable from the client; the
workers need newsradar installed and nothing else.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..enrich import Enricher, EnrichReport, enrich_store
from ..errors import BadDocument, ConfigError
from ..model import Article, Enrichment, QuarantineEntry, RawDocument
from ..pipeline import IngestHooks, IngestReport, timezone_setting
from ..settings import Settings
from ..sources.files import ReadContext, expand_inputs, read_input
from ..sources.web import Fetcher
from ..store import Store
from ..stories import StoryReport, params_from_settings
from ..stories.partitioned import PartitionResult, cluster_partitions
from .partition import PLUGIN_NAME, _entry

#: A partition never carries more raw text than this, however many documents it holds.
MAX_PARTITION_CHARS = 16 * 1024 * 1024


def _require_dask() -> None:
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            "the dask engine needs the optional dependencies: pip install 'newsradar[dask]'"
        ) from exc


def _bad(entry: QuarantineEntry) -> BadDocument:
    return BadDocument(entry.origin, entry.reason, stage=entry.stage, sample=entry.sample)


# -- the cluster ----------------------------------------------------------------------------------


class DaskCluster:
    """A client connected to ``scheduler``, or to a LocalCluster of ``workers`` processes it starts.

    Use as a context manager; a local cluster is shut down on exit.
    """

    def __init__(self, scheduler: str | None = None, *, workers: int = 2) -> None:
        _require_dask()
        self.scheduler = scheduler or None
        self.workers = workers
        self.client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskCluster:
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler, timeout="20s")
            except OSError as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from exc
        else:
            # Workers still unloading their models at shutdown are killed after a few seconds, with a
            # warning that says nothing to the user: only errors are logged.
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address=":0", silence_logs=logging.ERROR)
            self.client = Client(self._cluster)
        from .worker import EnricherPlugin

        self.client.register_plugin(EnricherPlugin(), name=PLUGIN_NAME)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    @property
    def slots(self) -> int:
        """Tasks that can run at once (worker threads across the cluster)."""
        threads = self.client.nthreads() if self.client is not None else {}
        return max(1, sum(threads.values()))

    def ordered_map(self, fn: Callable[..., Any], parts: Iterable[Any], *args: Any,
                    in_flight: int | None = None) -> Iterator[Any]:
        """``fn(part, *args)`` on the workers, results yielded in the order of ``parts``.

        At most ``in_flight`` tasks are outstanding, so a huge input is read
        only as fast as the cluster works through it.
        """
        limit = in_flight or 3 * self.slots
        pending: deque[Any] = deque()
        for part in parts:
            pending.append(self.client.submit(fn, part, *args, pure=False))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def map_partitions(self, fn: Callable[..., PartitionResult], groups: list[list[Article]],
                       params: Any) -> Iterator[PartitionResult]:
        """The ``map`` that :func:`cluster_partitions` takes: one task per partition, largest first."""
        order = sorted(range(len(groups)), key=lambda i: -len(groups[i]))
        futures = {i: self.client.submit(fn, groups[i], params, pure=False) for i in order}
        for i in range(len(groups)):
            yield futures.pop(i).result()


# -- the client side ------------------------------------------------------------------------------


class Precomputed:
    """Enrichments the workers computed, kept until :func:`enrich_store` asks for them.

    An entry is used only when the stored article still reads the same
    (same content hash) as the one the worker saw: a re-ingest that merged
    older fields into the article is enriched again here, never mislabelled.
    """

    def __init__(self, fallback: Enricher) -> None:
        self._results: dict[str, tuple[str, Enrichment, list[str]]] = {}
        self.fallback = fallback
        self.used = 0
        self.recomputed = 0

    def put(self, article: Article, enrichment: Enrichment, title_terms: list[str]) -> None:
        self._results[article.id] = (article.content_hash, enrichment, title_terms)

    def __call__(self, article: Article) -> tuple[Enrichment, list[str]]:
        found = self._results.pop(article.id, None)
        if found is not None and found[0] == article.content_hash:
            self.used += 1
            return found[1], found[2]
        self.recomputed += 1
        return self.fallback.process(article)


@dataclass(slots=True)
class DaskIngestReport:
    ingest: IngestReport
    enrich: EnrichReport
    stories: StoryReport
    workers: int
    reused: int = 0  # enrichments computed on workers and used as they were
    recomputed: int = 0  # enrichments computed on the client (articles changed by a merge, or older ones)
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        return self.ingest.articles / self.elapsed if self.elapsed > 0 else 0.0


class DaskIngestor:
    """One ``ingest --engine dask`` run: read, extract + enrich on workers, write, finish enrichment, stories."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        cluster: DaskCluster,
        *,
        source: str | None = None,
        lang: str | None = None,
        fetcher: Fetcher | None = None,
        hooks: IngestHooks | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.cluster = cluster
        self.batch_size: int = settings.batch_size
        self.partition_size: int = settings.dask_partition_size
        self.default_timezone: str = settings.default_timezone
        timezone_setting(self.default_timezone)  # a bad zone is a configuration error before any work
        self.hooks = hooks or IngestHooks()
        self.ctx = ReadContext(
            source=source, lang=lang.lower() if lang else None, max_bytes=settings.max_input_bytes, fetcher=fetcher
        )

    def run(self, specs: Iterable[str], *, stories: bool = True) -> DaskIngestReport:
        started = time.perf_counter()
        precomputed = Precomputed(Enricher())
        report = self._ingest(list(specs), precomputed)
        enriched = enrich_store(self.store, process=precomputed)
        params = params_from_settings(self.settings)
        story_report = StoryReport()
        if stories:
            story_report = cluster_partitions(
                self.store, params=params,
                partition=timedelta(hours=self.settings.dask_story_partition_hours),
                map_partitions=self.cluster.map_partitions,
            )
        return DaskIngestReport(
            ingest=report, enrich=enriched, stories=story_report, workers=self.cluster.slots,
            reused=precomputed.used, recomputed=precomputed.recomputed, elapsed=time.perf_counter() - started,
        )

    def _partitions(self, specs: list[str], report: IngestReport) -> Iterator[list[RawDocument | QuarantineEntry]]:
        """Raw documents read here, in input order, cut into partitions for the workers."""
        part: list[RawDocument | QuarantineEntry] = []
        chars = 0
        for spec in expand_inputs(specs):
            if isinstance(spec, BadDocument):
                part.append(_entry(spec))  # an input that could not be opened: not a document, kept in its place
                continue
            report.inputs += 1
            if self.hooks.on_input:
                self.hooks.on_input(spec)
            for item in read_input(spec, self.ctx):
                report.documents += 1
                if self.hooks.on_document:
                    self.hooks.on_document()
                if isinstance(item, BadDocument):
                    part.append(_entry(item))
                else:
                    part.append(item)
                    chars += len(item.text)
                if len(part) >= self.partition_size or chars >= MAX_PARTITION_CHARS:
                    yield part
                    part, chars = [], 0
        if part:
            yield part

    def _ingest(self, specs: list[str], precomputed: Precomputed) -> IngestReport:
        report = IngestReport()
        started = time.perf_counter()
        articles: list[Article] = []
        problems: list[QuarantineEntry] = []

        def flush() -> None:
            report.counts += self.store.write_batch(articles, problems)
            articles.clear()
            problems.clear()

        from .worker import run_partition

        results = self.cluster.ordered_map(run_partition, self._partitions(specs, report), self.default_timezone)
        for processed in results:
            for p in processed:
                if p.problem is not None:
                    problems.append(p.problem)
                    if self.hooks.on_problem:
                        self.hooks.on_problem(_bad(p.problem))
                elif p.article is not None and p.enrichment is not None:
                    article = Article.from_dict(p.article)
                    articles.append(article)
                    precomputed.put(article, Enrichment.from_dict(p.enrichment), p.title_terms)
                if len(articles) + len(problems) >= self.batch_size:
                    flush()
        flush()
        report.elapsed = time.perf_counter() - started
        return report
