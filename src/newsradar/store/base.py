"""The store interface: everything the CLI, the pipeline and (later) the API need.

Two implementations are meant to satisfy it: the embedded SQLite store
(default) and a PostgreSQL store for a shared server.  Callers get one from
:func:`newsradar.store.open_store` and never learn which it is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ..model import Article, Enrichment, QuarantineEntry


@dataclass(slots=True)
class WriteCounts:
    """What one write did: how many articles were new, changed, or already stored as they are."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0

    def __iadd__(self, other: WriteCounts) -> WriteCounts:
        self.new += other.new
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.quarantined += other.quarantined
        return self


@dataclass(slots=True)
class ArticleFilter:
    """Filters shared by every listing (CLI, API, export)."""

    since: datetime | None = None
    until: datetime | None = None
    language: str | None = None
    source: str | None = None
    query: str | None = None
    limit: int | None = 50
    offset: int = 0


@dataclass(slots=True)
class StoreSummary:
    articles: int = 0
    quarantined: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_day: dict[str, int] = field(default_factory=dict)
    first_published: datetime | None = None
    last_published: datetime | None = None


class Store(ABC):
    """Durable articles and quarantine, written in atomic batches."""

    url: str

    @abstractmethod
    def write_batch(self, articles: Sequence[Article], quarantined: Sequence[QuarantineEntry] = ()) -> WriteCounts:
        """Upsert articles and record quarantine entries in one transaction.

        Re-writing an article whose extracted content is unchanged is a no-op
        (its ``ingested_at`` and any later edits survive).  A changed input
        updates the content fields; a field the new input leaves empty keeps
        its stored value.  A successful article clears earlier quarantine
        entries for the same origin.
        """

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """By full id, or by an unambiguous id prefix (as users copy it from a listing)."""

    @abstractmethod
    def list_articles(self, flt: ArticleFilter) -> list[Article]:
        """Newest first (by publication time; undated articles last)."""

    @abstractmethod
    def count_articles(self, flt: ArticleFilter) -> int: ...

    @abstractmethod
    def list_quarantine(self, limit: int | None = None) -> list[QuarantineEntry]: ...

    @abstractmethod
    def summary(self) -> StoreSummary: ...

    @abstractmethod
    def schema_version(self) -> int: ...

    # -- enrichment ------------------------------------------------------------------------------

    @abstractmethod
    def articles_to_enrich(self, version: int, *, everything: bool = False, since: datetime | None = None,
                           limit: int | None = None) -> list[Article]:
        """Articles never enriched, enriched by an older version, or changed since (all with ``everything``)."""

    @abstractmethod
    def write_enrichments(self, items: Sequence[tuple[Article, Enrichment]]) -> None:
        """Replace each article's enrichment (and its query tables) in one transaction."""

    @abstractmethod
    def add_term_documents(self, language: str, documents: Sequence[set[str]]) -> None:
        """Count each set of terms as one more document of ``language`` (for TF-IDF)."""

    @abstractmethod
    def term_frequencies(self, language: str, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """``(documents in language, document frequency of each term)``."""

    @abstractmethod
    def near_duplicate_candidates(self, bands: Sequence[str], exclude: str) -> dict[str, bytes]:
        """Articles sharing an LSH band with these keys: id -> MinHash signature."""

    @abstractmethod
    def save_signature(self, article_id: str, signature: bytes, bands: Sequence[str],
                       group: tuple[str, float] | None) -> None:
        """Keep an article's signature and bands; ``group`` is ``(group id, similarity)`` if it is a copy."""

    @abstractmethod
    def copy_group_of(self, article_id: str) -> str | None: ...

    @abstractmethod
    def copy_group(self, group_id: str) -> list[tuple[Article, float]]:
        """Members of a wire-copy group, first publisher first (by publication, then ingest time)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
