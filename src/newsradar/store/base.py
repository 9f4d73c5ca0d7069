"""The store interface: everything the CLI, the pipeline and (later) the API need.

Two implementations are meant to satisfy it: the embedded SQLite store
(default) and a PostgreSQL store for a shared server.  Callers get one from
:func:`newsradar.store.open_store` and never learn which it is.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ..model import Article, Enrichment, Outlet, QuarantineEntry, Story
from .monitor import Alert, DeliveryAttempt, FeedStatus, FetchRecord, PendingFetch, Watchlist, WatchMatch

#: What a trend counts: a query table of the enrichment stage each.
FacetKind = Literal["keyword", "entity", "topic", "country", "pair"]
FACET_KINDS: tuple[str, ...] = ("keyword", "entity", "topic", "country", "pair")
Bucket = Literal["hour", "day", "month"]
#: What a user may ask a chart for: a bucket, or ``auto`` to fit the bucket to the span (trends.choose_bucket).
BucketChoice = Literal["auto", "hour", "day", "month"]
BUCKET_CHOICES: tuple[BucketChoice, ...] = ("auto", "hour", "day", "month")


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
    topic: str | None = None
    country: str | None = None  # ISO code
    entity: str | None = None  # entity key (see ``enrich.entities.fold``)
    pair: str | None = None  # "KR-VN"
    story: str | None = None  # story id: only its members
    limit: int | None = 50
    offset: int = 0


@dataclass(slots=True)
class QuoteHit:
    """A quote found by a search, with the article that carries it."""

    article_id: str
    title: str
    source: str | None
    language: str | None
    published: datetime | None
    speaker: str | None
    speaker_key: str | None
    text: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["published"] = self.published.isoformat() if self.published else None
        return data


@dataclass(slots=True)
class FacetCount:
    """One value of a facet (an entity, a topic, an outlet...) and how many articles carry it."""

    value: str
    label: str
    articles: int
    kind: str = ""  # for entities: person, organization, place

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "label": self.label, "articles": self.articles, "kind": self.kind}


@dataclass(slots=True)
class CopyGroup:
    """A wire-copy group: the first publisher and how far the text travelled."""

    group_id: str
    first: Article
    members: int
    outlets: list[str]
    last_published: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {"group": self.group_id, "members": self.members, "outlets": self.outlets,
                "first": {"id": self.first.id, "title": self.first.title, "source": self.first.source,
                          "published": self.first.published.isoformat() if self.first.published else None},
                "last_published": self.last_published.isoformat() if self.last_published else None}


@dataclass(slots=True)
class StoryFilter:
    """Stories active (with an article) in a period, in a language; ranked by the caller."""

    since: datetime | None = None
    until: datetime | None = None
    language: str | None = None
    min_articles: int = 1
    limit: int | None = 50
    offset: int = 0


@dataclass(slots=True)
class TrendFilter:
    """The slice of articles a trend counts over."""

    since: datetime | None = None
    until: datetime | None = None
    language: str | None = None
    source: str | None = None


@dataclass(slots=True)
class OutletCoverage:
    """What a set of outlets wrote about one country in a slice (a side of the mirror, see trends/mirror.py).

    ``stories``: story id -> the side's articles in it; ``topics``: ``(topic, articles)``;
    ``entities``: kind (person, organization) -> ``(key, articles)``; ``speakers``: ``(speaker key,
    the name most often given, quotes, articles)``; each list most first, at most the limit asked for.
    """

    stories: dict[str, int] = field(default_factory=dict)
    topics: list[tuple[str, int]] = field(default_factory=list)
    entities: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    speakers: list[tuple[str, str, int, int]] = field(default_factory=list)


@dataclass(slots=True)
class StoryRecord:
    """A story as the clusterer saves it: the public record plus its JSON state."""

    story: Story
    state: dict[str, Any] | None


@dataclass(slots=True)
class StoreSummary:
    articles: int = 0
    quarantined: int = 0
    by_language: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    by_day: dict[str, int] = field(default_factory=dict)
    first_published: datetime | None = None
    last_published: datetime | None = None
    #: Articles whose input gave no publication time (they count at their ingest time).
    undated: int = 0


class Store(ABC):
    """Durable articles and quarantine, written in atomic batches."""

    url: str
    #: Whether threads may share one instance at once (a pool behind it); else each thread opens its own.
    thread_safe: bool = False

    @abstractmethod
    def write_batch(self, articles: Sequence[Article], quarantined: Sequence[QuarantineEntry] = (),
                    fetches: Sequence[FetchRecord] = ()) -> WriteCounts:
        """Upsert articles, record quarantine entries and fetch outcomes in one transaction.

        The watch passes a page batch's fetch log here so that a crash can never
        leave an article stored without its URL marked ``stored`` (or the reverse).

        Re-writing an article whose extracted content is unchanged is a no-op
        (its ``ingested_at`` and any later edits survive).  A changed input
        updates the content fields; a field the new input leaves empty keeps
        its stored value.  A successful article clears earlier quarantine
        entries for the same origin.
        """

    @abstractmethod
    def delete_articles(self, article_ids: Sequence[str]) -> int:
        """Remove articles and what was derived from them (enrichment, query tables, counts); how many went."""

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
    def count_undated(self) -> int:
        """Articles without a publication time (in totals over all time, in no time window or chart)."""

    @abstractmethod
    def schema_version(self) -> int: ...

    # -- enrichment ------------------------------------------------------------------------------

    @abstractmethod
    def articles_to_enrich(self, version: int, *, everything: bool = False, since: datetime | None = None,
                           limit: int | None = None) -> list[Article]:
        """Articles never enriched, enriched by an older version, or changed since (all with ``everything``)."""

    def ids_to_enrich(self, version: int, *, everything: bool = False, since: datetime | None = None) -> list[str]:
        """The ids :meth:`articles_to_enrich` would return, in its order, without reading the articles."""
        return [a.id for a in self.articles_to_enrich(version, everything=everything, since=since)]

    @abstractmethod
    def write_enrichments(self, items: Sequence[tuple[Article, Enrichment]], *,
                          term_documents: Mapping[str, Sequence[set[str]]] | None = None,
                          signatures: Sequence[tuple[str, bytes, Sequence[str], tuple[str, float] | None]] = (),
                          ) -> None:
        """Replace each article's enrichment (and its query tables) in one transaction.

        The same transaction adds ``term_documents`` (language -> each new article's terms, see
        :meth:`add_term_documents`) and saves ``signatures`` (see :meth:`save_signature`), so a
        crash never leaves an article enriched without its counts or its wire-copy signature.
        """

    @abstractmethod
    def add_term_documents(self, language: str, documents: Sequence[set[str]]) -> None:
        """Count each set of terms as one more document of ``language`` (for TF-IDF)."""

    @abstractmethod
    def term_frequencies(self, language: str, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """``(documents in language, document frequency of each term)``."""

    @abstractmethod
    def near_duplicates_by_band(self, bands: Sequence[str]) -> dict[str, dict[str, bytes]]:
        """The stored articles filed under each of these LSH band keys: band -> {id: MinHash signature}."""

    @abstractmethod
    def save_signature(self, article_id: str, signature: bytes, bands: Sequence[str],
                       group: tuple[str, float] | None) -> None:
        """Keep an article's signature and bands; ``group`` is ``(group id, similarity)`` if it is a copy."""

    def save_signatures(self, items: Sequence[tuple[str, bytes, Sequence[str], tuple[str, float] | None]]) -> None:
        """Many :meth:`save_signature` calls; a store overrides it to write them in one transaction."""
        for article_id, signature, bands, group in items:
            self.save_signature(article_id, signature, bands, group)

    @abstractmethod
    def copy_group_of(self, article_id: str) -> str | None: ...

    def copy_groups_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """The wire-copy group of each of those articles that has one; a store answers it in one query."""
        groups = {a: self.copy_group_of(a) for a in article_ids}
        return {a: g for a, g in groups.items() if g}

    @abstractmethod
    def copy_group(self, group_id: str) -> list[tuple[Article, float]]:
        """Members of a wire-copy group, first publisher first (by publication, then ingest time)."""

    # -- stories -------------------------------------------------------------------------------

    @abstractmethod
    def articles_to_cluster(self, limit: int | None = None) -> list[Article]:
        """Enriched articles not yet in a story, oldest first (publication time, else ingest time)."""

    @abstractmethod
    def ids_to_cluster(self) -> list[str]:
        """The ids :meth:`articles_to_cluster` would return, in its order, without reading the articles."""

    @abstractmethod
    def articles_by_ids(self, article_ids: Sequence[str]) -> list[Article]:
        """Those articles with their enrichment, in the order given; ids not stored are left out."""

    @abstractmethod
    def live_stories(self, since: datetime) -> list[StoryRecord]:
        """Stories (not merged away) with an article at or after ``since``, with their state."""

    @abstractmethod
    def save_stories(self, records: Sequence[StoryRecord], assignments: Sequence[tuple[str, str, float, datetime]],
                     merged: Mapping[str, str]) -> None:
        """In one transaction: upsert stories, add ``(article, story, similarity, time)`` memberships,
        and point every member and alias of a merged-away story at its survivor."""

    @abstractmethod
    def reset_stories(self, since: datetime | None = None) -> int:
        """Forget every story active since ``since`` (all without it); returns articles set free."""

    @abstractmethod
    def list_stories(self, flt: StoryFilter) -> list[Story]:
        """Stories touching the period, most recent activity first."""

    @abstractmethod
    def story_breadth(self, flt: StoryFilter) -> dict[str, tuple[int, int]]:
        """``{story id: (languages, outlets)}`` of the stories :meth:`list_stories` would list (no limit).

        What a ranking needs of every candidate, without reading whole story records.
        """

    @abstractmethod
    def count_stories(self, flt: StoryFilter) -> int:
        """How many stories :meth:`list_stories` would list without a limit."""

    @abstractmethod
    def get_story(self, story_id: str) -> Story | None:
        """By id, id prefix, or the id of a story since merged into another."""

    @abstractmethod
    def continuations(self, story_id: str) -> list[Story]:
        """Stories that continue ``story_id`` (its next day's stories when stories are daily)."""

    @abstractmethod
    def story_members(self, story_id: str) -> list[tuple[Article, float]]:
        """Articles of a story with their similarity when they joined, oldest first."""

    @abstractmethod
    def story_activity(self, story_ids: Sequence[str], bucket: Bucket,
                       since: datetime | None = None) -> dict[str, dict[str, tuple[int, int]]]:
        """Per story, per time bucket: ``(articles, distinct outlets)``."""

    @abstractmethod
    def story_of(self, article_id: str) -> str | None: ...

    # -- trends --------------------------------------------------------------------------------

    @abstractmethod
    def facet_counts(self, kind: FacetKind, bucket: Bucket, flt: TrendFilter,
                     values: Sequence[str] | None = None) -> list[tuple[str, str, int]]:
        """``(bucket, value, articles)`` for one kind of facet, optionally only some values."""

    def top_facets(self, kind: FacetKind, flt: TrendFilter, limit: int) -> list[str]:
        """The ``limit`` values with the most articles in the slice (ties by value); a store may do it in SQL."""
        totals: dict[str, int] = {}
        for _, value, n in self.facet_counts(kind, "day", flt):
            totals[value] = totals.get(value, 0) + n
        return [v for v, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]

    def facets_in_bucket(self, kind: FacetKind, bucket: Bucket, flt: TrendFilter, key: str,
                         at_least: int) -> list[tuple[str, int, int]]:
        """``(value, articles in bucket key, articles in the slice)`` of the values with ``at_least`` in that bucket.

        Why: what is rising today needs only the values seen today; a store may
        filter them in SQL instead of handing over every value of the period.
        """
        found: dict[str, list[int]] = {}
        for b, value, n in self.facet_counts(kind, bucket, flt):
            counts = found.setdefault(value, [0, 0])
            counts[1] += n
            if b == key:
                counts[0] += n
        return [(v, c[0], c[1]) for v, c in found.items() if c[0] >= at_least]

    @abstractmethod
    def bucket_totals(self, bucket: Bucket, flt: TrendFilter) -> dict[str, int]:
        """Articles per time bucket in the slice: the denominator of a share."""

    @abstractmethod
    def facet_labels(self, kind: FacetKind, values: Sequence[str]) -> dict[str, str]:
        """A readable label per value (an entity's most used name; the value itself otherwise)."""

    @abstractmethod
    def articles_with(self, kind: FacetKind, value: str, flt: TrendFilter, limit: int = 5000) -> list[str]:
        """Ids of articles in the slice carrying this facet value."""

    @abstractmethod
    def facets_of(self, article_ids: Sequence[str],
                  kinds: Sequence[FacetKind] = ("keyword", "entity")) -> list[tuple[str, str, str]]:
        """``(article id, kind, value)`` of every facet of these kinds on these articles."""

    @abstractmethod
    def article_briefs(self, article_ids: Sequence[str]) -> list[tuple[str, str | None, str | None, str]]:
        """``(id, outlet, language, UTC time)`` of these articles."""

    @abstractmethod
    def facet_document_counts(self, kind: FacetKind, values: Sequence[str], flt: TrendFilter) -> dict[str, int]:
        """How many articles in the slice carry each value."""

    @abstractmethod
    def count_in(self, flt: TrendFilter) -> int:
        """Articles in the slice."""

    # -- browsing (API, dashboard, exports) -----------------------------------------------------

    @abstractmethod
    def search_quotes(self, flt: ArticleFilter, *, speaker: str | None = None,
                      text: str | None = None) -> tuple[int, list[QuoteHit]]:
        """Quotes in the articles ``flt`` selects, by speaker (folded key or part of the name) and/or
        a piece of the quote; ``(total, page)`` newest first, paged by ``flt.limit``/``flt.offset``."""

    @abstractmethod
    def entity_counts(self, flt: TrendFilter, *, kind: str | None = None, query: str | None = None,
                      limit: int = 50, offset: int = 0) -> tuple[int, list[FacetCount]]:
        """Entities by articles in the slice, optionally one kind or names containing ``query``."""

    @abstractmethod
    def source_counts(self, flt: TrendFilter) -> list[FacetCount]:
        """Outlets by articles in the slice (``kind`` holds their languages, comma separated)."""

    @abstractmethod
    def list_copy_groups(self, flt: TrendFilter, *, limit: int = 50,
                         offset: int = 0) -> tuple[int, list[CopyGroup]]:
        """Wire-copy groups whose first article is in the slice, biggest first."""

    @abstractmethod
    def pair_weights(self, flt: TrendFilter, limit: int) -> list[tuple[str, float, int]]:
        """``(pair, summed weight, articles)`` of the ``limit`` heaviest country pairs in the slice.

        Heaviest first, ties by articles then pair.  A time window counts dated articles only (as the
        per-hour counts do); without one, undated articles count too.
        """

    # -- outlets: records and the per-day counts of their signals (store/sql/outlets.py) ----------

    @abstractmethod
    def save_outlet(self, outlet: Outlet) -> None:
        """Upsert a record of an outlet, by name and origin (``user``: yours, or an imported file's); every
        field as given."""

    @abstractmethod
    def record_input_outlets(self, outlets: Sequence[Outlet]) -> int:
        """Upsert what inputs declared about outlets (origin ``input``: kept apart from the user's record,
        which wins), keeping what earlier inputs gave and these leave out; how many records changed."""

    @abstractmethod
    def outlet_records(self) -> list[Outlet]:
        """Every user and input record, by name (the user's first)."""

    @abstractmethod
    def delete_outlet(self, name: str) -> bool:
        """Remove the user's record of an outlet (an input's stays); whether there was one."""

    @abstractmethod
    def outlet_sources(self) -> dict[str, str | None]:
        """Every stored source name with articles (``''``: articles without one) and one URL of it."""

    @abstractmethod
    def outlet_languages(self) -> dict[str, set[str]]:
        """Every stored source name with articles -> the languages its articles are in."""

    @abstractmethod
    def outlet_day_counts(self, since: str | None, until: str | None,
                          language: str | None) -> list[tuple[str, str, str, int, int, int, int, int, str, str, int]]:
        """``(source, credit, language, articles, headline-only, quoted, body chars, days with articles,
        first day, last day, dated articles)`` over the UTC days ``since <= day < until`` (``YYYY-MM-DD``; undated
        articles, day ``''``, count only without bounds; a first or last day ``''``: none dated)."""

    @abstractmethod
    def outlet_active_days(self, sources: Sequence[str], since: str | None, until: str | None,
                           language: str | None) -> list[tuple[str, str, str]]:
        """``(source, credit, day)`` of each dated day with articles of these sources over those days."""

    @abstractmethod
    def outlet_length_counts(self, since: str | None, until: str | None,
                             language: str | None) -> list[tuple[str, str, int, int, int]]:
        """``(source, credit, length bucket, articles, body chars)`` over those days."""

    @abstractmethod
    def outlet_topic_counts(self, flt: TrendFilter) -> list[tuple[str, str, int]]:
        """``(source, topic, articles)`` in the slice (from the per-hour counts)."""

    @abstractmethod
    def outlet_articles(self, sources: Mapping[str, Sequence[str] | None], since: str | None, until: str | None,
                        language: str | None, *, signal: str = "all", topic: str | None = None,
                        ids: Sequence[str] | None = None, limit: int = 50,
                        offset: int = 0) -> tuple[int, list[Article]]:
        """``(total, page)`` of the articles behind an outlet's figure, newest first.

        ``sources``: source name -> the credited agencies to take (``None``: all of them); the UTC days
        ``since <= day < until``; ``signal``: ``all``, ``quoted`` or ``headline_only``; ``ids``: only
        these articles (the copy figures, found by :func:`newsradar.outlets.signals.outlet_signals`).
        """

    @abstractmethod
    def outlet_copy_members(self, since: str | None, until: str | None,
                            language: str | None) -> list[tuple[str, str, int, str, str, str, str]]:
        """``(article, group, place, day, source, credit, language)`` of every member of the copy groups
        with a member on those days, each group in publication order (place 0 published first)."""

    # -- the mirror: one country's outlets on another (store/sql/mirror.py) ------------------------

    @abstractmethod
    def outlet_counts(self, flt: TrendFilter, sources: Sequence[str], country: str | None = None, *,
                      by: Literal["day", "hour", "source"] = "day") -> dict[str, int]:
        """Articles by these outlets (exact names) in the slice, only those naming ``country`` if given,
        per UTC day or hour (key ``''``: undated, which count only without a time window) or per
        outlet; ``flt.source`` is ignored."""

    @abstractmethod
    def outlet_coverage(self, flt: TrendFilter, sources: Sequence[str], country: str, *,
                        limit: int = 10) -> OutletCoverage:
        """Stories, topics, people, organisations and speakers of the articles by these outlets in the
        slice that name ``country``."""

    @abstractmethod
    def story_presence(self, story_ids: Sequence[str], flt: TrendFilter, sources: Sequence[str], *,
                       first: bool = False) -> list[tuple[str, str, int, str | None]]:
        """``(story, outlet, articles, first UTC publication time)`` of these outlets' articles in the
        slice in these stories; the time only with ``first`` (``None``: none of them is dated)."""

    # -- live monitoring (watch, alerts) --------------------------------------------------------
    # Feed status, fetched article URLs, watchlists, alerts and webhook attempts (store/monitor.py
    # holds the records; store/sql/monitor.py the SQL both stores run, in plain portable SQL).

    @abstractmethod
    def add_feeds(self, feeds: Sequence[tuple[str, str | None]]) -> int:
        """Register ``(url, title)`` feeds to poll (known ones keep their state); returns how many were new."""

    @abstractmethod
    def remove_feed(self, url: str) -> bool: ...

    @abstractmethod
    def list_feeds(self) -> list[FeedStatus]:
        """Every registered feed with its polling state, by URL."""

    @abstractmethod
    def get_feed(self, url: str) -> FeedStatus | None: ...

    @abstractmethod
    def save_feed_status(self, status: FeedStatus) -> None:
        """Upsert a feed's state after a poll (validators, errors, next poll); ``articles`` is left to
        :meth:`record_fetches`, which counts it."""

    @abstractmethod
    def known_urls(self, urls: Sequence[str]) -> set[str]:
        """Which of these article URLs need no fetch: stored as an article, or given up on for good."""

    @abstractmethod
    def fetch_attempts(self, urls: Sequence[str]) -> dict[str, int]:
        """How many times each URL was fetched before (absent: never)."""

    @abstractmethod
    def record_fetches(self, records: Sequence[FetchRecord]) -> None:
        """Record fetch outcomes in one transaction and count stored articles on their feeds."""

    @abstractmethod
    def pending_fetches(self, limit: int = 1000) -> list[PendingFetch]:
        """URLs that failed for now (state ``retry``), oldest first, with the feed entry kept for them."""

    @abstractmethod
    def add_watchlist(self, watchlist: Watchlist) -> Watchlist:
        """Add (or replace, by name) a watchlist."""

    @abstractmethod
    def list_watchlists(self) -> list[Watchlist]: ...

    @abstractmethod
    def remove_watchlist(self, name_or_id: str) -> bool: ...

    @abstractmethod
    def watch_matches(self, watchlist: Watchlist, enriched_after: str | None, limit: int = 1000) -> list[WatchMatch]:
        """Enriched articles matching a watchlist, enriched after the marker (all without one), oldest first."""

    @abstractmethod
    def latest_enrichment(self) -> str | None:
        """The newest ``enriched_at`` stamp, as stored (the alert checker's marker)."""

    @abstractmethod
    def record_alerts(self, alerts: Sequence[Alert]) -> list[Alert]:
        """Insert alerts not recorded before (one per watchlist, event and subject); returns the new ones."""

    @abstractmethod
    def list_alerts(self, *, limit: int = 50, offset: int = 0,
                    watchlist: str | None = None) -> tuple[int, list[Alert]]:
        """``(total, page)`` of alerts, newest first, optionally of one watchlist (name or id)."""

    @abstractmethod
    def alerts_to_deliver(self, now: datetime, limit: int = 100) -> list[Alert]:
        """Pending alerts whose next webhook attempt is due."""

    @abstractmethod
    def record_delivery(self, attempt: DeliveryAttempt, delivery: str, next_attempt: datetime | None) -> None:
        """Log one webhook attempt and set the alert's delivery state, in one transaction."""

    @abstractmethod
    def delivery_attempts(self, alert_id: str) -> list[DeliveryAttempt]: ...

    @abstractmethod
    def get_marker(self, name: str) -> str | None:
        """A named progress marker of the monitor (e.g. the last enrichment alerts were checked to)."""

    @abstractmethod
    def set_marker(self, name: str, value: str) -> None: ...

    def data_version(self) -> str:
        """A text that changes with every write of articles, enrichments or stories (see sql/data_version.py)."""
        return self.get_marker("data_version") or "0"

    # -- end of live monitoring ------------------------------------------------------------------

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
