"""Wires the stages: sources -> extract -> store, in atomic batches.

The pipeline owns no global state: a :class:`Ingestor` holds the store, the
fetcher and the settings for one run, so two runs (or two Dask workers) never
share a cache by accident.  Bad inputs are quarantined and reported through
``on_problem``; only bugs escape as exceptions.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import BadDocument, ConfigError
from .extract import extract_article
from .model import Article, QuarantineEntry
from .outlets.declared import declared_outlet
from .outlets.directory import Outlet
from .settings import Settings
from .sources.files import Item, ReadContext, expand_inputs, read_input
from .sources.web import Fetcher
from .store import Store, WriteCounts


@dataclass(slots=True)
class IngestReport:
    counts: WriteCounts = field(default_factory=WriteCounts)
    documents: int = 0
    inputs: int = 0
    elapsed: float = 0.0

    @property
    def articles(self) -> int:
        return self.counts.new + self.counts.updated + self.counts.unchanged

    @property
    def rate(self) -> float:
        return self.articles / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(slots=True)
class IngestHooks:
    """Callbacks for a user interface; all optional."""

    on_problem: Callable[[BadDocument], None] | None = None
    on_input: Callable[[str], None] | None = None
    on_document: Callable[[], None] | None = None


def timezone_setting(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"default_timezone: unknown time zone {name!r}") from exc


class Ingestor:
    """One ingest run over files, folders, globs and URLs."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        source: str | None = None,
        lang: str | None = None,
        fetcher: Fetcher | None = None,
        hooks: IngestHooks | None = None,
    ) -> None:
        self.store = store
        self.batch_size: int = settings.batch_size
        self.default_tz = timezone_setting(settings.default_timezone)
        self.hooks = hooks or IngestHooks()
        self.ctx = ReadContext(
            source=source, lang=lang.lower() if lang else None, max_bytes=settings.max_input_bytes, fetcher=fetcher
        )

    def run(self, specs: Iterable[str]) -> IngestReport:
        """Ingest files, folders, globs and URLs."""

        def documents(report: IngestReport) -> Iterator[tuple[Item, bool]]:
            for spec in expand_inputs(list(specs)):
                if isinstance(spec, BadDocument):
                    yield spec, False  # an input that could not be opened is not a document
                    continue
                report.inputs += 1
                if self.hooks.on_input:
                    self.hooks.on_input(spec)
                for item in read_input(spec, self.ctx):
                    yield item, True

        return self._consume(documents)

    def run_documents(self, items: Iterable[Item]) -> IngestReport:
        """Ingest documents already read (records POSTed to the API, entries a poller fetched)."""

        def documents(report: IngestReport) -> Iterator[tuple[Item, bool]]:
            report.inputs += 1
            for item in items:
                yield item, True

        return self._consume(documents)

    def _consume(self, documents: Callable[[IngestReport], Iterator[tuple[Item, bool]]]) -> IngestReport:
        report = IngestReport()
        started = time.perf_counter()
        articles: list[Article] = []
        problems: list[QuarantineEntry] = []
        #: Article ids written in this run: a later record with the same id (two records of one URL, as
        #: some corpora hold) is counted unchanged instead of overwriting the first, so the first copy
        #: wins and running the same ingest again changes nothing.
        seen: set[str] = set()
        #: What inputs declared about their outlets (``outlet_country``...), saved with each batch.
        declared: dict[str, Outlet] = {}

        def flush() -> None:
            if declared:
                self.store.record_input_outlets(list(declared.values()))
                declared.clear()
            report.counts += self.store.write_batch(articles, problems)
            articles.clear()
            problems.clear()

        def problem(exc: BadDocument) -> None:
            problems.append(QuarantineEntry(origin=exc.origin, reason=exc.reason, stage=exc.stage, sample=exc.sample))
            if self.hooks.on_problem:
                self.hooks.on_problem(exc)

        for item, is_document in documents(report):
            if is_document:
                report.documents += 1
                if self.hooks.on_document:
                    self.hooks.on_document()
            if isinstance(item, BadDocument):
                problem(item)
                continue
            try:
                article = extract_article(item, default_tz=self.default_tz)
            except BadDocument as exc:
                problem(exc)
            else:
                if article.id in seen:
                    report.counts.unchanged += 1
                else:
                    seen.add(article.id)
                    articles.append(article)
                    if (outlet := declared_outlet(article.source, article.extra)) is not None:
                        declared[outlet.name] = outlet
            if len(articles) + len(problems) >= self.batch_size:
                flush()
        flush()
        report.elapsed = time.perf_counter() - started
        return report
