"""Watchlists and the alerts they raise.

A watchlist names a keyword (full-text, every word must occur), an entity (any
spelling the gazetteer folds to the same key), a country (ISO code), a country
pair (``KR-VN``) or an outlet.  After each polling cycle the checker looks at
the articles enriched since its marker: a matching story that has no alert yet
for this watchlist gets one ("story"), and a watched value whose share of the
newest time bucket bursts (the same z-score as ``newsradar rising``) gets one
per burst ("burst").  Alerts are unique per watchlist, event and subject, so
re-running the checker -- after a crash, or twice -- never repeats an alert.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from ..enrich.entities import entity_key
from ..errors import ConfigError
from ..store import Store
from ..store.base import Bucket, FacetKind, TrendFilter
from ..store.monitor import WATCH_KINDS, Alert, Watchlist, WatchMatch
from ..trends import rising

MARKER = "alerts.enriched_after"
#: The facet each watch kind bursts on (outlets have none).
_BURST_FACET: dict[str, FacetKind] = {"keyword": "keyword", "entity": "entity", "country": "country", "pair": "pair"}


def make_watchlist(kind: str, value: str, *, name: str | None = None, bursts: bool = True) -> Watchlist:
    """A watchlist from what a user typed, with the key its matches are looked up by."""
    kind = kind.strip().lower()
    value = value.strip()
    if kind not in WATCH_KINDS:
        raise ConfigError(f"watchlist kind {kind!r}: use one of {', '.join(WATCH_KINDS)}")
    if not value:
        raise ConfigError("watchlist value is empty")
    if kind == "entity":
        key = entity_key(value)
    elif kind == "country":
        key = value.upper()
        if not re.fullmatch(r"[A-Z]{2}", key):
            raise ConfigError(f"country {value!r}: use a two-letter ISO code such as VN, KR, CN, US")
    elif kind == "pair":
        parts = [p.strip().upper() for p in re.split(r"[-,/ ]+", value) if p.strip()]
        if len(parts) != 2 or not all(re.fullmatch(r"[A-Z]{2}", p) for p in parts) or parts[0] == parts[1]:
            raise ConfigError(f"pair {value!r}: use two different ISO codes such as KR-VN")
        key = "-".join(sorted(parts))
    elif kind == "keyword":
        key = value
    else:
        key = value
    return Watchlist(name=name or f"{kind}:{value}", kind=kind, value=value, key=key, bursts=bursts)


class AlertChecker:
    """Turns new matches and bursts into recorded alerts (delivery is :mod:`.webhook`'s job)."""

    def __init__(self, store: Store, *, bucket: Bucket = "hour", baseline: int = 24, min_articles: int = 2,
                 webhook: bool = False) -> None:
        self.store = store
        self.bucket: Bucket = bucket
        self.baseline = baseline
        self.min_articles = min_articles
        self.webhook = webhook

    def check(self) -> list[Alert]:
        """Record the alerts due since the last check; returns the ones that are new."""
        marker = self.store.get_marker(MARKER)
        upto = self.store.latest_enrichment()
        if upto is None or upto == marker:
            return []
        found: list[Alert] = []
        for watchlist in self.store.list_watchlists():
            created = watchlist.created_at.isoformat() if watchlist.created_at else None
            after = max(filter(None, (marker, created)), default=None)
            matches = self.store.watch_matches(watchlist, after)
            found += self._story_alerts(watchlist, matches)
            if watchlist.bursts and matches and watchlist.kind in _BURST_FACET:
                found += self._burst_alerts(watchlist)
        new = self.store.record_alerts(found)
        self.store.set_marker(MARKER, upto)
        return new

    def _delivery(self) -> str:
        return "pending" if self.webhook else "off"

    def _story_alerts(self, watchlist: Watchlist, matches: Sequence[WatchMatch]) -> list[Alert]:
        by_subject: dict[str, list[WatchMatch]] = {}
        for match in matches:
            by_subject.setdefault(match.story_id or f"article:{match.article_id}", []).append(match)
        alerts = []
        for subject, members in by_subject.items():
            story = self.store.get_story(subject) if not subject.startswith("article:") else None
            first = members[0]
            alerts.append(Alert(
                watchlist_id=watchlist.id, watchlist=watchlist.name, event="story", subject=subject,
                title=story.title if story else first.title, delivery=self._delivery(),
                detail={
                    "watch": {"kind": watchlist.kind, "value": watchlist.value},
                    "story": story.id if story else None,
                    "story_articles": story.articles if story else len(members),
                    "articles": [{"id": m.article_id, "title": m.title, "source": m.source, "language": m.language,
                                  "url": m.url, "time": m.time} for m in members[:10]],
                },
            ))
        return alerts

    def _burst_alerts(self, watchlist: Watchlist) -> list[Alert]:
        facet = _BURST_FACET[watchlist.kind]
        value = watchlist.key.casefold() if facet == "keyword" else watchlist.key
        found = rising(self.store, facet, TrendFilter(), bucket=self.bucket, baseline=self.baseline,
                       min_articles=self.min_articles, limit=1000)
        # a watched word bursts as itself or inside a name keyword ("kaluma" in "typhoon kaluma"): one per bucket
        found = sorted((b for b in found if b.value == value or (facet == "keyword" and value in b.value.split())),
                       key=lambda b: b.value != value)[:1]
        alerts = []
        for burst in found:
            alerts.append(Alert(
                watchlist_id=watchlist.id, watchlist=watchlist.name, event="burst",
                subject=f"{self.bucket}:{burst.since}", delivery=self._delivery(),
                title=f"{burst.label} is rising: {burst.articles} articles against {burst.expected:g} expected",
                detail={"watch": {"kind": watchlist.kind, "value": watchlist.value}, "bucket": self.bucket,
                        "since": burst.since, "score": burst.score, "articles": burst.articles,
                        "expected": burst.expected},
            ))
        return alerts


def bucket_setting(value: str) -> Bucket:
    if value not in ("hour", "day"):
        raise ConfigError(f"alert bucket {value!r}: use hour or day")
    return cast(Bucket, value)
