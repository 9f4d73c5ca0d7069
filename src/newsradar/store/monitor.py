"""Typed records of live monitoring: feed status, fetched URLs, watchlists, alerts, webhook attempts.

They live next to the store interface because every store (SQLite now,
PostgreSQL later) reads and writes the same records; the polling and alerting
code in :mod:`newsradar.watch` only ever sees these.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

WatchKind = Literal["keyword", "entity", "country", "pair", "outlet"]
WATCH_KINDS: tuple[str, ...] = ("keyword", "entity", "country", "pair", "outlet")
#: What happened to a URL found in a feed: stored as an article, given up on for good, or to retry.
FetchState = Literal["stored", "gone", "retry"]
#: Where an alert's webhook delivery stands.
DeliveryState = Literal["pending", "sent", "failed", "off"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@dataclass(slots=True)
class FeedStatus:
    """One polled feed (RSS/Atom or sitemap) and what the last polls found."""

    url: str
    title: str | None = None
    kind: str | None = None  # "feed" or "sitemap", once seen
    etag: str | None = None
    last_modified: str | None = None
    last_polled: datetime | None = None
    last_ok: datetime | None = None
    last_status: int | None = None
    last_error: str | None = None
    errors: int = 0  # consecutive failed polls; drives the retry backoff
    next_poll: datetime | None = None
    entries: int = 0  # links seen in the last successful poll
    articles: int = 0  # articles this feed brought in, all polls together
    added_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("last_polled", "last_ok", "next_poll", "added_at"):
            data[name] = _iso(getattr(self, name))
        return data


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """The outcome of fetching one article URL a feed listed."""

    url: str
    feed_url: str | None
    state: FetchState
    article_id: str | None = None
    error: str | None = None
    entry: dict[str, Any] | None = None  # the feed entry's fields, kept while a retry is pending


@dataclass(frozen=True, slots=True)
class PendingFetch:
    """A URL whose fetch failed for now and waits for the next cycle."""

    url: str
    feed_url: str | None
    attempts: int
    entry: dict[str, Any] | None


@dataclass(slots=True)
class Watchlist:
    """Something a desk wants to hear about: a keyword, an entity, a country, a country pair or an outlet."""

    name: str
    kind: str
    value: str  # as the user typed it
    key: str  # what is matched: folded entity key, "KR-VN", "VN", a full-text query, an outlet name
    bursts: bool = True  # also alert when the value bursts (not only when a story appears)
    id: str = ""
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = hashlib.sha1(f"{self.kind}\x1f{self.key}\x1f{self.name}".encode()).hexdigest()[:12]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = _iso(self.created_at)
        return data


@dataclass(frozen=True, slots=True)
class WatchMatch:
    """An enriched, clustered article that matches a watchlist."""

    article_id: str
    story_id: str | None
    title: str
    source: str | None
    language: str | None
    url: str | None
    time: str  # UTC text of publication (ingest time when undated)


@dataclass(slots=True)
class Alert:
    """A matching story appeared, or a watched value burst; recorded once, then sent to the webhook."""

    watchlist_id: str
    watchlist: str  # its name, kept so an alert still reads after the watchlist is removed
    event: str  # "story" or "burst"
    subject: str  # story id for "story", time bucket for "burst": one alert per subject
    title: str
    detail: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    created_at: datetime | None = None
    delivery: str = "pending"
    attempts: int = 0
    next_attempt: datetime | None = None
    last_error: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = hashlib.sha1(f"{self.watchlist_id}\x1f{self.event}\x1f{self.subject}".encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["created_at"] = _iso(self.created_at)
        data["next_attempt"] = _iso(self.next_attempt)
        return data


@dataclass(frozen=True, slots=True)
class DeliveryAttempt:
    """One POST of an alert to the webhook."""

    alert_id: str
    attempt: int
    at: datetime
    status: int | None  # HTTP status; None when no answer came
    error: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"alert_id": self.alert_id, "attempt": self.attempt, "at": self.at.isoformat(),
                "status": self.status, "error": self.error}
